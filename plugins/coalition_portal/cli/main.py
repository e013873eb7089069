"""The ``coalition`` command: validate content, report publication status, write schemas."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from ..checks.pipeline import Prepared, prepare
from ..checks.publication import State
from ..content.findings import ContentError, errors, warnings
from ..content.parse_cache import ParsedFiles
from ..settings import ConfigurationError, Portal, Settings, portal_settings
from .options import CONFIG, CONTENT, JUDGING, setting_flags


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _settings(content_dir: Path | None, config_file: Path | None,
              flags: dict | None = None) -> Portal:
    """The content folder and the settings, as `mkdocs build` of the same portal uses them."""
    try:
        return portal_settings(config_file, content_dir, flags)
    except ConfigurationError as exc:
        _fail(f"error: {exc}")


def _prepare(content_dir: Path, settings: Settings, **options) -> Prepared:
    try:
        return prepare(content_dir, settings, **options)
    except ContentError as exc:
        problems, warned = errors(exc.findings), warnings(exc.findings)
        shown = sorted(problems + warned)
        counts = _plural(len(problems), "problem") + (
            f" and {_plural(len(warned), 'warning')}" if warned else "")
        _fail("\n".join(str(f) for f in shown) + f"\n{counts} found; nothing was changed.")
    except ConfigurationError as exc:
        _fail(f"error: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coalition-portal")
def main() -> None:
    """Coalition Portal: a coalition's record as a public site.

    \b
    Example:
      coalition validate content
      coalition status --as-of 2026-11-16

    Every command that judges content reads the `coalition` plugin's options of the
    portal's mkdocs.yml (--config), so it agrees with `mkdocs build`.
    """


@main.command()
@CONTENT
@CONFIG
@setting_flags(*JUDGING)
@click.option("--fresh", is_flag=True,
              help="Parse every file again, ignoring what earlier runs kept.")
def validate(content_dir: Path | None, config_file: Path | None, fresh: bool,
             flags: dict) -> None:
    """Check every content file and every reference between them.

    Prints one line per problem (file:line: field: message) and exits 1 when
    there is any; warnings (minutes published late, with `late: warn`) are printed
    and counted apart. Overdue minutes are reported by `coalition status` and the
    build, not here. A file unchanged since the last run is not parsed again
    (the parsed data is kept in ~/.cache/coalition-portal/); it is still
    validated and checked. The build always reads every file afresh.

    \b
    Example:
      coalition validate content
    """
    portal = _settings(content_dir, config_file, flags)
    content_dir, settings = portal.content_dir, portal.settings
    parsed = None if fresh else ParsedFiles.for_content(content_dir)
    prepared = _prepare(content_dir, settings, fail_on_overdue=False, parsed=parsed)
    content = prepared.content
    warned = warnings(prepared.findings)
    for finding in warned:
        click.echo(str(finding), err=True)
    click.echo(
        f"{content_dir}: valid — {len(content.members)} members, {len(content.meetings)} "
        f"meetings, {sum(len(m.decisions) for m in content.meetings.values())} decisions, "
        f"{len(content.platforms)} platform versions, {len(content.amendments)} amendments, "
        f"{len(content.endorsements)} endorsements"
        + (f"; {_plural(len(warned), 'warning')}" if warned else "")
    )


@main.command()
@CONTENT
@CONFIG
@setting_flags(*JUDGING)
def status(content_dir: Path | None, config_file: Path | None, flags: dict) -> None:
    """Show punctuality figures and overdue, pending and late minutes.

    Exits 1 when the build would fail on the same content: minutes overdue,
    minutes published late with `late: error`, or (with `back_dating: error`, the
    default) git showing minutes published later than they claim. The options of
    the `coalition` plugin in the portal's mkdocs.yml apply unless given here, so the
    figures match the site's.

    \b
    Example:
      coalition status --as-of 2026-11-16
      coalition status --imported-until 2026-11-16
    """
    portal = _settings(content_dir, config_file, flags)
    content_dir, settings = portal.content_dir, portal.settings
    # judged as the build judges, but every figure shown: what would fail it is listed here
    shown = dataclasses.replace(settings, late="warn", back_dating="off"
                                if settings.back_dating == "off" else "warn")
    prepared = _prepare(content_dir, shown, fail_on_overdue=False)
    paths = {mid: prepared.content.source("meeting", mid).path for mid in prepared.publications}
    click.echo(f"As of {prepared.as_of}; target: minutes public within "
               f"{prepared.target_days} days of the meeting.")
    sections = (
        (State.overdue, "Overdue", lambda p: f"due {p.due}, {p.days_overdue} days overdue"),
        (State.pending, "Pending", lambda p: f"due {p.due}"),
        (State.late, "Published late", lambda p: f"published {p.published}, {p.lag} days after"),
    )
    for state, title, describe in sections:
        rows = prepared.in_state(state)
        click.echo(f"\n{title}: {len(rows)}")
        for pub in rows:
            click.echo(f"  {paths[pub.meeting_id]}  {pub.meeting_date}  {describe(pub)}")
    _punctuality(prepared)
    for finding in warnings(prepared.findings):
        if finding.field != "minutes.published":
            click.echo(f"{finding}", err=True)
    back_dated = prepared.proof is not None and prepared.proof.back_dated
    if (prepared.in_state(State.overdue) or (back_dated and settings.back_dating == "error")
            or (prepared.in_state(State.late) and settings.late == "error")):
        sys.exit(1)


def _punctuality(prepared: Prepared) -> None:
    """The punctuality page's figures, and what git proves about them."""
    p, proof = prepared.punctuality, prepared.proof
    click.echo("\nPunctuality (lag: days from meeting to published minutes; on time: lag <= "
               f"{p.target_days}; only published minutes are counted; per meeting year):")
    for line in p.lines():
        click.echo(f"  {line}")
    if proof is None:
        return
    if proof.state == "proven":
        click.echo(f"\nChecked against git: {len(proof.confirmed)} confirmed, "
                   f"{len(proof.back_dated)} back-dated, {len(proof.imported)} imported, "
                   + (f"{len(proof.sourced)} from a source archive (taken as claimed), "
                      if proof.sourced else "")
                   + f"{len(proof.uncommitted)} not yet committed with their published date.")
        if proof.back_dated:
            click.echo(f"\nBack-dated: {len(proof.back_dated)} (figures use git's date)")
            for b in proof.back_dated:
                click.echo(f"  {b.path}  claims {b.claimed}, git shows {b.git_date} "
                           f"({b.days} days later)")
    elif proof.state != "off":
        click.echo(f"\nPublication dates cannot be proven from git: {proof.reason}.")


@main.command()
@click.option("--out", "folder", default="schema", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Only report files that differ from the models.")
def schema(folder: Path, check: bool) -> None:
    """Write the JSON Schema of each content file kind and of the open-data export.

    \b
    Example:
      coalition schema --out schema
      coalition schema --check
    """
    from ..outputs.schema import (  # export's imports: only here
        all_schemas,
        drifted,
        write_schemas,
    )

    schemas = all_schemas()
    if check:
        stale = drifted(folder, schemas)
        if stale:
            _fail(f"{folder}: out of date: {', '.join(stale)}; run `coalition schema`")
        click.echo(f"{folder}: {len(schemas)} schemas match the models")
        return
    written = write_schemas(folder, schemas)
    click.echo(f"{folder}: wrote {len(written)} of {len(schemas)} schemas")


@main.group("links")
def links_group() -> None:
    """The ledger of published addresses (content/links.yml): none may silently die.

    \b
    Example:
      mkdocs build && coalition links update content
    """


@links_group.command("update")
@CONTENT
@CONFIG
@click.option("--site", "site_dir", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="A built site whose feeds, calendar and exports are recorded too.")
def links_update(content_dir: Path | None, config_file: Path | None, site_dir: Path) -> None:
    """Record every address the portal publishes now in content/links.yml.

    Adds the pages of the current content and the feeds, calendar and exports of the last
    build in --site; never removes an address.

    \b
    Example:
      mkdocs build && coalition links update content
    """
    from ..portal import build_site
    from ..publish import links

    portal = _settings(content_dir, config_file)
    content_dir = portal.content_dir
    prepared = _prepare(content_dir, portal.settings, fail_on_overdue=False)
    current = links.current_urls(build_site(prepared), site_dir)
    ledger = prepared.content.links
    new = links.unrecorded(ledger, current) if ledger else sorted(current)
    (content_dir / links.LEDGER_FILE).write_text(links.ledger_text(ledger, current), encoding="utf-8")
    click.echo(f"{content_dir / links.LEDGER_FILE}: {len(new)} new address(es) recorded"
               + "".join(f"\n  {url}" for url in new))


@main.command("export")
@CONTENT
@CONFIG
@click.option("--out", "folder", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write feeds/ and data/ into.")
@click.option("--site-url", metavar="URL",
              help="The portal's public address (default: coalition.yml's site_url, else "
                   "mkdocs.yml's).")
@setting_flags(*JUDGING, "feed_length", "calendar_past_days")
def export_command(content_dir: Path | None, config_file: Path | None, folder: Path,
                   site_url: str | None, flags: dict) -> None:
    """Write the feeds, the calendar and the open data, without building the pages.

    The same files `mkdocs build` writes into site/feeds and site/data, with the
    same options (those of the portal's mkdocs.yml unless given here).

    \b
    Example:
      coalition export content --out site --as-of 2026-11-16
    """
    from ..outputs.write import ExportError, write_outputs
    from ..portal import build_site
    from ..site.catalogue import OutputOptions
    from ..site.urls import SiteUrlMissing, base_url

    portal = _settings(content_dir, config_file, flags)
    settings = portal.settings
    prepared = _prepare(portal.content_dir, settings)
    try:
        base = base_url(prepared.content.coalition.site_url, site_url or portal.site_url)
        options = OutputOptions.of(settings, base)
        written = write_outputs(build_site(prepared, options), folder, options)
    except (SiteUrlMissing, ExportError) as exc:
        _fail(f"error: {exc}")
    click.echo(f"{folder}: wrote {len(written)} files (feeds, calendar, open data) "
               f"as of {prepared.as_of}")


# --- authoring: the secretary's commands (issue 8); logic in authoring.py ---

from .authoring import register  # noqa: E402

register(main)


if __name__ == "__main__":
    main()
