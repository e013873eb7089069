"""``coalition init``: a new, valid, buildable portal (content, mkdocs.yml, README, CI)."""


from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import tempfile
import textwrap
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from ..checks.pipeline import prepare, resolve_as_of
from ..content.findings import ContentError, errors
from ..settings import CONFIG_FILE, OPTIONS, ConfigurationError, portal_settings
from . import issue_form
from .files import AuthoringError, scalar, schema_line

# --- coalition init --------------------------------------------------------------------


ROLES = (
    ("convening", "Convening", "Calls the meetings, sets the agenda and chairs or finds a chair."),
    ("scheduling", "Scheduling", "Keeps the calendar of meetings and deadlines."),
    ("documentation", "Documentation",
     "Writes the minutes and publishes them within the publication target."),
    ("communications", "Communications", "Speaks for the coalition within its platform."),
)


def init_portal(folder: Path, *, name: str, timezone: str, target_days: int = 7,
                shared_interest: str | None = None, founded: dt.date | None = None,
                install: str | None = None) -> list[str]:
    """Create a new, valid, buildable portal in ``folder`` (missing or empty).

    ``install`` is where its CI installs Coalition Portal from (see install_requirement);
    None: the way this one was installed, if a CI runner can do the same (default_install),
    else left for the secretary to set (the workflow fails until then and says so).
    """
    install = default_install() if install is None else install_requirement(install)
    if folder.exists() and (not folder.is_dir()
                            or any(p.name != ".git" for p in folder.iterdir())):
        raise AuthoringError([f"{folder}: not empty; `coalition init` only fills an empty "
                              "folder (a .git folder alone is fine). Nothing was written."])
    # an unknown zone is reported by the model below, with the file and line
    founded = founded or resolve_as_of(None, timezone if _valid_zone(timezone) else "UTC")
    files = _portal_files(name=name, timezone=timezone, target_days=target_days,
                          shared_interest=shared_interest, founded=founded, install=install)
    with tempfile.TemporaryDirectory(prefix="coalition-init-") as tmp:
        staging = Path(tmp) / (folder.resolve().name or "portal")
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        from ..outputs.schema import (  # export and its imports: only here
            content_schemas,
            write_schemas,
        )

        write_schemas(staging / "schema", content_schemas())
        try:
            # judged as the build will judge it, by the options of the mkdocs.yml just written
            # (git has nothing to say about a folder not yet committed)
            settings = portal_settings(staging / CONFIG_FILE, staging / "content").settings
            prepare(staging / "content", dataclasses.replace(settings, back_dating="off"),
                    fail_on_overdue=False)
        except ContentError as exc:
            raise AuthoringError([str(f) for f in errors(exc.findings)]
                                 + ["The new portal would not be valid; nothing was written."]) from None
        except ConfigurationError as exc:
            raise AuthoringError([f"error: {exc}"]) from None
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for entry in sorted(staging.iterdir()):
            shutil.move(str(entry), folder / entry.name)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".git" not in path.relative_to(folder).parts[:1]:
                written.append(path.relative_to(folder).as_posix())
    return written


def _valid_zone(zone: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(zone)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not a zone"; the model reports it
        return False


def _portal_files(*, name: str, timezone: str, target_days: int, shared_interest: str | None,
                  founded: dt.date, install: str) -> dict[str, str]:
    interest = shared_interest or "Write the shared interest of the coalition here, in one sentence."
    roles = "".join(f"  - id: {rid}\n    name: {rname}\n    description: {scalar(desc)}\n"
                    for rid, rname, desc in ROLES)
    return {
        "content/coalition.yml": (
            schema_line("coalition", 1)
            + f"name: {scalar(name)}\n"
            + f"shared_interest: {scalar(interest)}\n"
            + f"timezone: {scalar(timezone)}\n"
            + "# site_url: https://coalition.example.org/\n"
            + "# repo_url: https://github.com/OWNER/REPOSITORY\n"
            + "# The email address people write to (the endorse page's email link goes there):\n"
            + "# contact: secretary@coalition.example.org\n"
            + "# Minutes are public within this many days of each meeting; the build fails\n"
            + "# when a meeting's minutes are later than that and still unpublished.\n"
            + f"publication_target_days: {target_days}\n"
            + "cadence: monthly\n"
            + "# Each class of decision and the rule it is taken by (consent, majority,\n"
            + "# supermajority with a threshold, consensus); quorum is the share of members\n"
            + "# who must take part.\n"
            + "decision_rules:\n"
            + "  operational:\n    kind: consent\n    quorum: \"1/2\"\n"
            + "  platform:\n    kind: supermajority\n    threshold: \"2/3\"\n    quorum: \"2/3\"\n"
            + "dissolution_protocol: >-\n"
            + "  When the shared interest is met or no longer shared, the members decide\n"
            + "  together to dissolve, publish a closing record and part as peers.\n"
            + f"founded: {founded.isoformat()}\n"
            + "replant_horizon_years: 4\n"
        ),
        "content/platform/v1.yml": (
            schema_line("platform", 2)
            + "number: 1\n"
            + f"adopted: {founded.isoformat()}\n"
            + "# adopted_by: d-YYYY-MM-1   # the decision that adopted this version, once recorded\n"
            + "summary: The first platform. Edit its clauses, then amend it with `coalition amend`.\n"
            + "clauses:\n"
            + "  - id: nn-rationale\n    kind: non-negotiable\n"
            + "    title: Every decision is published with its rationale\n"
            + "    text: The coalition publishes every decision, with the reasons for it, within\n"
            + f"      {target_days} days of the meeting that took it.\n"
            + "  - id: del-messaging\n    kind: delegated\n"
            + "    title: Members choose their own messaging\n"
            + "    text: Each member words its own public statements within this platform.\n"
            + "  - id: dissolution\n    kind: dissolution\n"
            + "    title: How the coalition ends\n"
            + "    text: The coalition dissolves by the protocol in its charter, on the record.\n"
        ),
        "content/roles.yml": (
            schema_line("roles", 1)
            + "# The rotating functions. Hand one over with:\n"
            + "#   coalition role handover documentation --to MEMBER --on YYYY-MM-DD\n"
            + "roles:\n" + roles
            + "terms: []\n"
        ),
        "content/meetings/.gitkeep": "",
        "docs/.gitkeep": "",
        "mkdocs.yml": _mkdocs_yml(name),
        ".gitignore": "site/\nsite.coalition-*/\n__pycache__/\n.cache/\n",
        "README.md": _readme(name, target_days, install),
        ".github/workflows/portal.yml": _workflow(install),
        issue_form.PATH: issue_form.ISSUE_FORM,
    }


# what `coalition init` sets in mkdocs.yml; every other option is listed, commented out
SCAFFOLD_OPTIONS = {
    "content_dir": ("content", ()),
    "late": ("info", ("Minutes published after the target stay on the record (punctuality page);",
                      "`info` logs them without failing the CI's `mkdocs build --strict` forever.")),
}


def _mkdocs_yml(name: str) -> str:
    lines = [
        f"site_name: {scalar(name)}",
        "# The address where the portal is published (feeds and links use it); replace it.",
        "site_url: https://coalition.example.org/",
        "theme:",
        "  name: material",
        "  language: en",
        "  font: false   # no web fonts: nothing is fetched from outside",
        "  features:",
        "    - navigation.tabs",
        "    - navigation.top",
        "# The header's search box is the portal's own (Pagefind): no `search` plugin needed.",
        "plugins:",
        "  - coalition:",
    ]
    for option_name, (value, comments) in SCAFFOLD_OPTIONS.items():
        lines += [f"      # {c}" for c in comments] + [f"      {option_name}: {value}"]
    lines.append("      # Every other option, with its default (uncomment to change):")
    group = None
    for option in OPTIONS:
        if option.name in SCAFFOLD_OPTIONS:
            continue
        if option.group != group:
            group = option.group
            lines.append(f"      # -- {group}")
        lines += [f"      #   {line}" for line in textwrap.wrap(option.help, 82)]
        default = "" if option.default is None else f" {_yaml_value(option.default)}"
        lines.append(f"      # {option.name}:{default}")
    return "\n".join(lines) + "\n"


def _yaml_value(value) -> str:
    return f'"{value}"' if isinstance(value, str) and value in ("off", "on", "no", "yes") \
        else str(value)


def _readme(name: str, target_days: int, install: str) -> str:
    if install:
        setup = f'    pip install "{install}"'
    else:
        setup = ("    pip install SOURCE    # SOURCE: where Coalition Portal comes from (a git URL or a\n"
                 "                          # wheel); set it as COALITION_PORTAL in the workflow too")
    return f"""\
# {name}

The public record of {name}: its platform, meetings, minutes, decisions, members, roles
and endorsements, published with Coalition Portal.

Everything lives in `content/` as YAML files, one per record. The site is built from them
with `mkdocs build`; the build fails when a meeting's minutes are not public within
{target_days} days of the meeting.

## Everyday commands

{setup}
    coalition new meeting --date 2026-01-15 --chair MEMBER   # after a meeting
    coalition publish 2026-01-15-regular                     # once the minutes are written
    git add content && git commit -m "Minutes" && git push   # the same day: dates are checked
    coalition status                                         # what is due, what is late
    mkdocs serve                                             # preview at http://127.0.0.1:8000/

Every command checks the whole record before it writes and changes nothing when the
result would be invalid. `coalition COMMAND --help` shows an example for each.

The workflow in `.github/workflows/portal.yml` builds the site on every push, pull request
and day, and publishes it on GitHub Pages from the default branch when the build passes
(set Settings > Pages > Source to "GitHub Actions" once). It installs Coalition Portal
from `COALITION_PORTAL`, set in the workflow.
"""


# --- the CI workflow: build on every push, pull request and day; deploy the default branch --


# The files every portal build writes, whatever the content: a build that lacks one of them
# did not run the coalition plugin (another engine, a plugin left out) and is not deployed.
PORTAL_FILES = (
    "site/index.html",
    "site/platform/index.html",
    "site/meetings/index.html",
    "site/data/coalition.json",
    "site/data/SHA256SUMS",
    "site/feeds/everything.atom.xml",
    "site/feeds/meetings.ics",
)
# and what only the portal writes into them: the open data's format, the home page's lead
PORTAL_MARKERS = (
    ("site/data/coalition.json", '"format":"coalition-portal export"'),
    ("site/index.html", 'class="cp-lead"'),
)

INSTALL_VARIABLE = "COALITION_PORTAL"
INSTALL_HELP = ("a version (once the portal is on PyPI), a requirement such as "
                "'coalition-portal @ git+https://…', a git URL "
                "(git+https://github.com/OWNER/coalition-portal@TAG) or a wheel's URL or path "
                "in the repository")

_NAME = r"[Cc]oalition[-_.][Pp]ortal"
_VERSION = r"\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?"
_URL_CHARS = r"[A-Za-z0-9._~:/@%+-]+"
_GIT_URL = rf"git\+(?:https|ssh)://{_URL_CHARS}(?:#subdirectory=[A-Za-z0-9._/-]+)?"
_WHEEL_URL = rf"https://{_URL_CHARS}\.whl"
_WHEEL_PATH = r"(?:\./)?[A-Za-z0-9_][A-Za-z0-9._/+-]*\.whl"
_SPECIFIER = r"(?:===?|~=|!=|<=?|>=?) *[0-9][0-9A-Za-z.*+!]*"
_REQUIREMENT = (rf"{_NAME}(?:\[[a-z0-9_-]+(?:,[a-z0-9_-]+)*\])? *"
                rf"(?:{_SPECIFIER}(?: *, *{_SPECIFIER})*|@ *(?:{_GIT_URL}|{_WHEEL_URL}))?")
# Each form above admits only the characters it needs: none of them can end the workflow's
# YAML string or mean anything to its shell step. Named in a refusal:
_UNSAFE = re.compile(r"""[\x00-\x1f\x7f"'`\\$;|&(){}?]""")


def install_requirement(spec: str) -> str:
    """What the workflow's ``pip install`` is given for ``coalition init --install SPEC``.

    A version becomes ``coalition-portal==VERSION``; a requirement, a git URL or a wheel's
    URL or path (relative to the repository) is kept as written.  Anything else is refused
    (AuthoringError), and with it every character that could reach the workflow's YAML or
    its shell as more than text.
    """
    if not spec.strip():
        raise AuthoringError([f"--install: empty; give {INSTALL_HELP}"])
    if re.search(r"[\r\n]", spec):
        raise AuthoringError(["--install: must be one line"])
    spec = spec.strip()
    if re.fullmatch(_VERSION, spec):
        return f"coalition-portal=={spec}"
    if any(re.fullmatch(form, spec) for form in (_REQUIREMENT, _GIT_URL, _WHEEL_URL, _WHEEL_PATH)):
        return spec
    if re.match(r"(?:git\+)?http://|.*@ *(?:git\+)?http://", spec):
        why = ": use https://, not http://"
    elif spec.startswith("/") and spec.endswith(".whl"):
        why = (": a wheel's path is relative to the repository (commit the wheel), "
               "e.g. wheels/coalition_portal-0.1.0-py3-none-any.whl")
    elif bad := sorted(set(_UNSAFE.findall(spec))):
        why = " (it holds " + " ".join(repr(c)[1:-1] for c in bad) + ")"
    else:
        why = ""
    raise AuthoringError([f"--install: {spec!r} is not {INSTALL_HELP}{why}"])


def default_install() -> str:
    """Where the CI installs the portal from when ``--install`` is not given: the way this
    portal was installed, when a CI runner can do the same; "" when it cannot (a local
    folder or file), which the workflow reports until it is set."""
    try:
        dist = distribution("coalition-portal")
    except PackageNotFoundError:
        return ""
    direct = dist.read_text("direct_url.json")
    spec = install_from_direct_url(json.loads(direct) if direct else None, dist.version)
    try:
        return install_requirement(spec) if spec else ""
    except AuthoringError:
        return ""


def install_from_direct_url(direct: dict | None, installed_version: str) -> str:
    """The install source a CI runner can use, from an installed distribution's
    ``direct_url.json`` (PEP 610; None when it came from a package index); "" if none."""
    if direct is None:
        return f"coalition-portal=={installed_version}"
    url = str(direct.get("url", ""))
    if not url.startswith("https://"):
        return ""  # file://: a folder or a wheel on the secretary's machine
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        if vcs.get("vcs") != "git" or not vcs.get("commit_id"):
            return ""
        sub = direct.get("subdirectory")
        return f"git+{url}@{vcs['commit_id']}" + (f"#subdirectory={sub}" if sub else "")
    return url if url.endswith(".whl") else ""


def _install_step(install: str) -> str:
    if install:
        note = ("          # Where pip installs Coalition Portal from (`coalition init --install`):\n"
                f"          # {INSTALL_HELP}.\n")
    else:
        note = ("          # NOT SET: Coalition Portal is not on PyPI yet, and `coalition init` could\n"
                "          # not tell where yours came from. Set it to a git URL, e.g.\n"
                "          #   git+https://github.com/OWNER/coalition-portal@TAG\n"
                "          # or to the path of a wheel committed to this repository, e.g.\n"
                "          #   wheels/coalition_portal-0.1.0-py3-none-any.whl\n"
                "          # Until it is set this step fails and says so.\n")
    message = (f"{INSTALL_VARIABLE} is not set in .github/workflows/portal.yml: set it to where "
               "Coalition Portal is installed from (a git+https URL of the portal's repository "
               "at a tag, or the path of a wheel committed to this repository)")
    return (
        "      - name: Install Coalition Portal\n"
        "        env:\n"
        + note +
        f"          {INSTALL_VARIABLE}: \"{install}\"\n"
        "        run: |\n"
        f"          if [ -z \"${INSTALL_VARIABLE}\" ]; then\n"
        f"            echo \"::error file=.github/workflows/portal.yml::{message}\"\n"
        "            exit 1\n"
        "          fi\n"
        f"          python -m pip install \"${INSTALL_VARIABLE}\"\n"
    )


def _portal_check_step() -> str:
    files = "".join(f"            {path} \\\n" for path in PORTAL_FILES).rstrip(" \\\n") + "; do\n"
    markers = "".join(
        f"          grep -qF '{text}' {path} 2>/dev/null \\\n"
        f"            || {{ echo \"::error::{path} was not written by Coalition Portal\"; "
        "missing=1; }\n"
        for path, text in PORTAL_MARKERS)
    return (
        "      - name: Check that the portal's own pages were built\n"
        "        # Another engine, or a build that dropped the coalition plugin, can exit 0 with\n"
        "        # a site without the portal's pages; such a site is never deployed.\n"
        "        run: |\n"
        "          missing=0\n"
        "          for file in \\\n"
        + files +
        "            if [ ! -s \"$file\" ]; then\n"
        "              echo \"::error::$file is missing: the coalition plugin did not build the "
        "portal\"\n"
        "              missing=1\n"
        "            fi\n"
        "          done\n"
        + markers +
        "          exit \"$missing\"\n"
    )


def _workflow(install: str) -> str:
    return (
        "# Builds the portal on every push and pull request, and daily, so that overdue minutes\n"
        "# fail the build even when nobody pushes; deploys it to GitHub Pages from the default\n"
        "# branch when the build passes (Settings > Pages > Source: GitHub Actions).\n"
        "name: portal\n"
        "on:\n"
        "  push:\n"
        "  pull_request:\n"
        "  schedule:\n"
        "    - cron: \"17 6 * * *\"\n"
        "permissions:\n"
        "  contents: read\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          fetch-depth: 0  # full history: published dates are checked against their commits\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        "          python-version: \"3.12\"\n"
        + _install_step(install) +
        "      - run: coalition validate content\n"
        "      - run: mkdocs build --strict\n"
        + _portal_check_step() +
        "      - uses: actions/upload-pages-artifact@v3\n"
        "        with:\n"
        "          path: site/\n"
        "  deploy:\n"
        "    needs: build\n"
        "    # pushes to the default branch and the daily build (which runs on it); never a\n"
        "    # pull request or another branch\n"
        "    if: >-\n"
        "      github.event_name == 'schedule'\n"
        "      || (github.event_name == 'push'\n"
        "          && github.ref == format('refs/heads/{0}', github.event.repository.default_branch))\n"
        "    runs-on: ubuntu-latest\n"
        "    permissions:\n"
        "      contents: read\n"
        "      pages: write\n"
        "      id-token: write\n"
        "    concurrency:\n"
        "      group: pages\n"
        "      cancel-in-progress: false  # a deployment under way is finished, not cut off\n"
        "    environment:\n"
        "      name: github-pages\n"
        "      url: ${{ steps.deployment.outputs.page_url }}\n"
        "    steps:\n"
        "      - uses: actions/configure-pages@v5\n"
        "      - id: deployment\n"
        "        uses: actions/deploy-pages@v4\n"
    )
