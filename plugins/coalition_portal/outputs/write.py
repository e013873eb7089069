"""Writing the portal's files besides its pages: feeds, the calendar, the open data, the
site's robots.txt and the feeds' sitemaps (:mod:`.crawl`), and the meetings' attachments
(copied from content/meetings/<id>/ to meetings/<id>/files/).

:func:`write_outputs` renders everything from the site model, checks the export
(shaped like its schema, not empty), and only then writes into the site
folder; the caller writes into a staging folder, so a failure here leaves the
last good site in place.  :func:`open_data` describes the downloads for the
open-data page (made in :mod:`..site.pages`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel, ValidationError

from ..site import urls
from ..site.catalogue import OpenData, OutputOptions
from ..site.model import Site
from . import crawl, export, feeds
from .schema import render as render_schema

DOWNLOADS_NOTE = "SHA256SUMS"


class ExportError(Exception):
    """The open data could not be produced; the message says what is wrong."""


def data_files() -> list[str]:
    """Names of the downloads under ``data/``, in the order the open-data page lists them."""
    return ["coalition.json", *export.CSV_FILES, export.SCHEMA_NAME]


def render_data(site: Site, options: OutputOptions) -> dict[str, bytes]:
    """Site-relative path -> bytes of the calendar and every download, checked."""
    base = options.base_url
    # icalendar, and feedgen with lxml (outputs.feeds), are loaded only where the outputs
    # are made: by a build's second process, once forked (outputs.background), not by the
    # build's start, which waits for every import on one core
    from . import calendar
    out = {urls.CALENDAR: calendar.render_calendar(site, base, options.calendar_past_days)}
    out.update(calendar.meeting_calendars(site, base))  # an upcoming meeting's own .ics
    schema = export.export_schema()
    try:  # its objects are made as they are written: a long archive's votes are many
        parts = export.build_export(site, base)
        check_parts(parts, schema)
        data = {"coalition.json": export.render_json(parts)}
    except ValidationError as exc:  # a bug, but reported as a failed export, not a traceback
        raise ExportError(f"data/coalition.json could not be made: {exc}") from None
    rows = export.csv_rows(site, base)
    for name, model in export.CSV_FILES.items():
        try:  # rows made as they are written
            data[name] = export.render_csv(model, rows[name])
        except ValidationError as exc:  # a bug too
            raise ExportError(f"data/{name} could not be made: {exc}") from None
    data[export.SCHEMA_NAME] = render_schema(schema).encode("utf-8")
    _check_files(data)
    data[DOWNLOADS_NOTE] = checksums(data)
    out.update({urls.data_file(name): content for name, content in data.items()})
    return out


def check_export(data: dict[str, bytes], schema: dict) -> None:
    """Refuse an export that is missing, empty or not shaped like its schema.

    The document is serialized from the pydantic models its schema is generated from, so
    a cheap check of its shape is enough; a build makes it on the parts before they are
    written (:func:`check_parts`), and the full JSON Schema validation
    (:func:`validate_export`, a fifth of a long archive's build) runs in the test suite.
    """
    _check_files(data)
    document = json.loads(data["coalition.json"], object_pairs_hook=_shape)
    if not isinstance(document, dict):
        raise ExportError("data/coalition.json does not match its schema: not an object")
    kinds = {key: "array" if isinstance(value, list) else "object"
             for key, value in document.items() if isinstance(value, (list, dict))}
    organizations = document.get("organizations") or []
    _check_shape(kinds, [o.get("classification") for o in organizations
                         if isinstance(o, dict)], schema)


def _check_files(data: dict[str, bytes]) -> None:
    for name in data_files():
        if not data.get(name):
            raise ExportError(f"the open data file data/{name} is empty or missing")


def check_parts(parts: list[tuple[str, object]], schema: dict) -> None:
    """:func:`check_export`'s look at coalition.json, on :func:`..export.build_export`'s
    parts before they are written: a build checks its own document so (parsing the file
    it wrote again was a tenth of writing the outputs)."""
    kinds = {key: "object" if isinstance(value, BaseModel) else "array" for key, value in parts}
    organizations = dict(parts)["organizations"]  # a list: the coalition, then its members
    _check_shape(kinds, [getattr(o, "classification", None) for o in organizations], schema)


def _check_shape(kinds: dict[str, str], classifications: list, schema: dict) -> None:
    """The document's top-level values are what its schema requires (``kinds``: each key's
    "object" or "array"), and its organizations (their ``classifications``) hold the
    coalition."""
    for key in schema.get("required", ()):
        expected = schema["properties"][key].get("type", "object")
        if kinds.get(key) != expected:
            raise ExportError(f"data/coalition.json does not match its schema: {key} "
                              f"should be an {expected}")
    # a new coalition may have no members yet, but the export always holds the coalition
    if "coalition" not in classifications:
        raise ExportError("the open data would be empty: coalition.json does not describe "
                          "the coalition")


def _shape(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object reduced to what :func:`check_export` looks at: its nested objects and
    lists, and its classification.  Keeping every value of a long archive's export (a dict
    per vote cast) took more memory than any other step of the build."""
    kept = {key: value for key, value in pairs
            if key == "classification" or isinstance(value, (list, dict))}
    return kept or _NOTHING  # one shared empty object for the many (a vote) with nothing kept


_NOTHING: dict = {}  # never changed


def validate_export(data: dict[str, bytes], schema: dict) -> None:
    """:func:`check_export`, then coalition.json against its full JSON Schema."""
    import jsonschema  # only here: the build does not need it

    check_export(data, schema)
    document = json.loads(data["coalition.json"])
    validator = jsonschema.Draft202012Validator(schema,
                                                format_checker=jsonschema.FormatChecker())
    problems = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if problems:
        where = "/".join(str(p) for p in problems[0].absolute_path) or "(top)"
        raise ExportError(f"data/coalition.json does not match its schema "
                          f"({len(problems)} problem(s)); first at {where}: "
                          f"{problems[0].message}")


def checksums(data: dict[str, bytes]) -> bytes:
    """``sha256sum -c`` format, one line per download, sorted by name."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}\n"
             for name, content in sorted(data.items())]
    return "".join(lines).encode("ascii")


def write_outputs(site: Site, site_dir: str | Path, options: OutputOptions) -> list[str]:
    """Render, check and write every output into ``site_dir``; return the paths written.

    The open data is checked before anything is written; the feeds are then written as
    each is made, and each file let go once written (a long archive's outputs are
    hundreds of megabytes).
    """
    files = render_data(site, options)
    files.update(crawl.feed_sitemaps(site, options.base_url))  # they go with the feeds
    root = Path(site_dir)
    written = []
    for relative, content in _draining(files, feeds.iter_feeds(
            site, options.base_url, options.feed_length)):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(relative)
    missing = [r for r in written if not (root / r).is_file() or (root / r).stat().st_size == 0]
    if missing:
        raise ExportError(f"could not write {', '.join(missing)}")
    return sorted(written)


def write_robots(site_dir: str | Path, options: OutputOptions) -> bool:
    """robots.txt (:mod:`.crawl`) into a site being built, not ``coalition export``'s
    folder; one already there is the site's own (MkDocs copied it from docs/ into the fresh
    staging folder) and is kept.  True when it was written."""
    path = Path(site_dir) / urls.ROBOTS
    if not options.base_url or path.exists():
        return False
    path.write_bytes(crawl.robots_txt(options.base_url))
    return True


def copy_attachments(site: Site, site_dir: str | Path) -> list[str]:
    """Copy every meeting's attachments (content/meetings/<id>/) to their URLs beside the
    meeting pages (the build's, not ``coalition export``'s); return their paths."""
    site_dir = Path(site_dir)
    copied = []
    for relative, source in site.attachment_files():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            raise ExportError(f"could not copy the attachment {source} ({exc.strerror})") from None
        copied.append(relative)
    return copied


def _draining(files: dict[str, bytes], more: Iterator[tuple[str, bytes]]):
    """The items of ``files``, each removed as it is given, then those of ``more``."""
    while files:
        relative = next(iter(files))
        yield relative, files.pop(relative)
    yield from more


# --- what the open-data page says of the files -------------------------------------------


def open_data() -> OpenData:
    """The downloads and their data dictionary, read from the export's models and schema."""
    dictionary = export.data_dictionary(export.export_schema())
    return OpenData(tuple((name, _file_meaning(name, dictionary)) for name in data_files()),
                    DOWNLOADS_NOTE, dictionary)


def _file_meaning(name: str, dictionary: list[dict]) -> str:
    if name == "coalition.json":
        return ("The whole record in one file, shaped like Popolo (persons, organizations, "
                "memberships, posts, events, motions, vote events) with the platform, "
                "amendments, endorsements and attendance.")
    if name == export.SCHEMA_NAME:
        return "The JSON Schema of coalition.json and of each CSV file's rows."
    return next(d["meaning"] for d in dictionary if d["file"] == name)
