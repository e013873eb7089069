"""A meeting's attachments (content/meetings/<id>/): copied, listed, linked and embedded from
the minutes; a relative link or image naming no file is a warning naming file:line (issue 15)."""

from __future__ import annotations

import html
import os
import re
import struct
import zlib

import feedparser
import pytest
from portal import MKDOCS_YML

MEETING = "2024-01-10-formation"
FILE = f"meetings/{MEETING}.yml"
PAGE = f"meetings/{MEETING}/index.html"
FILES = f"meetings/{MEETING}/files"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BODY_END = "    The members agreed on a shared interest: less food waste.\n"
MINUTES = BODY_END + """\
    The review is in [the review](./review.pdf) and [again](review.pdf#page=2).

    ![The first slide](slide.png)

    ![The second slide](formation-2024/../slide.png)

    ![A chart](https://images.example.net/chart.png)

    The budget is in [the budget](./budget-missing.xlsx).

    ![Gone](img/nothing.png)
"""


def png(width: int = 2, height: int = 1) -> bytes:
    """A real (tiny) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def with_attachments(portal, minutes: str = MINUTES):
    portal.edit(FILE, BODY_END, minutes)
    portal.write_bytes(f"meetings/{MEETING}/review.pdf", PDF)
    portal.write_bytes(f"meetings/{MEETING}/slide.png", png())
    portal.write_bytes(f"meetings/{MEETING}/notes/unused notes.xyz", b"PK\x03\x04" + b"x" * 2400)
    return portal


def line_of(portal, text: str) -> int:
    lines = (portal.content / FILE).read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.fixture
def attached(portal):
    return with_attachments(portal)


def test_every_attachment_is_listed_with_its_type_and_size_and_copied_byte_for_byte(attached):
    result = attached.build()
    assert result.returncode == 0, result.stderr
    page = (attached.site / PAGE).read_text()
    files = page[page.index('<h2 id="files">'):]
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)(?:<br>.*?)?</td>'
                      r'<td>([^<]+)</td></tr>', files)
    assert rows == [("files/notes/unused-notes.xyz", "notes/unused notes.xyz",
                     "XYZ file", "2.4 kB"),
                    ("files/review.pdf", "review.pdf", "PDF document", f"{len(PDF)} bytes"),
                    ("files/slide.png", "slide.png", "PNG image", f"{len(png())} bytes")]
    source = attached.content / "meetings" / MEETING
    for copied, original in (("review.pdf", "review.pdf"), ("slide.png", "slide.png"),
                             ("notes/unused-notes.xyz", "notes/unused notes.xyz")):
        assert (attached.site / FILES / copied).read_bytes() == (source / original).read_bytes()


def test_the_minutes_link_and_embed_the_copied_files(attached):
    assert attached.build().returncode == 0
    page = (attached.site / PAGE).read_text()
    minutes = page[page.index('<div class="cp-minutes">'):page.index('<h2 id="files">')]
    assert '<a href="files/review.pdf" rel="nofollow noopener noreferrer">the review</a>' in minutes
    assert '<a href="files/review.pdf#page=2"' in minutes
    images = [(alt, src) for src, alt in re.findall(r'<img src="([^"]+)" alt="([^"]*)">', minutes)]
    assert images == [("The first slide", "files/slide.png"), ("The second slide", "files/slide.png")]
    for _, src in images:
        assert (attached.site / f"meetings/{MEETING}" / src).is_file()


def test_a_third_party_image_is_a_link_by_default_and_shown_when_asked(attached, tmp_path):
    assert attached.build().returncode == 0
    page = (attached.site / PAGE).read_text()
    assert "images.example.net" in page
    assert not re.search(r'<img[^>]+src="https://images\.example\.net', page)  # no request elsewhere
    assert ('<a class="cp-external-image" href="https://images.example.net/chart.png" '
            'rel="nofollow noopener noreferrer">[image: A chart]</a>') in page
    (attached.root / "mkdocs.yml").write_text(
        MKDOCS_YML + "      third_party_images: show\n", encoding="utf-8")
    assert attached.build().returncode == 0
    page = (attached.site / PAGE).read_text()
    assert '<img src="https://images.example.net/chart.png" alt="A chart">' in page


def test_a_relative_link_or_image_to_no_file_warns_naming_file_and_line(attached):
    result = attached.build()
    assert result.returncode == 0, result.stderr
    path = f"content/{FILE}"
    link_line, image_line = line_of(attached, "budget-missing"), line_of(attached, "nothing.png")
    assert (f"{path}:{link_line}: minutes.body: warning: the link to './budget-missing.xlsx' "
            "names no file of the meeting's folder") in result.stderr
    assert (f"{path}:{image_line}: minutes.body: warning: the image to 'img/nothing.png' "
            "names no file") in result.stderr
    page = (attached.site / PAGE).read_text()
    # shown, marked, never dropped
    assert ('<span class="cp-broken-link" title="missing file: ./budget-missing.xlsx">the budget'
            '</span><span class="cp-small"> (missing file)</span>') in page
    assert "[image: Gone]</span>" in page
    assert 'href="./budget-missing.xlsx"' not in page and 'src="img/nothing.png"' not in page


def test_a_strict_build_fails_on_a_broken_link_and_keeps_the_last_site(attached):
    first = attached.build("--strict")
    assert first.returncode != 0
    assert "budget-missing.xlsx" in first.stderr and "Traceback" not in first.stderr
    assert not attached.site.exists()
    attached.edit(FILE, "    The budget is in [the budget](./budget-missing.xlsx).\n", "")
    attached.edit(FILE, "    ![Gone](img/nothing.png)\n", "")
    result = attached.build("--strict")
    assert result.returncode == 0, result.stderr
    assert (attached.site / FILES / "review.pdf").read_bytes() == PDF


def test_feeds_link_the_attachments_absolutely(attached):
    assert attached.build().returncode == 0
    feed = feedparser.parse((attached.site / "feeds/minutes.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link.endswith(f"/meetings/{MEETING}/"))
    content = html.unescape(entry.content[0].value)
    base = f"https://coalition.example.org/meetings/{MEETING}/files/"
    assert f'href="{base}review.pdf"' in content
    assert f'src="{base}slide.png"' in content


def test_the_links_ledger_records_the_attachments(attached):
    assert attached.build().returncode == 0
    result = attached.coalition("links", "update", "content")
    assert result.returncode == 0, result.stderr
    ledger = (attached.content / "links.yml").read_text()
    for name in ("review.pdf", "slide.png", "notes/unused-notes.xyz"):
        assert f"  - /meetings/{MEETING}/files/{name}\n" in ledger


def test_names_are_published_safely_and_found_as_written(portal):
    minutes = BODY_END + "    [Slides](<Board Slides (final).pdf>) and [again](Board%20Slides%20(final).pdf)\n"
    portal.edit(FILE, BODY_END, minutes)
    portal.write_bytes(f"meetings/{MEETING}/Board Slides (final).pdf", PDF)
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    page = (portal.site / PAGE).read_text()
    assert page.count('href="files/Board-Slides-final.pdf"') == 3  # twice in the minutes, once listed
    assert (portal.site / FILES / "Board-Slides-final.pdf").read_bytes() == PDF


def test_html_and_svg_attachments_are_served_as_text_and_never_embedded(portal):
    portal.edit(FILE, BODY_END, BODY_END + "    ![logo](logo.svg) and [page](page.html)\n")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    portal.write_bytes(f"meetings/{MEETING}/logo.svg", svg)
    portal.write_bytes(f"meetings/{MEETING}/page.html", b"<script>alert(1)</script>")
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    page = (portal.site / PAGE).read_text()
    assert '<a href="files/logo.svg.txt">logo</a>' in page
    assert 'href="files/page.html.txt"' in page
    assert "<img" not in page[page.index('<div class="cp-minutes">'):]
    assert "SVG file, served as text" in page and "cannot run in a reader" in page
    assert (portal.site / FILES / "logo.svg.txt").read_bytes() == svg
    assert not (portal.site / FILES / "logo.svg").exists()
    assert not (portal.site / FILES / "page.html").exists()


def test_a_meeting_without_attachments_has_no_files_section(portal):
    assert portal.build("--strict").returncode == 0
    page = (portal.site / PAGE).read_text()
    assert 'id="files"' not in page and not (portal.site / FILES).exists()


# --- what is refused, with a message naming the file -------------------------------------


def test_a_link_out_of_the_meetings_folder_is_refused(portal, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the public")
    (portal.content / "meetings" / MEETING).mkdir()
    os.symlink(secret, portal.content / "meetings" / MEETING / "leak.txt")
    result = portal.build()
    assert result.returncode == 1
    assert (f"content/meetings/{MEETING}/leak.txt: this link points outside the meeting's "
            "folder; copy the file in instead") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_link_inside_the_folder_is_published_as_a_copy(portal):
    folder = portal.content / "meetings" / MEETING
    portal.write_bytes(f"meetings/{MEETING}/review.pdf", PDF)
    os.symlink("review.pdf", folder / "review-copy.pdf")
    assert portal.build("--strict").returncode == 0
    assert (portal.site / FILES / "review-copy.pdf").read_bytes() == PDF
    assert not (portal.site / FILES / "review-copy.pdf").is_symlink()


def test_a_file_over_the_size_cap_is_refused(portal):
    (portal.root / "mkdocs.yml").write_text(MKDOCS_YML + "      attachment_max_mb: 1\n",
                                            encoding="utf-8")
    portal.write_bytes(f"meetings/{MEETING}/video.mp4", b"\0" * 1_500_000)
    result = portal.build()
    assert result.returncode == 1
    assert (f"content/meetings/{MEETING}/video.mp4: the file takes 1.5 MB, more than the "
            "1.0 MB allowed per attachment (the attachment_max_mb option)") in result.stderr


def test_attachments_over_the_total_cap_are_refused(portal):
    (portal.root / "mkdocs.yml").write_text(MKDOCS_YML + "      attachments_total_max_mb: 1\n",
                                            encoding="utf-8")
    portal.write_bytes(f"meetings/{MEETING}/a.pdf", b"\0" * 600_000)
    portal.write_bytes("meetings/2024-02-15-regular/b.pdf", b"\0" * 600_000)
    result = portal.build()
    assert result.returncode == 1
    assert ("content/meetings: the meetings' attachments take 1.2 MB, more than the 1.0 MB "
            "allowed (the attachments_total_max_mb option)") in result.stderr


def test_a_folder_named_like_no_meeting_is_refused(portal):
    portal.write_bytes("meetings/2024-03-01-typo/a.pdf", PDF)
    result = portal.coalition("validate", "content")
    assert result.returncode == 1
    assert ("content/meetings/2024-03-01-typo: '2024-03-01-typo/' holds no meeting's files: "
            "there is no meetings/2024-03-01-typo.yml") in result.stdout + result.stderr


def test_two_names_published_alike_are_refused(portal):
    portal.write_bytes(f"meetings/{MEETING}/a b.pdf", PDF)
    portal.write_bytes(f"meetings/{MEETING}/a-b.pdf", PDF)
    result = portal.build()
    assert result.returncode == 1
    assert "published as files/a-b.pdf, like a b.pdf: rename one" in result.stderr


# --- the hook, for the renderer ----------------------------------------------------------


def test_resolve_names_the_attachment_or_nothing(attached):
    from coalition_portal.checks.pipeline import prepare
    from coalition_portal.site.links_in_minutes import resolve

    files = prepare(attached.content).attachments[MEETING]
    site = f"meetings/{MEETING}/files/"
    assert resolve(files, "./review.pdf") == site + "review.pdf"
    assert resolve(files, "review.pdf#page=3") == site + "review.pdf#page=3"
    assert resolve(files, f"{MEETING}/slide.png") == site + "slide.png"
    assert resolve(files, "notes/unused%20notes.xyz") == site + "notes/unused-notes.xyz"
    assert resolve(files, "missing.pdf") is None
    assert resolve(files, "../../../etc/passwd") is None
    assert files.body_line == line_of(attached, "## Shared interest")


def test_a_relative_link_to_another_page_of_the_site_stays_and_one_to_no_page_warns(portal):
    portal.edit(FILE, BODY_END, BODY_END + "    See [Parks](../../members/parks/), "
                "[the data](../../data/coalition.json), [the next one's plan]"
                "(../2024-02-15-regular/files/plan.pdf) and [nobody](../../members/nobody/).\n")
    portal.write_bytes("meetings/2024-02-15-regular/plan.pdf", PDF)
    result = portal.build()
    assert result.returncode == 0, result.stderr
    page = (portal.site / PAGE).read_text()
    assert '<a href="../../members/parks/" rel="nofollow noopener noreferrer">Parks</a>' in page
    assert '<a href="../../data/coalition.json"' in page
    assert '<a href="../2024-02-15-regular/files/plan.pdf"' in page
    line = line_of(portal, "members/nobody")
    assert (f"content/{FILE}:{line}: minutes.body: warning: the link to '../../members/nobody/' "
            "names no file: it leads to /members/nobody/, which this site does not publish"
            ) in result.stderr
    assert result.stderr.count("minutes.body: warning") == 1


def test_raw_img_tags_resolve_like_markdown_images_and_keep_only_safe_attributes(portal):
    minutes = BODY_END + ('    <img src="slide.png" alt="raw" width="320" height="160" '
                          'onerror="alert(1)" style="position:fixed">\n\n'
                          '    <img src="data:image/png;base64,AAAA" alt="inline data">\n')
    portal.edit(FILE, BODY_END, minutes)
    portal.write_bytes(f"meetings/{MEETING}/slide.png", png())
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    page = (portal.site / PAGE).read_text()
    assert '<img src="files/slide.png" alt="raw" width="320" height="160">' in page
    assert "onerror" not in page and "position:fixed" not in page and "data:image" not in page
    assert '<span class="cp-image-text">[image: inline data]</span>' in page


def test_a_file_loose_in_meetings_says_where_attachments_go(portal):
    portal.write_bytes(f"meetings/{MEETING}.pdf", PDF)
    result = portal.coalition("validate", "content")
    assert result.returncode == 1
    assert (f"content/meetings/{MEETING}.pdf: meetings/ holds only YAML files ending in .yml; "
            "this is not one; a meeting's attachments go in a folder named like its file, "
            "meetings/<meeting-id>/") in result.stdout + result.stderr
