"""One entry point for every front end: load, check, and decide the build date.

The CLI and the MkDocs plugin both call :func:`prepare`; neither repeats its steps.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .checks import check
from .findings import ContentError, Finding, errors
from .load import Content, load
from .publication import Publication, State, publication, publication_findings

AS_OF_ENV = "COALITION_AS_OF"
EPOCH_ENV = "SOURCE_DATE_EPOCH"
LATE_MODES = ("warn", "error", "info")


class ConfigurationError(Exception):
    """A setting (option or environment variable) is wrong; the message says which."""


@dataclass(frozen=True)
class Prepared:
    """Validated content, the build date, and where every meeting's minutes stand."""

    content: Content
    as_of: dt.date
    target_days: int
    publications: dict[str, Publication]  # by meeting id, in meeting order
    findings: list[Finding]  # warnings only: errors raise

    def in_state(self, *states: State) -> list[Publication]:
        return [p for p in self.publications.values() if p.state in states]


def resolve_as_of(option: str | dt.date | None, timezone: str) -> dt.date:
    """``COALITION_AS_OF`` wins over the option; without either, today in ``timezone``."""
    raw = os.environ.get(AS_OF_ENV) or option
    source = AS_OF_ENV if os.environ.get(AS_OF_ENV) else "as_of"
    if raw is None or raw == "":
        return dt.datetime.now(ZoneInfo(timezone)).date()
    if isinstance(raw, dt.date):
        return raw
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(raw)):
        raise ConfigurationError(f"{source}: {raw!r} is not a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ConfigurationError(f"{source}: {raw} is not a date") from None


def prepare(content_dir: str | Path, *, as_of: str | dt.date | None = None,
            target_days: int | None = None, late: str = "warn",
            fail_on_overdue: bool = True) -> Prepared:
    """Load and check everything; raise ContentError listing every error at once."""
    if late not in LATE_MODES:
        raise ConfigurationError(f"late: {late!r} should be one of {', '.join(LATE_MODES)}")
    content = load(content_dir)
    day = resolve_as_of(as_of, content.coalition.timezone)
    target = target_days or content.coalition.publication_target_days
    findings = check(content, day)
    publications = {mid: publication(mid, m, day, target) for mid, m in content.meetings.items()}
    paths = {mid: content.source("meeting", mid).path for mid in content.meetings}
    pub_findings = publication_findings(list(publications.values()), paths, target, late,
                                        "error" if fail_on_overdue else "warn")
    findings = sorted(findings + pub_findings)
    if errors(findings):
        raise ContentError(findings)
    return Prepared(content, day, target, publications, findings)


def source_date_epoch(as_of: dt.date) -> int:
    """The build's timestamp for the dates tools stamp (sitemap, gzip): midnight UTC of ``as_of``.

    Used as ``SOURCE_DATE_EPOCH`` when the environment sets none, so the same content and
    ``as_of`` give the same bytes on any day (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    return int(dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc).timestamp())
