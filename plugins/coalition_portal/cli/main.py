"""The ``coalition`` command: validate content, report publication status, write schemas."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml

from ..checks.pipeline import ConfigurationError, Prepared, prepare
from ..checks.publication import State
from ..content.findings import ContentError, warnings
from ..content.parse_cache import ParsedFiles

CONTENT = click.argument("content_dir", default="content", required=False,
                         type=click.Path(file_okay=False, path_type=Path))


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !!python/name: that only MkDocs resolves."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def build_options(content_dir: Path) -> dict:
    """The `coalition` plugin's options in the mkdocs.yml beside ``content_dir``, if any."""
    path = Path(content_dir).resolve().parent / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("coalition"), dict):
            return plugin["coalition"]
    return {}


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _prepare(content_dir: Path, **options) -> Prepared:
    try:
        return prepare(content_dir, **options)
    except ContentError as exc:
        count = len(exc.findings)
        _fail(f"{exc.report()}\n{count} problem{'s' if count != 1 else ''} found; nothing was changed.")
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
    """


@main.command()
@CONTENT
@click.option("--fresh", is_flag=True,
              help="Parse every file again, ignoring what earlier runs kept.")
def validate(content_dir: Path, fresh: bool) -> None:
    """Check every content file and every reference between them.

    Prints one line per problem (file:line: field: message) and exits 1 when
    there is any. Overdue minutes are reported by `coalition status` and the
    build, not here. A file unchanged since the last run is not parsed again
    (the parsed data is kept in ~/.cache/coalition-portal/); it is still
    validated and checked. The build always reads every file afresh.

    \b
    Example:
      coalition validate content
    """
    parsed = None if fresh else ParsedFiles.for_content(content_dir)
    prepared = _prepare(content_dir, fail_on_overdue=False, parsed=parsed)
    content = prepared.content
    click.echo(
        f"{content_dir}: valid — {len(content.members)} members, {len(content.meetings)} "
        f"meetings, {sum(len(m.decisions) for m in content.meetings.values())} decisions, "
        f"{len(content.platforms)} platform versions, {len(content.amendments)} amendments, "
        f"{len(content.endorsements)} endorsements"
    )


@main.command()
@CONTENT
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="The day to judge from (default: today in the coalition's time zone).")
@click.option("--target-days", type=click.IntRange(1, 365),
              help="Publication target in days (default: coalition.yml's).")
@click.option("--back-dating", type=click.Choice(["error", "warn", "off"]),
              help="Compare claimed publication dates with the git history; error exits 1 "
                   "when minutes were back-dated, off skips git (default: mkdocs.yml's, "
                   "else error).")
@click.option("--tolerance-days", type=click.IntRange(0, 365),
              help="Days git's date may trail the claimed date before it is back-dating "
                   "(default: mkdocs.yml's, else 1).")
@click.option("--imported-until", metavar="YYYY-MM-DD",
              help="Minutes claimed published on or before this day came with an imported "
                   "archive; git cannot prove them and they are taken as claimed (default: "
                   "mkdocs.yml's).")
def status(content_dir: Path, as_of: str | None, target_days: int | None,
           back_dating: str | None, tolerance_days: int | None,
           imported_until: str | None) -> None:
    """Show punctuality figures and overdue, pending and late minutes.

    Exits 1 when any minutes are overdue, or (with --back-dating error, the
    default) when git shows minutes published later than they claim. The
    back-dating options of the `coalition` plugin in the mkdocs.yml beside the
    content folder apply unless given here, so the figures match the site's.

    \b
    Example:
      coalition status --as-of 2026-11-16
      coalition status --imported-until 2026-11-16
    """
    build = build_options(content_dir)
    back_dating = back_dating or build.get("back_dating", "error") or "off"  # bare `off` is false
    prepared = _prepare(content_dir, as_of=as_of, target_days=target_days,
                        fail_on_overdue=False, back_dating="off" if back_dating == "off" else "warn",
                        tolerance_days=build.get("back_dating_tolerance_days", 1)
                        if tolerance_days is None else tolerance_days,
                        imported_until=imported_until or build.get("imported_until"))
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
    if prepared.in_state(State.overdue) or (back_dated and back_dating == "error"):
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
                   f"{len(proof.uncommitted)} not yet committed with their published date.")
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
@click.option("--site", "site_dir", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="A built site whose feeds, calendar and exports are recorded too.")
def links_update(content_dir: Path, site_dir: Path) -> None:
    """Record every address the portal publishes now in content/links.yml.

    Adds the pages of the current content and the feeds, calendar and exports of the last
    build in --site; never removes an address.

    \b
    Example:
      mkdocs build && coalition links update content
    """
    from ..publish import links
    from ..portal import build_site

    prepared = _prepare(content_dir, fail_on_overdue=False)
    current = links.current_urls(build_site(prepared), site_dir)
    ledger = prepared.content.links
    new = links.unrecorded(ledger, current) if ledger else sorted(current)
    (content_dir / links.LEDGER_FILE).write_text(links.ledger_text(ledger, current), encoding="utf-8")
    click.echo(f"{content_dir / links.LEDGER_FILE}: {len(new)} new address(es) recorded"
               + "".join(f"\n  {url}" for url in new))


@main.command("export")
@CONTENT
@click.option("--out", "folder", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write feeds/ and data/ into.")
@click.option("--site-url", metavar="URL",
              help="The portal's public address (default: coalition.yml's site_url).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="The day to judge from (default: today in the coalition's time zone).")
@click.option("--feed-length", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--calendar-past-days", type=click.IntRange(0, 100000), default=365,
              show_default=True)
def export_command(content_dir: Path, folder: Path, site_url: str | None, as_of: str | None,
                   feed_length: int, calendar_past_days: int) -> None:
    """Write the feeds, the calendar and the open data, without building the pages.

    The same files `mkdocs build` writes into site/feeds and site/data.

    \b
    Example:
      coalition export content --out site --as-of 2026-11-16
    """
    from ..outputs.write import ExportError, OutputOptions, write_outputs
    from ..portal import build_site
    from ..site.urls import SiteUrlMissing, base_url

    prepared = _prepare(content_dir, as_of=as_of)
    try:
        base = base_url(prepared.content.coalition.site_url, site_url)
        written = write_outputs(build_site(prepared), folder,
                                OutputOptions(base, feed_length, calendar_past_days))
    except (SiteUrlMissing, ExportError) as exc:
        _fail(f"error: {exc}")
    click.echo(f"{folder}: wrote {len(written)} files (feeds, calendar, open data) "
               f"as of {prepared.as_of}")


# --- authoring: the secretary's commands (issue 8); logic in authoring.py ---

from .authoring import register  # noqa: E402

register(main)


if __name__ == "__main__":
    main()
