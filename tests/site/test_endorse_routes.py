"""Endorsing without git: the endorse page says what is endorsed and offers three routes.

An email to the coalition's ``contact`` holding the filled-in template (a ``mailto:`` link with
only a subject and a body, every text URL-encoded), the GitHub issue form ``coalition init``
writes, and the link opening the template as a new file; endorsements of earlier versions
are marked and counted apart; the template is dated the build date, labelled as such.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from lxml import html as lxml_html

from coalition_portal.site.endorse import mail_link
from pages_fixture import RICH
from payloads import PAYLOAD, files, marker
from portal import derive, make_portal

CONTACT = "secretary@harbor-food.example.org"


def with_contact(files_: dict[str, str], contact: str = CONTACT) -> dict[str, str]:
    return {**files_, "coalition.yml": derive(
        files_["coalition.yml"],
        ("site_url: https://coalition.example.org/\n",
         f"site_url: https://coalition.example.org/\n        contact: {contact}\n"))}


def page(portal, url: str = "endorse/"):
    return lxml_html.fromstring((portal.site / url / "index.html").read_text(encoding="utf-8"))


def text(element) -> str:
    return " ".join(element.text_content().split())


def mail_parts(href: str) -> tuple[str, dict[str, list[str]]]:
    parts = urllib.parse.urlsplit(href)
    assert parts.scheme == "mailto" and not parts.fragment
    return parts.path, urllib.parse.parse_qs(parts.query, strict_parsing=True)


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    portal = make_portal(tmp_path_factory.mktemp("endorse-rich"), with_contact(RICH))
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    return portal


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Payloads in every free-text field (the coalition's name reaches the email's body)."""
    portal = make_portal(tmp_path_factory.mktemp("endorse-hostile"), with_contact(files()))
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal


def test_the_page_opens_with_what_is_endorsed_then_how(rich):
    doc = page(rich)
    headings = [text(h) for h in doc.iter("h2")]
    assert headings[:3] == ["What you endorse", "How to endorse", "Endorsers"]
    what = doc.get_element_by_id("cp-endorse-what")
    assert text(what).startswith("Platform version 2, adopted 21 March 2024")
    assert "Less food waste in Harbor City." in text(what)
    links = {text(a): a.get("href") for a in what.iter("a")}
    assert links["Read version 2 in full"] == "../platform/"
    assert links["What changed from version 1"] == "../platform/changes/v1-v2/"
    assert "1 clause added, 1 removed, 1 changed" in text(what)


def test_the_email_link_holds_the_template_and_nothing_else(rich):
    doc = page(rich)
    template = doc.get_element_by_id("cp-endorsement-template").text_content()
    link = doc.get_element_by_id("route-email").find(".//a")
    assert text(link) == "Write the email" and link.get("data-cp-dated") is not None
    address, query = mail_parts(link.get("href"))
    assert address == CONTACT
    assert set(query) == {"subject", "body"}  # no cc, bcc, to or other header
    assert query["subject"] == ["Endorsement of platform version 2"]
    body = query["body"][0]
    assert body.startswith("To Harbor Test Coalition:\n\n")
    assert template in body and "platform: v2\n" in template
    assert CONTACT in text(doc.get_element_by_id("route-email"))


def test_the_template_is_dated_the_build_date_and_says_so(rich):
    doc = page(rich)
    template = doc.get_element_by_id("cp-endorsement-template")
    line = template.get("data-cp-build-date-line")
    assert line == "date: 2024-06-20  # the day this page was built: write the day you sign"
    assert f"\n{line}\n" in template.text_content()
    note = doc.get_element_by_id("cp-template-date")
    assert note.get("data-cp-today-note") is not None
    assert text(note) == ("The endorsement is dated 2024-06-20, the day this page was built: "
                          "write the day you sign.")
    # the script replaces this line in every dated link: each carries it, encoded as Python does
    encoded = urllib.parse.quote(line, safe="")
    for a in doc.xpath("//a[@data-cp-dated]"):
        assert encoded in a.get("href")
    script = (rich.site / "assets/coalition.js").read_text(encoding="utf-8")
    assert "data-cp-build-date-line" in script and "data-cp-dated" in script
    article = lxml_html.tostring(doc.xpath("//article")[0], encoding="unicode")
    assert "<script" not in article


def test_the_issue_form_and_the_new_file_link_are_offered_on_github(rich):
    doc = page(rich)
    form = doc.get_element_by_id("route-form").find(".//a").get("href")
    assert form == ("https://github.com/harbor-food/coalition/issues/new"
                    "?template=endorse.yml&platform=v2")
    change = doc.get_element_by_id("route-change").find(".//a").get("href")
    assert change.startswith("https://github.com/harbor-food/coalition/new/main/")
    assert [li.get("id") for li in doc.get_element_by_id("cp-endorse-routes")] == [
        "route-email", "route-form", "route-change"]


def test_earlier_versions_are_marked_and_counted_apart(rich):
    doc = page(rich)
    counts = text(doc.get_element_by_id("cp-endorsement-counts"))
    assert counts == ("1 endorses the current version, version 2; 1 endorsed earlier versions; "
                      "1 withdrew. Newest first.")
    earlier = doc.get_element_by_id("cp-earlier-endorsements")
    badge = earlier.xpath(".//span[contains(@class, 'cp-badge')]")
    assert [text(b) for b in badge] == ["endorsed version 1; current is version 2"]
    current = doc.get_element_by_id("cp-current-endorsements")
    assert not current.xpath(".//span[contains(@class, 'cp-badge')]")


def test_without_contact_or_forge_the_page_says_whom_to_send_it_to(tmp_path):
    portal = make_portal(tmp_path / "plain")  # MINIMAL: no contact, no repo_url
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    doc = page(portal)
    assert "cp-endorse-routes" not in {e.get("id") for e in doc.iter()}
    assert "Send the filled-in lines to the coalition's secretary." in text(doc)
    assert not [a for a in doc.iter("a") if (a.get("href") or "").startswith("mailto:")]


def test_a_gitlab_repository_gets_no_issue_form_link(tmp_path):
    files_ = with_contact(RICH)
    files_["coalition.yml"] = files_["coalition.yml"].replace(
        "https://github.com/harbor-food/coalition", "https://gitlab.com/harbor-food/coalition")
    portal = make_portal(tmp_path / "gitlab", files_)
    assert portal.build("--strict").returncode == 0
    ids = {e.get("id") for e in page(portal).iter()}
    assert {"route-email", "route-change"} <= ids and "route-form" not in ids


def test_hostile_text_stays_inside_the_email_body(hostile):
    doc = page(hostile)
    href = doc.get_element_by_id("route-email").find(".//a").get("href")
    assert not re.search(r"[\s<>\"'`]", href), href  # every character of content encoded
    address, query = mail_parts(href)
    assert address == CONTACT and set(query) == {"subject", "body"}
    assert query["subject"] == ["Endorsement of platform version 2"]
    body = query["body"][0]
    assert f"To {marker('coalition.name')} {PAYLOAD}:" in body  # kept as text, whole
    assert href.count("?") == 1 and href.count("&") == 1


@pytest.mark.parametrize("contact, subject, body", [
    ("a@b.example", "x\r\nBcc: evil@example.org", "y&cc=evil@example.org"),
    ("a@b.example", "?to=evil@example.org#", "%0ABcc:evil@example.org"),
])
def test_mail_link_encodes_every_character_of_its_texts(contact, subject, body):
    link = mail_link(contact, subject, body)
    address, query = mail_parts(link)
    assert address == contact
    assert query == {"subject": [subject], "body": [body]}


@pytest.mark.parametrize("contact, problem", [
    ("evil@example.org?cc=victim@example.org", "should be a plain email address"),
    ('"Secretary <secretary@example.org>"', "should be a plain email address"),
    ('"secretary@example.org\\nBcc: victim@example.org"', "should be a plain email address"),
    ("secretary", "should be a plain email address"),
    ('"javascript:alert(1)//@example.org"', "should be a plain email address"),
])
def test_a_contact_that_is_not_a_plain_address_is_refused_with_file_line_and_field(
        tmp_path, contact, problem):
    portal = make_portal(tmp_path / "bad", with_contact(RICH, contact))
    result = portal.coalition("validate")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert re.search(r"coalition\.yml:\d+: contact", out), out
    assert problem in out and "Traceback" not in out
