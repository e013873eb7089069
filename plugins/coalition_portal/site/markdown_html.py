"""Markdown from content -> sanitized HTML, as GitHub renders it.

CommonMark with GitHub's extensions (tables, strikethrough, autolinks of bare URLs, task
lists), parsed by markdown-it-py in time linear in the text: no chunks, no fallback to
raw text.  The steps, each one pass:

1. ``_PARSER.parse``: the token stream.
2. :func:`rewrite_tokens`: one walk over the inline tokens.  Bare-word autolinks GitHub
   would not make are undone, task items get their box, strikethrough is ``<del>``, and
   decision and clause ids the text mentions become links to their records.  **Link and
   image URLs pass through** :func:`_link_url` **here**: the one place to resolve a
   relative link or image (attachments beside the minutes).
3. the HTML, cleaned by nh3's allow-list (no script, no handler, no ``javascript:``).
4. :func:`_headings`: on the clean HTML, headings keep their relative levels below the
   page's own (never merged), get ids for the page's table of contents, and a leading
   heading repeating the page title is dropped.

A pure function of its arguments (text, the ids it may link, where it is shown), so each
text is rendered once (``lru_cache``).
"""

from __future__ import annotations

import functools
import html as html_lib
import posixpath
import re
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "h1", "h2",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr",
    "q", "cite", "kbd", "details", "summary",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope", "style"},
                      "td": {"style"}, "ol": {"start"}}
STYLE_PROPERTIES = {"text-align"}  # a table column's alignment, nothing else
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
# The minutes may embed images; site.links_in_minutes then resolves each src (an attachment,
# or an https image shown or made a link per the third_party_images option).
MINUTES_TAGS = ALLOWED_TAGS | {"img"}
MINUTES_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"}}

# Block nesting (each blockquote one level, each list two) deeper than this is shown as the
# text it is: markdown-it would otherwise drop everything past its own limit, and each level
# is a few Python frames.  No minutes nest 30 lists deep.
MAX_BLOCK_LEVEL = 60


class LinkTargets:
    """The record ids a text may mention (decisions, clauses) -> their site-relative URLs.

    One per site; compared and hashed by identity, so that a render cached for one site is
    never reused for another.  Only ids with a hyphen are linked: an id that is one word
    ("budget") cannot be told from the word.
    """

    __slots__ = ("urls",)

    def __init__(self, urls: Mapping[str, str] | None = None) -> None:
        self.urls: dict[str, str] = dict(urls or {})


NO_TARGETS = LinkTargets()


def _too_deep(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.level < MAX_BLOCK_LEVEL:
        return False
    if not silent:
        token = state.push("paragraph_open", "p", 1)
        token.map = [start, end]
        token = state.push("inline", "", 0)
        token.content = state.getLines(start, end, state.blkIndent, False).strip()
        token.map = [start, end]
        token.children = []
        state.push("paragraph_close", "p", -1)
    state.line = end
    return True


# markdown-it has one nesting limit for blocks and inline text; inline work grows with it
# (each '[' looks that deep for its ']'), so inline text keeps CommonMark's 20.
INLINE_NESTING = 20


def _nesting(limit: int):
    def rule(state) -> None:
        state.md.options["maxNesting"] = limit
    return rule


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # curly quotes and apostrophes, as the portal always set them (no other replacements)
    md = MarkdownIt("gfm-like", {"maxNesting": INLINE_NESTING, "typographer": True})
    md.enable("smartquotes")
    first = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first, "cp_too_deep", _too_deep)
    md.core.ruler.before("block", "cp_block_nesting", _nesting(MAX_BLOCK_LEVEL + 10))
    md.core.ruler.after("block", "cp_inline_nesting", _nesting(INLINE_NESTING))
    _quick_pretest(md.linkify)
    return md


# linkify-it's pretest (one large regex per paragraph) was a fifth of rendering long
# minutes. Each of its alternatives needs a scheme (``http:``, ``mailto:``, ``//``), an
# ``@``, ``localhost``, ``www.`` or a dot before a letter or digit (``.org``, ``.1.``):
# a paragraph with none of those cannot hold a link, and skips it. Same links otherwise.
_MAY_LINK = re.compile(r"[:/@]|\.\w|www\.|localhost", re.IGNORECASE)


def _quick_pretest(linkify) -> None:
    pretest = linkify.pretest
    linkify.pretest = lambda text: _MAY_LINK.search(text) is not None and pretest(text)


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative, '' is home)."""
    to_path, _, fragment = to_url.partition("#")
    return _relative_path(from_url, to_path) + (f"#{fragment}" if fragment else "")


# A page links to the same pages many times (a member in every vote, a meeting for each of
# its decisions); pages render one after another, so a small cache spares most of the work.
@functools.lru_cache(maxsize=65536)
def _relative_path(from_url: str, to_path: str) -> str:
    here = from_url.split("/")[:-1]  # the page's folder ("a/b/" and "a/b/c.html": a, b)
    there = to_path.split("/")
    folder = there[-1] == ""  # "", "members/" (a folder) against "feeds/all.xml" (a file)
    if folder:
        there.pop()
    if _UNUSUAL.intersection(here) or _UNUSUAL.intersection(there):
        return _relpath(from_url, to_path)  # "", "." or ".." inside: as posixpath reads them
    common = 0
    for mine, theirs in zip(here, there):
        if mine != theirs:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    if folder:
        return rel + "/" if rel else "./"
    return rel or "."


_UNUSUAL = frozenset(("", ".", ".."))


def _relpath(from_url: str, to_path: str) -> str:
    """What :func:`_relative_path` gives, by posixpath (for any path, however written)."""
    base = "/" + from_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    rel = posixpath.relpath("/" + to_path, base)
    if to_path.endswith("/") or to_path == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


# -- step 2: the token stream -------------------------------------------------------------

_ID = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")
_GITHUB_AUTOLINK = re.compile(r"(?:https?://|mailto:|www\.)", re.I)
_TASK = re.compile(r"\[([ xX])\][ \t]")


def _link_url(url: str, kind: str, targets: LinkTargets, page_url: str) -> str:
    """Where a link (``kind`` "link") or an image ("image") of the text points, shown on
    ``page_url``.

    The hook for relative links and images (files beside the minutes: what a text may
    link to can travel in ``targets``, which is part of the cache key); today every URL
    is kept as written, and nh3 drops what is not http, https, mailto or relative.
    """
    return url


def rewrite_tokens(tokens: list[Token], targets: LinkTargets, page_url: str) -> None:
    """One walk over the inline tokens (see the module's step 2)."""
    after_item = False
    for token in tokens:
        if token.type == "inline" and token.children is not None:
            if after_item:
                _task_box(token.children)
            token.children = _inline(token.children, targets, page_url)
        after_item = token.type == "list_item_open" or (
            after_item and token.type == "paragraph_open")


def _task_box(children: list[Token]) -> None:
    first = children[0] if children else None
    if first is not None and first.type == "text":
        match = _TASK.match(first.content)
        if match:
            box = "\u2611" if match.group(1) in "xX" else "\u2610"  # ☑ ☐
            first.content = f"{box} {first.content[match.end():]}"


def _inline(children: list[Token], targets: LinkTargets, page_url: str) -> list[Token]:
    out: list[Token] = []
    in_link = 0
    undone = 0  # linkify links being undone (their close is dropped too)
    for index, token in enumerate(children):
        kind = token.type
        if kind == "link_open":
            if token.markup == "linkify" and not _github_autolink(children, index):
                undone += 1  # a bare "render.py": GitHub links only www. and scheme://
                continue
            href = token.attrGet("href")
            if href is not None:
                token.attrSet("href", _link_url(str(href), "link", targets, page_url))
            in_link += 1
        elif kind == "link_close":
            if undone and not in_link:
                undone -= 1
                continue
            in_link -= 1
        elif kind == "image":
            src = token.attrGet("src")
            if src is not None:
                token.attrSet("src", _link_url(str(src), "image", targets, page_url))
        elif kind in ("s_open", "s_close"):
            token.tag = "del"
        elif not in_link and targets.urls:
            if kind == "text":
                out.extend(_linked_ids(token, targets, page_url))
                continue
            if kind == "code_inline" and token.content in targets.urls:
                out.extend(_link(token, targets.urls[token.content], page_url))
                continue
        out.append(token)
    return out


def _github_autolink(children: list[Token], index: int) -> bool:
    """Whether the bare URL linkify found at ``children[index]`` is one GitHub links too."""
    shown = children[index + 1].content if index + 1 < len(children) else ""
    return bool(_GITHUB_AUTOLINK.match(shown)) or "@" in shown


def _link(inner: Token, url: str, page_url: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrSet("href", relative_url(page_url, url))
    return [opening, inner, Token("link_close", "a", -1)]


def _mentions(text: str, targets: LinkTargets):
    """Each id of ``targets`` that ``text`` mentions, as (match, its URL): the one rule of
    which words become links, for Markdown and for one-line text alike."""
    for match in _ID.finditer(text):
        url = targets.urls.get(match.group())
        if url is not None:
            yield match, url


def _linked_ids(token: Token, targets: LinkTargets, page_url: str) -> list[Token]:
    text = token.content
    out: list[Token] = []
    last = 0
    for match, url in _mentions(text, targets):
        if match.start() > last:
            out.append(_text(text[last:match.start()]))
        out.extend(_link(_text(match.group()), url, page_url))
        last = match.end()
    if not out:
        return [token]
    if last < len(text):
        out.append(_text(text[last:]))
    return out


def linked_text(text: str, targets: LinkTargets, link) -> Markup:
    """One line of plain text (a rationale, an agenda item), escaped, with the record ids
    of ``targets`` it mentions linked; ``link`` makes a site URL relative to the page."""
    out: list[str] = []
    last = 0
    for match, url in _mentions(text, targets):
        out.append(html_lib.escape(text[last:match.start()], quote=False))
        out.append(f'<a href="{html_lib.escape(link(url))}">{match.group()}</a>')
        last = match.end()
    out.append(html_lib.escape(text[last:], quote=False))
    return Markup("".join(out))


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


# -- step 4: headings -------------------------------------------------------------------

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_NOT_IN_ID = re.compile(r"[^\w\- ]+")


def _words(inner_html: str) -> str:
    return " ".join(html_lib.unescape(_TAGS.sub("", inner_html)).split())


def _headings(html: str, title: str, top: int, id_prefix: str) -> str:
    """Headings below the page's own: the text's highest level becomes ``h{top}``, each
    deeper level one more, never merged: past h6, ``<p role="heading" aria-level>``.

    Every heading gets an id (``id_prefix`` + its words, GitHub's way), which the page's
    table of contents lists.  A first heading that only repeats ``title`` is dropped.
    """
    found = list(_HEADING.finditer(html))
    if not found:
        return html
    if title and not html[:found[0].start()].strip() \
            and _words(found[0].group(2)).casefold() == " ".join(title.split()).casefold():
        html = html[found[0].end():].lstrip("\n")
        found = list(_HEADING.finditer(html))
        if not found:
            return html
    highest = min(int(m.group(1)) for m in found)
    used: dict[str, int] = {}
    parts, last = [], 0
    for match in found:
        level = int(match.group(1)) - highest + top
        slug = _NOT_IN_ID.sub("", _words(match.group(2)).lower()).strip()
        slug = re.sub(r"[\s-]+", "-", slug)[:60].strip("-") or "section"
        seen = used.get(slug, 0)
        used[slug] = seen + 1
        anchor = f"{id_prefix}{slug}" + (f"-{seen + 1}" if seen else "")
        inner = match.group(2)
        parts.append(html[last:match.start()])
        if level <= 6:
            parts.append(f'<h{level} id="{anchor}">{inner}</h{level}>')
        else:
            parts.append(f'<p role="heading" aria-level="{level}" id="{anchor}" '
                         f'class="cp-heading">{inner}</p>')
        last = match.end()
    parts.append(html[last:])
    return "".join(parts)


# Short texts (rationales, statements, reasons) are rendered once and kept: the same text
# comes back on several pages. A long one (minutes: up to 300 KB of a transcript) is kept
# by its record's view where it is needed; a second copy here held a long archive's every
# minutes for the whole build.
CACHED_UP_TO = 20_000  # characters


def markdown_html(text: str, targets: LinkTargets = NO_TARGETS, page_url: str = "",
                  title: str = "", top: int = 3, id_prefix: str = "md-",
                  images: bool = False) -> Markup:
    """``text`` (already without bidi overrides) as sanitized HTML shown on ``page_url``.

    ``targets``: the ids it may link; ``title``: the page title a leading heading may
    repeat; ``top``: the level of its highest headings; ``id_prefix``: of its headings' ids;
    ``images`` (the minutes): ``<img>`` is kept (src: http, https or relative).
    """
    render = _cached_markdown_html if len(text) <= CACHED_UP_TO else _markdown_html
    return render(text, targets, page_url, title, top, id_prefix, images)


def _markdown_html(text: str, targets: LinkTargets, page_url: str, title: str, top: int,
                   id_prefix: str, images: bool) -> Markup:
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    rewrite_tokens(tokens, targets, page_url)
    raw = md.renderer.render(tokens, md.options, env)
    clean = nh3.clean(raw, tags=MINUTES_TAGS if images else ALLOWED_TAGS,
                      attributes=MINUTES_ATTRIBUTES if images else ALLOWED_ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel=LINK_REL, strip_comments=True,
                      filter_style_properties=STYLE_PROPERTIES)
    return Markup(_headings(clean, title, top, id_prefix))


_cached_markdown_html = functools.lru_cache(maxsize=4096)(_markdown_html)
