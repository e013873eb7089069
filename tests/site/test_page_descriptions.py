"""Each page's ``<meta name="description">``, as a search engine or a link preview reads it:
one per page, about that page, made from its records, and escaped."""

from __future__ import annotations

from lxml import html

from coalition_portal.site.describe import LIMIT
from watchdog_portal import HOSTILE_NAME


def descriptions(site, page: str) -> list[str]:
    path = site / page if page.endswith(".html") else site / page / "index.html"
    document = html.fromstring(path.read_bytes())
    return document.xpath('//head/meta[@name="description"]/@content')


def test_every_page_has_one_description_of_its_own(watchdog):
    pages = sorted(p.relative_to(watchdog.site).parent.as_posix()
                   for p in watchdog.site.rglob("index.html")
                   if not p.relative_to(watchdog.site).as_posix().startswith("search/"))
    seen = {}
    for page in pages:
        found = descriptions(watchdog.site, page)
        assert len(found) == 1, (page, found)
        assert 0 < len(found[0]) <= LIMIT, (page, found)
        seen.setdefault(found[0], []).append(page)
    shared = {text: where for text, where in seen.items() if len(where) > 1}
    assert not shared, shared  # no two pages say the same of themselves


def test_record_pages_say_what_they_hold(watchdog):
    member = descriptions(watchdog.site, "members/parks")[0]
    assert member.startswith("Parks Department, a member of the Harbor")
    assert "recorded vote" in member
    meeting = descriptions(watchdog.site, "meetings/2024-01-10-formation")[0]
    assert "a meeting of the" in meeting and "decision" in meeting
    platform = descriptions(watchdog.site, "platform")[0]
    assert platform.startswith("The Harbor Test Coalition's platform as it stands: version 1")
    assert descriptions(watchdog.site, "platform/v1")[0].startswith("Version 1 of the")
    # a page of no kind of the portal's: the site's description, else the shared interest
    shared_interest = descriptions(watchdog.site, "404.html")
    assert len(shared_interest) == 1 and shared_interest[0] == "Less food waste in Harbor City."


def test_markup_in_a_name_is_text_in_the_description(hostile):
    raw = (hostile.site / "members/parks/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw.split("</head>")[0]
    assert descriptions(hostile.site, "members/parks")[0].startswith(HOSTILE_NAME + ", a member")
