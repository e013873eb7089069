"""How to endorse: the template a newcomer copies, and the forge link that opens it."""

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


def endorsement_template(platform_id: str, day: dt.date) -> str:
    """A prefilled endorsements/<id>.yml for the current platform version."""
    return (
        "# yaml-language-server: $schema=../../schema/endorsement.schema.json\n"
        "endorser:\n"
        "  organization: Your organization's name\n"
        "  url: https://example.org/\n"
        f"platform: {platform_id}\n"
        f"date: {day.isoformat()}\n"
        "signer:\n"
        "  name: Your name\n"
        "  title: Your title in the organization\n"
        "statement: Why your organization endorses the platform, in a sentence or two.\n"
    )


def new_file_link(repo_url: str | None, folder: str, name: str, text: str) -> str | None:
    """A link that opens ``text`` as a new file in the repository, on GitHub, GitLab or Codeberg."""
    if not repo_url:
        return None
    parts = urllib.parse.urlsplit(repo_url)
    pattern = FORGE_NEW_FILE.get(parts.hostname or "")
    path = parts.path.rstrip("/").removesuffix(".git")
    if pattern is None or parts.scheme != "https" or path.count("/") < 2:
        return None
    quote = functools.partial(urllib.parse.quote, safe="")
    return pattern.format(repo=f"https://{parts.netloc}{path}", branch=DEFAULT_BRANCH,
                          dir=urllib.parse.quote(folder), name=quote(name), text=quote(text))


def endorse_context(site) -> dict:
    """The endorse page's template, link and lists (``site`` is the site model)."""
    platform = site.current_platform
    folder = f"{site.content.root.name}/endorsements"
    template = endorsement_template(platform.id, site.as_of)
    return {
        "platform": platform,
        "yaml_template": template,
        "template_path": f"{folder}/{TEMPLATE_FILE}",
        "new_file_url": new_file_link(site.content.coalition.repo_url, folder, TEMPLATE_FILE,
                                      template),
        "current": [e for e in site.endorsements.values() if not e.withdrawn],
        "withdrawn": [e for e in site.endorsements.values() if e.withdrawn],
    }
