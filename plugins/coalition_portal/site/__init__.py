"""The site: the site model's views, every public URL, every generated page, rendering, and
the templates and theme overrides."""
