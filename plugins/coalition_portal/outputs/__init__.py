"""Outputs: feeds, the calendar, the open data (with its models and schema) and writing them."""
