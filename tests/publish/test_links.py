"""Published links never die: content/links.yml, `coalition links update`, redirects, withdrawals."""

from __future__ import annotations

import hashlib
import re

from lxml import html

MEETING = "meetings/2024-02-15-regular.yml"
OLD_URL = "/meetings/2024-02-15-regular/"
NEW_URL = "/meetings/2024-02-15-compost/"


def _site_digest(portal) -> str:
    digest = hashlib.sha256()
    for path in sorted(portal.site.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(portal.site)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _ledger(portal) -> str:
    return (portal.content / "links.yml").read_text(encoding="utf-8")


def _recorded(portal):
    """A built portal whose ledger lists what it publishes."""
    assert portal.build().returncode == 0
    result = portal.coalition("links", "update", "content")
    assert result.returncode == 0, result.stderr
    return portal


def _set_ledger_section(portal, section: str, lines: str) -> None:
    text = _ledger(portal).replace(f"{section}: {{}}", f"{section}:\n{lines}")
    (portal.content / "links.yml").write_text(text, encoding="utf-8")


def test_update_records_every_page_and_never_removes_one(portal):
    _recorded(portal)
    ledger = _ledger(portal)
    assert ledger.startswith("# yaml-language-server: $schema=../schema/links.schema.json\n")
    for url in ("  - /\n", f"  - {OLD_URL}\n", "  - /members/parks/\n", "  - /platform/\n"):
        assert url in ledger
    (portal.content / MEETING).rename(portal.content / "meetings/2024-02-15-compost.yml")
    result = portal.coalition("links", "update", "content")
    assert result.returncode == 0, result.stderr
    assert f"1 new address(es) recorded\n  {NEW_URL}" in result.stdout
    assert f"  - {OLD_URL}\n" in _ledger(portal)


def test_renaming_a_meeting_file_fails_naming_the_old_url_and_keeps_the_site(portal):
    _recorded(portal)
    assert portal.build().returncode == 0
    before = _site_digest(portal)
    (portal.content / MEETING).rename(portal.content / "meetings/2024-02-15-compost.yml")
    result = portal.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(rf"content/links.yml:\d+: urls\[\d+\]: {OLD_URL} was published, and this "
                     "build would no longer publish it", result.stderr), result.stderr
    assert f"under redirects: add '{OLD_URL}: <its new address>'" in result.stderr
    assert _site_digest(portal) == before


def test_a_declared_redirect_passes_and_the_old_url_holds_a_redirect_page(portal):
    _recorded(portal)
    (portal.content / MEETING).rename(portal.content / "meetings/2024-02-15-compost.yml")
    _set_ledger_section(portal, "redirects", f"  {OLD_URL}: {NEW_URL}")
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    page = html.fromstring((portal.site / OLD_URL[1:] / "index.html").read_bytes())
    refresh = page.xpath('//meta[@http-equiv="refresh"]/@content')
    assert refresh == ["0; url=../2024-02-15-compost/"]
    assert page.xpath("//a/@href") == ["../2024-02-15-compost/"]
    assert page.xpath('//link[@rel="canonical"]/@href') == [
        "https://coalition.example.org/meetings/2024-02-15-compost/"]
    assert "Start a compost pilot" in (portal.site / NEW_URL[1:] / "index.html").read_text()


def test_a_withdrawn_record_leaves_a_page_saying_so(portal):
    _recorded(portal)
    (portal.content / MEETING).unlink()
    assert portal.build().returncode == 1
    _set_ledger_section(portal, "withdrawn", f'  {OLD_URL}: "Recorded twice by mistake."')
    result = portal.build()
    assert result.returncode == 0, result.stderr
    page = html.fromstring((portal.site / OLD_URL[1:] / "index.html").read_bytes())
    assert "Withdrawn" in page.xpath("string(//article//h1)")
    assert "Recorded twice by mistake." in page.text_content()


def test_a_dropped_feed_or_export_file_fails_too(portal):
    assert portal.build().returncode == 0
    (portal.site / "feeds").mkdir(exist_ok=True)
    (portal.site / "feeds/all.xml").write_text("<rss/>")  # as if an earlier build wrote it
    assert portal.coalition("links", "update", "content").returncode == 0
    assert "  - /feeds/all.xml\n" in _ledger(portal)
    result = portal.build()
    assert result.returncode == 1
    assert "/feeds/all.xml was published, and this build would no longer publish it" in result.stderr
    _set_ledger_section(portal, "redirects", "  /feeds/all.xml: /")
    result = portal.build()
    assert "/feeds/all.xml is a file, and a static site can only redirect pages" in result.stderr


def test_ledger_mistakes_are_named_like_any_content_error(portal):
    _recorded(portal)
    _set_ledger_section(portal, "redirects", "  /members/x/: https://elsewhere.example/")
    result = portal.coalition("validate", "content")
    assert result.returncode == 1
    assert re.search(r"content/links.yml:\d+: redirects./members/x/: 'https://elsewhere.example/' "
                     "is not a link of this portal", result.stderr), result.stderr
    text = _ledger(portal).replace("/members/x/: https://elsewhere.example/",
                                   f"{OLD_URL}: /meetings/nowhere/")
    (portal.content / "links.yml").write_text(text, encoding="utf-8")
    result = portal.build()
    assert result.returncode == 1
    assert re.search(rf"content/links.yml:\d+: redirects.{OLD_URL}: {OLD_URL} is still published, "
                     "so it cannot redirect to /meetings/nowhere/; remove this redirect",
                     result.stderr), result.stderr


def test_a_strict_build_that_warns_keeps_the_previous_site(portal):
    assert portal.build("--strict").returncode == 0
    before = _site_digest(portal)
    portal.edit(MEETING, "published: 2024-02-19", "published: 2024-03-01")  # late: a warning
    result = portal.build("--strict")
    assert result.returncode == 1
    assert "minutes published late" in result.stderr
    assert _site_digest(portal) == before
    assert not (portal.root / "site.coalition-staging").exists()


def test_the_demo_ledger_lists_every_address_the_demo_publishes(demo):
    """New addresses (a page, a feed, platform/vN/ of the current version) are recorded."""
    before = _ledger(demo)
    result = demo.coalition("links", "update", "content", "--site", "site")
    assert result.returncode == 0, result.stderr
    assert "content/links.yml: 0 new address(es) recorded" in result.stdout, result.stdout
    assert _ledger(demo) == before
    assert "  - /platform/v3/\n" in before
