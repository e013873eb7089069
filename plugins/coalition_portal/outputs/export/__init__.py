"""Open data: the whole record as ``coalition.json`` and as CSV tables, with their schema.

``coalition.json`` is Popolo-shaped where Popolo has a term (persons,
organizations, memberships, posts, events, motions, vote_events with counts
and votes) and adds the platform versions, amendments, endorsements and
attendance.  The CSV files are flat tables for spreadsheets: one row per fact,
never several values packed in a cell (votes, attendance, memberships,
endorsements have their own tables).  Every format uses the same ids: the
content's record ids (member, meeting, decision, platform version, amendment,
endorsement, role).

Each row and object is a pydantic model with a description per field; the JSON
Schema (``schema/coalition-export.schema.json``) and the open-data page's data
dictionary are generated from those models, so they cannot drift apart.

  fields    the shared field types, the glossary of field meanings, the base model
  models    the models of coalition.json
  document  building coalition.json from the site model, and writing it
  tables    the CSV row models and their rows, and writing a CSV file
  schema    the JSON Schema and the data dictionary

This package's names are what the rest of the portal uses.
"""

from .document import build_export, render_json
from .models import Export
from .schema import SCHEMA_NAME, data_dictionary, export_schema
from .tables import CSV_FILES, csv_rows, render_csv

__all__ = [
    "CSV_FILES",
    "SCHEMA_NAME",
    "Export",
    "build_export",
    "csv_rows",
    "data_dictionary",
    "export_schema",
    "render_csv",
    "render_json",
]
