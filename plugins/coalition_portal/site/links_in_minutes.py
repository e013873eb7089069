"""Links and images in a meeting's minutes: relative ones resolved to its attachments.

The hook is :func:`resolve`: given a meeting's attachments (:class:`MeetingFiles`) and the
URL a link or image carries, it gives the attachment's site URL, or None when the URL is
relative to the meeting and names none of its files.  Relative means: no scheme, not
``/``-rooted, not ``//host``, not ``#fragment``; ``./review.pdf``, ``review.pdf``,
``<meeting-id>/slides-1.png`` (relative to the meeting's YAML file) and ``img/x.png`` all
name files of ``content/meetings/<meeting-id>/``; ``%20`` and the like are decoded first.

:func:`rewrite` applies it to the minutes' sanitized HTML, a pass over each ``<a href>`` and
``<img src>`` (nh3's output: every attribute double-quoted, ``"`` ``<`` ``>`` ``&`` escaped,
no ``<`` outside a tag).  A renderer with a token stream (markdown-it-py's link_open and
image tokens) can call :func:`resolve` and :func:`broken_finding` from its token pass instead.

- an attachment: the link points to its copy, relative to the page; an image that is not
  an image type (a PDF, an SVG served as text) becomes a link to it;
- a relative link to another page of the site (``../../members/parks/``), or to a file
  outside the meetings' pages (``../../data/coalition.json``): left as written;
- any other relative URL (naming nothing): a marked broken link (``<span class="cp-broken-link">``,
  the text kept, the missing path in its title) and a warning naming ``file:line``;
- an image from another site: a link to it (``third_party_images: link``, so the page makes
  no request elsewhere) or shown (``show``); an image left with no usable src (a ``data:``
  URL, refused by the sanitizer): its alt text, in brackets.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

from ..content.attachments import Attachment, MeetingFiles
from ..content.findings import Finding, Severity
from . import urls
from .render import relative_url

# one tag of nh3's output: <a ...>, </a> or <img ...>
_TAG = re.compile(r'<(/?)(a|img)((?:\s+[^\s="<>/]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s="<>/]+)(?:="([^"]*)")?')


def is_relative(url: str) -> bool:
    """A URL relative to the page it is on (what the minutes mean by a file beside them)."""
    if not url or url.startswith(("#", "/", "?")):
        return False
    return not urlsplit(url).scheme


def resolve(files: MeetingFiles | None, url: str) -> str | None:
    """The site URL (with any #fragment) of the attachment ``url`` names, else None."""
    found = attachment(files, url)
    if found is None:
        return None
    fragment = urlsplit(url).fragment
    return urls.attachment_url(files.meeting_id, found.published) + (
        f"#{fragment}" if fragment else "")


def attachment(files: MeetingFiles | None, url: str) -> Attachment | None:
    if files is None or not files.by_name:
        return None
    path = unquote(urlsplit(url).path)
    path = posixpath.normpath(path) if path else ""
    for prefix in (f"{files.meeting_id}/", f"../meetings/{files.meeting_id}/"):
        if path.startswith(prefix) and path[len(prefix):] in files.by_name:
            return files.by_name[path[len(prefix):]]
    return files.by_name.get(path)


class SitePages:
    """The URLs of the site's pages and attachments, filled once the pages are made
    (``portal.build_site``), so a relative link from the minutes to another page
    (``../../members/parks/``) or to another meeting's file is known."""

    def __init__(self) -> None:
        self.urls: set[str] = set()


def site_target(page_url: str, url: str) -> str | None:
    """The site-relative path a relative ``url`` on ``page_url`` leads to (None: above the site)."""
    path = urlsplit(url).path
    joined = posixpath.normpath(posixpath.join("/" + page_url, path))
    if joined.startswith("//") or ".." in joined.split("/"):
        return None
    target = joined.lstrip("/")
    if path.endswith(("/", "/.")) or path in ("", ".", "./"):
        target = target + "/" if target else ""
    return target


def leads_to_site(pages: SitePages | None, page_url: str, url: str) -> bool:
    """A relative link to another part of the site: a page of it, or a file outside the
    meetings' pages (a feed, a download), which the build cannot check here."""
    target = site_target(page_url, url)
    if target is None:
        return False
    if pages is not None and target in pages.urls:
        return True
    return not target.endswith("/") and target != "" and not target.startswith(
        urls.MEETINGS_PAGE)


def broken_finding(files: MeetingFiles, url: str, line: int, image: bool) -> Finding:
    what = "image" if image else "link"
    target = site_target(urls.meeting_url(files.meeting_id), url)
    if target is not None and not target.startswith(urls.meeting_url(files.meeting_id)):
        return Finding(files.source, line, "minutes.body",
                       f"the {what} to {url!r} names no file: it leads to /{target}, which "
                       "this site does not publish; fix the " + what, Severity.warning)
    return Finding(files.source, line, "minutes.body",
                   f"the {what} to {url!r} names no file of the meeting's folder "
                   f"(content/meetings/{files.meeting_id}/): add the file there or fix the "
                   f"{what}", Severity.warning)


class _Lines:
    """Finds the line of the body where a URL is written, in document order."""

    def __init__(self, files: MeetingFiles, body: str) -> None:
        self.files, self.body, self.cursor = files, body, 0

    def line(self, url: str) -> int:
        if not self.files.body_line:
            return 0
        for needle in (url, unquote(url), posixpath.basename(unquote(url))):
            at = self.body.find(needle, self.cursor) if needle else -1
            if at < 0 and needle:
                at = self.body.find(needle)
            if at >= 0:
                self.cursor = at + len(needle)
                return self.files.body_line + self.body.count("\n", 0, at)
        return self.files.body_line


def rewrite(html: str, files: MeetingFiles | None, page_url: str, body: str,
            third_party_images: str, pages: SitePages | None = None
            ) -> tuple[Markup, tuple[Finding, ...]]:
    """The minutes' sanitized ``html`` with links and images resolved, and the warnings."""
    if "<a " not in html and "<img" not in html:
        return Markup(html), ()
    findings: list[Finding] = []
    lines = _Lines(files, body) if files is not None else None
    out: list[str] = []
    last = 0
    broken_open = False

    def page_link(url: str) -> str:
        return relative_url(page_url, url)

    for match in _TAG.finditer(html):
        out.append(html[last:match.start()])
        last = match.end()
        closing, tag, attributes = match.group(1), match.group(2), match.group(3)
        if tag == "a" and closing:
            out.append(f"</span>{_MISSING}" if broken_open else match.group(0))
            broken_open = False
            continue
        attrs = {k: html_lib.unescape(v or "") for k, v in _ATTRIBUTE.findall(attributes)}
        if tag == "a":
            href = attrs.get("href", "")
            if not is_relative(href):
                out.append(match.group(0))
                continue
            target = resolve(files, href)
            if target is not None:
                out.append(_start("a", {**attrs, "href": page_link(target)}))
                continue
            if leads_to_site(pages, page_url, href):
                out.append(match.group(0))
                continue
            if lines is not None:
                findings.append(broken_finding(files, href, lines.line(href), False))
            else:
                findings.append(Finding("", 0, "minutes.body",
                                        f"the link to {href!r} names no file", Severity.warning))
            out.append(_broken(href))
            broken_open = True
            continue
        out.append(_image(attrs, files, lines, findings, page_link, third_party_images,
                          lambda src: leads_to_site(pages, page_url, src)))
    out.append(html[last:])
    return Markup("".join(out)), tuple(findings)


def _start(tag: str, attrs: dict[str, str]) -> str:
    return f"<{tag}{''.join(f' {k}={chr(34)}{escape(v)}{chr(34)}' for k, v in attrs.items())}>"


_MISSING = '<span class="cp-small"> (missing file)</span>'


def _broken(url: str) -> str:
    return f'<span class="cp-broken-link" title="{escape(f"missing file: {url}")}">'


def _image(attrs: dict[str, str], files, lines, findings, page_link, mode: str,
           on_site) -> str:
    src, alt = attrs.get("src", ""), attrs.get("alt", "")
    words = alt or posixpath.basename(urlsplit(src).path) or "image"
    if is_relative(src):
        found = attachment(files, src)
        if found is None and on_site(src):
            return _start("img", attrs)  # a file of the site, outside the meetings' pages
        if found is None:
            if lines is not None:
                findings.append(broken_finding(files, src, lines.line(src), True))
            return f'{_broken(src)}{escape(f"[image: {words}]")}</span>{_MISSING}'
        url = page_link(urls.attachment_url(files.meeting_id, found.published))
        if not found.image:
            return f'<a href="{escape(url)}">{escape(alt or found.name)}</a>'
        return _start("img", {**attrs, "src": url})
    scheme = urlsplit(src).scheme
    if src.startswith("/") and not src.startswith("//"):
        return _start("img", attrs)  # the portal's own address
    if scheme not in ("http", "https", "") or not src:
        return f'<span class="cp-image-text">{escape(f"[image: {words}]")}</span>'
    if mode == "show":
        return _start("img", attrs)
    return (f'<a class="cp-external-image" href="{escape(src)}" '
            f'rel="nofollow noopener noreferrer">{escape(f"[image: {words}]")}</a>')
