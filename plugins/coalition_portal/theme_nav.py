"""The theme's sidebar navigation, rendered once per distinct state instead of per page.

Material renders its navigation (``partials/nav.html``, every entry of the site) for every
page: a third of laying out an archive's pages, although a record page (a meeting, a
member: not itself in the navigation) shows the same navigation as every other record page
with the same current entries and the same relative links.  The adapter
(:mod:`.mkdocs_plugin`) puts a :class:`NavCache` in the theme's Jinja globals; the
``site_nav`` block of ``overrides/main.html`` asks it for the page's :meth:`~NavCache.key`,
and renders Material's partial only for a key it has not seen (:meth:`~NavCache.keep`).

The key is everything of the page that ``nav.html`` reads: which entries are active (the
open branch, the current section) and the page-relative form of every URL it writes (each
entry's, the home page's, the logo's).  A page that is itself in the navigation (its entry
is the current page, with its table of contents inline) has no key: it is rendered as
Material renders it.  Engine-neutral: the engine's URL function is handed in, so this
module imports nothing of MkDocs.
"""

from __future__ import annotations

from typing import Callable, Iterable


class NavCache:
    """One build's navigation HTML by key (a new cache each build: titles may change)."""

    def __init__(self, items: Iterable, pages: Iterable, targets: Iterable[str],
                 relative: Callable[[str, object], str]) -> None:
        self._items = list(_walk(items))
        self._in_nav = {id(page) for page in pages}
        urls = [getattr(item, "url", None) for item in self._items]
        self._targets = [str(url) for url in [*urls, *targets] if url is not None]
        self._relative = relative
        self._kept: dict[tuple, str] = {}

    @classmethod
    def of(cls, config, nav, url: Callable[..., str]) -> NavCache:
        """The navigation ``nav`` of an engine configured by ``config`` (MkDocs'), whose
        ``url(path, page=page)`` makes a URL relative to a page: the URLs the theme writes
        besides its entries' are the home page's and the logo's."""
        targets = [getattr(nav.homepage, "url", None), config.extra.get("homepage"),
                   config.theme.get("logo")]
        return cls(nav.items, nav.pages, [str(t) for t in targets if t],
                   lambda path, page: url(path, page=page))

    def key(self, page) -> tuple | None:
        """What the navigation of ``page`` depends on, or None: render it as the theme does."""
        if page is None or id(page) in self._in_nav:
            return None
        return (tuple(bool(item.active) for item in self._items),
                tuple(self._relative(url, page) for url in self._targets))

    def kept(self, key: tuple | None) -> str | None:
        return self._kept.get(key) if key is not None else None

    def keep(self, key: tuple | None, html: str) -> str:
        if key is not None:
            self._kept[key] = html
        return html

    @property
    def rendered(self) -> int:
        """How many times the theme rendered a navigation that was kept."""
        return len(self._kept)


def _walk(items: Iterable) -> Iterable:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())
