"""The ``coalition`` command: validate content, report publication status, write schemas."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .findings import ContentError, warnings
from .pipeline import ConfigurationError, Prepared, prepare
from .publication import State
from .schema import content_schemas, drifted, write_schemas

CONTENT = click.argument("content_dir", default="content", required=False,
                         type=click.Path(file_okay=False, path_type=Path))


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
def validate(content_dir: Path) -> None:
    """Check every content file and every reference between them.

    Prints one line per problem (file:line: field: message) and exits 1 when
    there is any. Overdue minutes are reported by `coalition status` and the
    build, not here.

    \b
    Example:
      coalition validate content
    """
    prepared = _prepare(content_dir, fail_on_overdue=False)
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
def status(content_dir: Path, as_of: str | None, target_days: int | None) -> None:
    """Show overdue, pending and late minutes; exit 1 when any are overdue.

    \b
    Example:
      coalition status --as-of 2026-11-16
    """
    prepared = _prepare(content_dir, as_of=as_of, target_days=target_days,
                        fail_on_overdue=False)
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
    counted = [p for p in prepared.publications.values() if p.counted]
    if counted:
        on_time = sum(1 for p in counted if p.state is State.on_time)
        click.echo(f"\nOn time: {on_time} of {len(counted)} meetings with published minutes "
                   f"({100 * on_time / len(counted):.0f}%)")
    for finding in warnings(prepared.findings):
        if finding.field != "minutes.published":
            click.echo(f"{finding}", err=True)
    if prepared.in_state(State.overdue):
        sys.exit(1)


@main.command()
@click.option("--out", "folder", default="schema", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Only report files that differ from the models.")
def schema(folder: Path, check: bool) -> None:
    """Write the JSON Schema of each content file kind, generated from the models.

    \b
    Example:
      coalition schema --out schema
      coalition schema --check
    """
    schemas = content_schemas()
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
    """The ledger of published addresses (content/links.yml): none may silently die."""


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
    from . import links
    from .site import build_site

    prepared = _prepare(content_dir, fail_on_overdue=False)
    current = links.current_urls(build_site(prepared), site_dir)
    ledger = prepared.content.links
    new = links.unrecorded(ledger, current) if ledger else sorted(current)
    (content_dir / links.LEDGER_FILE).write_text(links.ledger_text(ledger, current), encoding="utf-8")
    click.echo(f"{content_dir / links.LEDGER_FILE}: {len(new)} new address(es) recorded"
               + "".join(f"\n  {url}" for url in new))


if __name__ == "__main__":
    main()
