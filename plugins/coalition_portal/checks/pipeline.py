"""One entry point for every front end: load, check, and decide the build date.

The CLI and the MkDocs plugin both call :func:`prepare` with one :class:`Settings`;
neither repeats its steps.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..content.attachments import MEGABYTE, MeetingFiles, discover
from ..content.findings import ContentError, Finding, errors
from ..content.load import Content, read
from ..content.parse_cache import ParsedFiles
from ..settings import ConfigurationError, Settings
from . import git_history
from .publication import Publication, State, publication, publication_findings
from .punctuality import Punctuality
from .punctuality import compute as compute_punctuality
from .references import check
from .vital_signs import Sign
from .vital_signs import compute as compute_vital_signs

AS_OF_ENV = "COALITION_AS_OF"
EPOCH_ENV = "SOURCE_DATE_EPOCH"

__all__ = ["AS_OF_ENV", "EPOCH_ENV", "ConfigurationError", "Prepared", "prepare", "resolve_as_of",
           "source_date_epoch"]


@dataclass(frozen=True)
class Prepared:
    """Validated content, the build date, and where every meeting's minutes stand."""

    content: Content
    as_of: dt.date
    target_days: int  # the settings' target_days, else coalition.yml's
    publications: dict[str, Publication]  # by meeting id, in meeting order
    findings: list[Finding]  # warnings only: errors raise
    proof: git_history.Proof | None = None  # what git proves about the published dates
    punctuality: Punctuality | None = None
    vital_signs: tuple[Sign, ...] = ()
    settings: Settings = Settings()
    # each meeting's attachments and where its minutes' text is (meetings with either)
    attachments: dict[str, MeetingFiles] = field(default_factory=dict)

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


def prepare(content_dir: str | Path, settings: Settings | None = None, *,
            fail_on_overdue: bool = True, parsed: ParsedFiles | None = None) -> Prepared:
    """Load and check everything; raise ContentError listing every error at once.

    Every stage runs over what can be checked: a record that fails its model is checked
    for what is left of it (``content.salvage``), and the checks never judge what was cut.

    ``settings`` holds the options (publication target, late mode, back-dating, vital-sign
    thresholds...); ``parsed`` what an earlier run parsed (``coalition validate``, a preview).
    With ``fail_on_overdue`` false, overdue minutes are warnings (validate, status).

    ``back_dating`` (error / warn / off) compares each claimed publication date with
    the git history of the content folder; back-dated minutes count with git's date.
    """
    settings = settings or Settings()
    content, load_findings = read(content_dir, parsed)
    if content is None:  # no coalition.yml or roles.yml to check the rest against
        raise ContentError(load_findings)
    day = resolve_as_of(settings.as_of, content.coalition.timezone)
    target = settings.target_days or content.coalition.publication_target_days
    findings = check(content, day)
    attachments, attachment_findings = discover(content, settings.attachment_max_mb * MEGABYTE,
                                                settings.attachments_total_max_mb * MEGABYTE)
    findings += attachment_findings
    paths = {mid: content.source("meeting", mid).path for mid in content.meetings}
    proof, proof_findings = _proof(content, paths, settings.back_dating,
                                   settings.back_dating_tolerance_days, settings.imported_until)
    proven = proof.proven_dates()
    publications = {mid: publication(mid, m, day, target, proven.get(mid))
                    for mid, m in content.meetings.items()}
    pub_findings = publication_findings(_judged(content, publications, settings), paths, target,
                                        settings.late, "error" if fail_on_overdue else "warn")
    findings = sorted(load_findings + findings + pub_findings + proof_findings)
    if errors(findings):
        raise ContentError(findings)
    return Prepared(content, day, target, publications, findings, proof,
                    compute_punctuality(publications, content.meetings, day, target, proof),
                    compute_vital_signs(content, publications, day, target, settings.thresholds),
                    settings, attachments)


def _judged(content: Content, publications: dict[str, Publication],
            settings: Settings) -> list[Publication]:
    """The publications the publication check may judge: not those of a meeting whose
    status or minutes' published date failed its model, nor any when the target did."""
    if settings.target_days is None and not content.source("coalition").known(
            "publication_target_days"):
        return []
    sources = [content.source("meeting", mid) for mid in publications]
    return [p for p, src in zip(publications.values(), sources)
            if src.known("status") and src.known("minutes", "published")]


def _proof(content: Content, paths: dict[str, str], mode: str, tolerance_days: int,
           imported_until: dt.date | None) -> tuple[git_history.Proof, list[Finding]]:
    """Ask git when each meeting's minutes first appeared (unless switched off)."""
    if mode == "off":
        return git_history.check_off(), []
    claims = {mid: m.minutes.published for mid, m in content.meetings.items()
              if m.minutes is not None and m.minutes.published is not None}
    # imported from a source archive: the commit it names proves the date, not this repository
    sourced = frozenset(mid for mid in claims if content.meetings[mid].source is not None)
    proof = git_history.prove(content.root, content.coalition.timezone, claims, paths,
                              tolerance_days=tolerance_days, imported_until=imported_until,
                              sourced=sourced)
    return proof, git_history.proof_findings(proof, mode, content.root.resolve().name)


def source_date_epoch(as_of: dt.date) -> int:
    """The build's timestamp for the dates tools stamp (sitemap, gzip): midnight UTC of ``as_of``.

    Used as ``SOURCE_DATE_EPOCH`` when the environment sets none, so the same content and
    ``as_of`` give the same bytes on any day (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    return int(dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc).timestamp())
