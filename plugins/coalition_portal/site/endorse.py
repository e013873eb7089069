"""How to endorse: what is endorsed, the template a newcomer fills in, and the ways to send it.

Three routes, each for a reader without git: an email to the coalition's ``contact`` (its
subject and body, the filled-in template, URL-encoded in a ``mailto:`` link), the issue form
``coalition init`` writes (``.github/ISSUE_TEMPLATE/endorse.yml``, when the repository is on
GitHub) and a link that opens the template as a new file in the repository (a pull request,
made by the forge).  The template is dated the build date, written as such; the page's script
(assets/coalition.js) puts the reader's today in its place, in the template and in the links.
"""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse

FORGE_NEW_FILE = {
    # host -> URL of a new file in folder `dir`, with the name and text given as query
    "github.com": "{repo}/new/{branch}/{dir}?filename={name}&value={text}",
    "gitlab.com": "{repo}/-/new/{branch}/{dir}?file_name={name}&content={text}",
    "codeberg.org": "{repo}/_new/{branch}/{dir}/?filename={name}&value={text}",
}
DEFAULT_BRANCH = "main"
TEMPLATE_FILE = "your-organization.yml"
ISSUE_FORM = "endorse.yml"  # .github/ISSUE_TEMPLATE/<this>, written by `coalition init`
# the template's date line as built: the script replaces exactly this line with the reader's
# today (``date: YYYY-MM-DD``), in the template and in every link that carries it
BUILD_DATE_NOTE = "  # the day this page was built: write the day you sign"

_quote = functools.partial(urllib.parse.quote, safe="")


def date_line(day: dt.date) -> str:
    """The template's date line as built (the reader's script puts today's date in its place)."""
    return f"date: {day.isoformat()}{BUILD_DATE_NOTE}"


SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/endorsement.schema.json\n"


def endorsement_template(platform_id: str, day: dt.date) -> str:
    """A prefilled endorsements/<id>.yml for the current platform version, as a reader fills
    it in (the file opened in the repository starts with SCHEMA_LINE too, for editors)."""
    return (
        "endorser:\n"
        "  organization: Your organization's name\n"
        "  url: https://example.org/\n"
        f"platform: {platform_id}\n"
        f"{date_line(day)}\n"
        "signer:\n"
        "  name: Your name\n"
        "  title: Your title in the organization\n"
        "statement: Why your organization endorses the platform, in a sentence or two.\n"
    )


def _repo_parts(repo_url: str | None) -> tuple[str, str] | None:
    """(host, https://host/owner/name) of a repository address on a known forge, else None."""
    if not repo_url:
        return None
    parts = urllib.parse.urlsplit(repo_url)
    path = parts.path.rstrip("/").removesuffix(".git")
    if parts.hostname not in FORGE_NEW_FILE or parts.scheme != "https" or path.count("/") < 2:
        return None
    return parts.hostname, f"https://{parts.netloc}{path}"


def new_file_link(repo_url: str | None, folder: str, name: str, text: str) -> str | None:
    """A link that opens ``text`` as a new file in the repository, on GitHub, GitLab or Codeberg."""
    found = _repo_parts(repo_url)
    if found is None:
        return None
    host, repo = found
    return FORGE_NEW_FILE[host].format(repo=repo, branch=DEFAULT_BRANCH,
                                       dir=urllib.parse.quote(folder), name=_quote(name),
                                       text=_quote(text))


def issue_form_link(repo_url: str | None, platform_id: str) -> str | None:
    """The endorsement issue form of a repository on GitHub, its version field filled in."""
    found = _repo_parts(repo_url)
    if found is None or found[0] != "github.com":
        return None
    return f"{found[1]}/issues/new?template={ISSUE_FORM}&platform={_quote(platform_id)}"


def mail_link(contact: str | None, subject: str, body: str) -> str | None:
    """A ``mailto:`` link to ``contact`` with only a subject and a body (both URL-encoded, so no
    text can add a header or a recipient); None without a contact address."""
    if not contact:
        return None
    address = urllib.parse.quote(contact, safe="@")
    return f"mailto:{address}?subject={_quote(subject)}&body={_quote(body)}"


def mail_body(coalition: str, number: int, template: str) -> str:
    """The email's text: a line to the coalition, the filled-in template, and what happens."""
    return (f"To {coalition}:\n\n"
            f"Our organization endorses platform version {number}. Our endorsement, with the "
            "lines below filled in:\n\n"
            f"{template}\n"
            "Please add it to the record.\n")


def endorse_context(site) -> dict:
    """The endorse page's version, template, routes and endorsers (``site`` is the site model)."""
    platform = site.current_platform
    coalition = site.content.coalition
    folder = f"{site.content.root.name}/endorsements"
    template = endorsement_template(platform.id, site.as_of)
    number = platform.version.number
    endorsements = list(site.endorsements.values())
    kept = [e for e in endorsements if not e.withdrawn]
    changes = site.diffs.get(platform.id)
    return {
        "platform": platform,
        "changes": changes,
        "yaml_template": template,
        "build_date_line": date_line(site.as_of),
        "template_path": f"{folder}/{TEMPLATE_FILE}",
        "mail_url": mail_link(coalition.contact, f"Endorsement of platform version {number}",
                              mail_body(coalition.name, number, template)),
        "issue_url": issue_form_link(coalition.repo_url, platform.id),
        "new_file_url": new_file_link(coalition.repo_url, folder, TEMPLATE_FILE,
                                      SCHEMA_LINE + template),
        "current": [e for e in kept if e.endorsement.platform == platform.id],
        "earlier": [e for e in kept if e.endorsement.platform != platform.id],
        "withdrawn": [e for e in endorsements if e.withdrawn],
    }
