"""Publishing a build: a staging folder, the published-links check, and the swap into place.

A build writes into a sibling of the site folder (``site.coalition-staging``).  Only when
every step succeeded does ``publish_site`` swap it into place, so a build failing at any
step leaves the last good site exactly as it was.  Before the swap, ``keep_published_links``
fails the build when a URL of the links ledger would die, and writes the declared redirect
pages into the staging folder.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from ..content.findings import Finding
from . import links

STAGING_SUFFIX = ".coalition-staging"
OLD_SUFFIX = ".coalition-old"


class LinksWouldBreak(Exception):
    """The build no longer publishes URLs that the ledger lists (and neither redirects nor
    withdraws)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(f) for f in self.findings)


def staging_dir(final: Path) -> Path:
    """Where the build of ``final`` is written before it is published."""
    return final.with_name(final.name + STAGING_SUFFIX)


def start_staging(final: Path) -> Path:
    """An empty staging place for ``final`` (a leftover of an earlier build is removed)."""
    staging = staging_dir(final)
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def discard_staging(final: Path) -> None:
    """A failed build: remove what it staged; ``final`` stays as it was."""
    shutil.rmtree(staging_dir(final), ignore_errors=True)


def publish_site(staging: Path, final: Path, *, remove_old_later: bool = False) -> None:
    """Put the staged build in place of ``final``; the old site goes only once it has moved.

    With ``remove_old_later`` (a preview), the old site is moved aside under a name of its
    own and removed in the background, so that the reload does not wait for it.
    """
    old = final.with_name(final.name + OLD_SUFFIX)
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if remove_old_later and old.exists():
        aside = Path(tempfile.mkdtemp(prefix=old.name + ".", dir=old.parent))
        old.rename(aside / "site")
        threading.Thread(target=shutil.rmtree, args=(aside,), kwargs={"ignore_errors": True},
                         name="coalition-old-site", daemon=True).start()
    shutil.rmtree(old, ignore_errors=True)


def keep_published_links(site, staging: Path, withdrawn: list[tuple[str, str]],
                         site_url: str | None) -> list[str]:
    """Check the ledger against what ``staging`` publishes; write the redirect pages.

    Raises ``LinksWouldBreak`` naming each URL that would die.  Returns the URLs published
    but not recorded in the ledger yet (new URLs are fine; ``links update`` records them).
    """
    content = site.content
    current = links.current_urls(site, staging) - {"/" + url for url, _ in withdrawn}
    problems = links.ledger_findings(content, current)
    if problems:
        raise LinksWouldBreak(problems)
    links.write_redirects(staging, content.links, site_url)
    return links.unrecorded(content.links, current)
