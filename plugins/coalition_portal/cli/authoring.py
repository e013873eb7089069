"""The secretary's ``coalition`` commands: init, new meeting, publish, endorse, amend,
member join/leave, role handover.

Thin click wrappers over :mod:`authoring`, which does the work and the validation.
They live beside ``cli.py`` (registered with :func:`register`) so that the other
commands' file stays small.  Every refusal is printed one problem per line, exit 1.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..content.model import ChangeOp, ClauseKind, MeetingKind, MemberKind
from ..settings import ConfigurationError

if TYPE_CHECKING:
    from ..authoring.files import Result


class _LazyAuthoring:
    """The authoring stage, imported on first use: `coalition validate` needs neither it nor
    ruamel."""

    def __getattr__(self, name: str):
        from ..authoring import edits, files, scaffold

        for module in (edits, scaffold, files):
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(name)


authoring = _LazyAuthoring()

CONTENT_HELP = "The content folder."


def content_option(func):
    return click.option("--content", "content_dir", default="content", show_default=True,
                        metavar="DIR",
                        type=click.Path(file_okay=False, path_type=Path),
                        help=CONTENT_HELP)(func)


def _date(ctx, param, value):
    """click callback: an ISO date or None."""
    if value is None:
        return None
    try:
        return authoring.parse_date(value, f"--{param.name.replace('_', '-')}")
    except authoring.AuthoringError as exc:
        raise click.BadParameter(exc.lines[0].split(": ", 1)[-1]) from None


def _time(ctx, param, value):
    import re

    if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise click.BadParameter(f"{value!r} is not a time written as HH:MM (24-hour clock)")
    return value


def date_option(*names, **kw):
    return click.option(*names, metavar="YYYY-MM-DD", callback=_date, **kw)


def _run(action, *args, **kwargs) -> Result:
    """Run an authoring action; print its refusal (one line per problem) and exit 1."""
    try:
        result = action(*args, **kwargs)
    except authoring.AuthoringError as exc:
        click.echo("\n".join(exc.lines), err=True)
        sys.exit(1)
    except ConfigurationError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"{exc.filename or ''}: {exc.strerror or exc}; nothing was written", err=True)
        sys.exit(1)
    return result


def _report(result: Result) -> None:
    click.echo(result.path)
    for note in result.notes:
        click.echo(f"  {note}")


def register(main: click.Group) -> None:
    """Add the authoring commands to the ``coalition`` group."""
    for command in (init, new, publish, endorse, amend, member, role, import_):
        main.add_command(command)


# --- init --------------------------------------------------------------------------


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The coalition's name.")
@click.option("--timezone", required=True, metavar="ZONE",
              help="IANA time zone of its dates and times, e.g. Europe/Berlin.")
@click.option("--target-days", type=click.IntRange(1, 365), default=7, show_default=True,
              help="Minutes are public within this many days of each meeting.")
@click.option("--shared-interest", metavar="TEXT", help="The shared interest, in one sentence.")
@date_option("--founded", help="Founding date (default: today).")
@click.option("--install", metavar="SPEC",
              help="Where the CI workflow installs Coalition Portal from: a version (once it "
                   "is on PyPI), a requirement, a git URL "
                   "(git+https://github.com/OWNER/coalition-portal@TAG) or a wheel's URL or "
                   "path in the repository. Default: the way this one was installed, when a "
                   "CI runner can do the same; else the workflow fails until it is set.")
def init(folder: Path, name: str, timezone: str, target_days: int,
         shared_interest: str | None, founded: dt.date | None, install: str | None) -> None:
    """Start a new portal in FOLDER (missing or empty): content, mkdocs.yml, CI workflow.

    \b
    Example:
      coalition init harbor-food --name "Harbor Food Coalition" --timezone America/Chicago \\
        --install git+https://github.com/OWNER/coalition-portal@v0.1.0
      cd harbor-food && mkdocs serve
    """
    written = _run(authoring.init_portal, folder, name=name, timezone=timezone,
                   target_days=target_days, shared_interest=shared_interest, founded=founded,
                   install=install)
    click.echo(f"{folder}: a new portal ({len(written)} files)")
    for path in written:
        if not path.startswith("schema/"):
            click.echo(f"  {path}")
    if install is None and not authoring.default_install():
        click.echo(f"Set {authoring.INSTALL_VARIABLE} in .github/workflows/portal.yml to where "
                   "Coalition Portal is installed from (`init --install SPEC` writes it): the "
                   "workflow fails until it is set.")
    click.echo("Next: add members with `coalition member join`, then `mkdocs serve`.")


# --- new meeting ---------------------------------------------------------------------


@click.group()
def new() -> None:
    """Create a new record.

    \b
    Example:
      coalition new meeting --date 2026-11-25 --chair parks-dept
    """


@new.command("meeting")
@date_option("--date", required=True, help="The meeting date.")
@click.option("--kind", type=click.Choice([k.value for k in MeetingKind]), default="regular",
              show_default=True)
@click.option("--chair", metavar="MEMBER", help="Member id of the chair.")
@click.option("--time", callback=_time, metavar="HH:MM",
              help="Start time (default: the previous meeting's; left out, not recorded, "
                   "when no earlier meeting recorded one).")
@click.option("--location", help="Where (default: the previous meeting's location).")
@click.option("--title", help="A title, when the kind and date are not enough.")
@click.option("--slug", help="The file name after the date (default: the kind).")
@content_option
def new_meeting(date, kind, chair, time, location, title, slug, content_dir) -> None:
    """A meeting file with the attendance of that day's members, draft minutes and no
    decisions yet. Prints the file and the date its minutes are due.

    Attendance starts as not-recorded for each member: mark who was present,
    absent or excused. A guessed "present" would put attendance on the public
    record that nobody noted.

    \b
    Example:
      coalition new meeting --date 2026-11-25 --chair parks-dept --time 18:30
    """
    _report(_run(authoring.new_meeting, content_dir, date=date, kind=kind, chair=chair,
                 time=time, location=location, title=title, slug=slug))


# --- publish --------------------------------------------------------------------------


@click.command()
@click.argument("meeting")
@date_option("--on", help="Publication date (default: today in the coalition's time zone).")
@click.option("--approved", is_flag=True, help="The minutes were approved (on the same day).")
@content_option
def publish(meeting: str, on, approved: bool, content_dir: Path) -> None:
    """Publish a meeting's minutes: set minutes.published (and the meeting to held).

    MEETING is the meeting's id, its file, or its date. Refuses minutes without
    text and decisions without rationale.

    \b
    Example:
      coalition publish 2026-11-25-regular
      coalition publish 2026-11-25 --on 2026-11-28 --approved
    """
    _report(_run(authoring.publish, content_dir, meeting, on=on, approved=approved))


# --- endorse ---------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.option("--org", metavar="NAME", help="The endorsing organization's name.")
@click.option("--member", metavar="ID", help="The endorser's member id, when it is a member.")
@click.option("--signer", metavar="NAME", help="Who signs for it.")
@click.option("--title", metavar="TITLE", help="The signer's title.")
@click.option("--statement", metavar="TEXT", help="A statement, shown with the endorsement.")
@click.option("--url", metavar="URL", help="The organization's website.")
@date_option("--on", help="Date of the endorsement (default: today).")
@content_option
@click.pass_context
def endorse(ctx, org, member, signer, title, statement, url, on, content_dir) -> None:
    """Endorse the current platform version (or: endorse withdraw ID --reason TEXT).

    \b
    Example:
      coalition endorse --org "Harbor Tenants Union" --signer "Ana Ruiz" --title Chair
      coalition endorse --member food-bank --signer "Lee Park" --title Director
      coalition endorse withdraw harbor-tenants-union-v1 --reason "Left the campaign"
    """
    if ctx.invoked_subcommand is not None:
        return
    missing = [name for name, value in (("--signer", signer), ("--title", title)) if not value]
    if not (org or member):
        missing.insert(0, "--org (or --member)")
    if missing:
        raise click.UsageError(f"missing {', '.join(missing)}")
    _report(_run(authoring.endorse, content_dir, org=org, member=member, signer=signer,
                 title=title, statement=statement, on=on, url=url))


@endorse.command("withdraw")
@click.argument("endorsement")
@click.option("--reason", required=True, metavar="TEXT", help="Why it is withdrawn (public).")
@date_option("--on", help="Date of the withdrawal (default: today).")
@content_option
def endorse_withdraw(endorsement: str, reason: str, on, content_dir: Path) -> None:
    """Withdraw an endorsement; it stays on the record, marked withdrawn.

    \b
    Example:
      coalition endorse withdraw harbor-tenants-union-v1 --reason "Left the campaign"
    """
    _report(_run(authoring.withdraw_endorsement, content_dir, endorsement, reason=reason, on=on))


# --- amend -----------------------------------------------------------------------------


@click.command()
@click.option("--clause", required=True, metavar="ID", help="The clause id.")
@click.option("--op", required=True, type=click.Choice([o.value for o in ChangeOp]))
@click.option("--text", metavar="TEXT", help="The clause's new text (add, replace).")
@click.option("--by", "by", required=True, metavar="MEMBER", help="The proposing member's id.")
@click.option("--rationale", required=True, metavar="TEXT", help="Why the change is proposed.")
@click.option("--kind", type=click.Choice([k.value for k in ClauseKind]),
              help="The new clause's kind (add).")
@click.option("--clause-title", metavar="TEXT", help="The new clause's title (add).")
@click.option("--title", metavar="TEXT", help="The amendment's title (default: from the change).")
@date_option("--on", help="Date proposed (default: today).")
@content_option
def amend(clause, op, text, by, rationale, kind, clause_title, title, on, content_dir) -> None:
    """Propose an amendment to one clause of the current platform version.

    \b
    Example:
      coalition amend --clause del-messaging --op replace --by food-bank \\
        --text "Members word their own statements and share them first." \\
        --rationale "Members asked to see statements before they go out."
    """
    _report(_run(authoring.amend, content_dir, clause=clause, op=op, text=text, by=by,
                 rationale=rationale, kind=kind, clause_title=clause_title, title=title, on=on))


# --- member join / leave ------------------------------------------------------------------


@click.group()
def member() -> None:
    """Record a member joining (or rejoining) or leaving.

    \b
    Example:
      coalition member join tenants-union --name "Harbor Tenants Union" --constituency Tenants
      coalition member leave tenants-union --reason "Merged into another group"
    """


@member.command("join")
@click.argument("member_id", metavar="ID")
@click.option("--name", help="The member's name (new members).")
@click.option("--kind", type=click.Choice([k.value for k in MemberKind]), default="organization",
              show_default=True)
@click.option("--constituency", metavar="TEXT", help="Whom it speaks for (new members).")
@click.option("--url", metavar="URL", help="Its website.")
@click.option("--reason", metavar="TEXT", help="Why it joins or rejoins.")
@date_option("--on", help="Date it joins (default: today).")
@content_option
def member_join(member_id, name, kind, constituency, url, reason, on, content_dir) -> None:
    """A new member, or a new membership period for a member who left.

    \b
    Example:
      coalition member join parks-dept --name "Parks Department" --constituency "City agency"
      coalition member join parks-dept --on 2026-03-01 --reason "Rejoined after the audit"
    """
    _report(_run(authoring.member_join, content_dir, member_id, on=on, name=name, kind=kind,
                 constituency=constituency, url=url, reason=reason))


@member.command("leave")
@click.argument("member_id", metavar="ID")
@click.option("--reason", metavar="TEXT", help="Why it leaves (public).")
@date_option("--on", help="Its last day as a member (default: today).")
@content_option
def member_leave(member_id, reason, on, content_dir) -> None:
    """End a member's current membership; its history stays on the record.

    \b
    Example:
      coalition member leave parks-dept --on 2026-11-30 --reason "Budget cuts"
    """
    _report(_run(authoring.member_leave, content_dir, member_id, on=on, reason=reason))


# --- role handover ----------------------------------------------------------------------


@click.group()
def role() -> None:
    """Rotate a role from one member to another.

    \b
    Example:
      coalition role handover documentation --to food-bank --on 2026-12-01
    """


@role.command("handover")
@click.argument("role_id", metavar="ROLE")
@click.option("--to", "to", required=True, metavar="MEMBER", help="The member taking it on.")
@date_option("--on", required=True, help="The first day of the new term.")
@content_option
def role_handover(role_id, to, on, content_dir) -> None:
    """End the role's current term the day before --on and start MEMBER's term on --on.

    \b
    Example:
      coalition role handover documentation --to food-bank --on 2026-12-01
    """
    _report(_run(authoring.role_handover, content_dir, role_id, to=to, on=on))


# --- import --------------------------------------------------------------------------


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--glob", "glob", metavar="PATTERN",
              help="Which files are minutes, as a pattern of their paths in the archive "
                   "(e.g. 'minutes/*/*.md'); default: every .md file.")
@click.option("--date-pattern", metavar="REGEX",
              help="A regular expression finding the date in a file's path, with the groups "
                   "(?P<year>...), (?P<month>...) (a number or a month's name) and (?P<day>...). "
                   "Default: YYYY-MM-DD*.md and YYYY-MM/<mon>-DD.md.")
@click.option("--published-from", type=click.Choice(["git", "mtime"]), default="git",
              show_default=True,
              help="Where the publication dates come from: the first commit of each file, or "
                   "(for a folder that is not a git repository) its modification time, which "
                   "proves nothing.")
@click.option("--report", "report_file", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the import report (Markdown) to FILE.")
@content_option
def import_(source: Path, glob, date_pattern, published_from, report_file, content_dir) -> None:
    """Import an existing minutes archive from SOURCE (a git repository or folder).

    \b
    One meeting per minutes file named by date; its Markdown becomes the minutes, the
    day of the first commit that added the file their publication date, and the
    attendees of its Present section members. Files the minutes link to are copied
    beside the meeting. All or nothing; run again, it adds only the new files.
    Example:
      coalition import ../old-minutes --content content
    """
    from ..authoring.importer import import_archive
    from ..authoring.minutes_source import DatePattern

    try:
        pattern = DatePattern(glob, date_pattern)
    except (ValueError, re.error) as exc:
        raise click.BadParameter(str(exc), param_hint="--date-pattern") from None
    report = _run(import_archive, source, content_dir, pattern=pattern,
                  published_from=published_from)
    text = report.text()
    click.echo(text)
    if report_file is not None:
        report_file.write_text(text, encoding="utf-8")
