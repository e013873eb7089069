"""``links.yml``: the ledger of every URL the portal has published."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

from .fields import Record, Text

LINK_PATTERN = r"^/([A-Za-z0-9_][A-Za-z0-9._~-]*/)*([A-Za-z0-9_][A-Za-z0-9._~-]*)?$"
_LINK = re.compile(LINK_PATTERN)


def _link(value: object) -> object:
    if isinstance(value, str) and not _LINK.match(value):
        raise ValueError(
            f"{value!r} is not a link of this portal: write the path after the site address, "
            "starting with / (a page ends with /, a file with its extension), e.g. "
            "/meetings/2024-01-10-formation/ or /feeds/all.xml"
        )
    return value


SiteLink = Annotated[
    str, AfterValidator(_link), WithJsonSchema({"type": "string", "pattern": LINK_PATTERN}),
]


class LinksLedger(Record):
    """``content/links.yml``: every URL the portal has published, kept so none silently dies.

    ``coalition links update`` adds the URLs a build publishes.  A listed URL that a build would
    no longer publish fails the build, unless it is redirected or withdrawn here.
    """

    urls: list[SiteLink] = Field([], description="Every URL published so far; never remove one.")
    redirects: dict[SiteLink, SiteLink] = Field(
        {}, description="Old URL -> the URL it moved to; a page at the old URL points there."
    )
    withdrawn: dict[SiteLink, Text] = Field(
        {}, description="URL -> why it was taken down; a page saying so stays at the URL."
    )
