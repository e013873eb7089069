"""What the browser tests ask of a page: axe's findings, overflow, focus and its indicator;
and opening the header's search as a reader does."""

from __future__ import annotations

BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """axe-core's violations of the page as it is now, keeping only the given impacts."""
    from axe_playwright_python.sync_playwright import Axe  # with the browser, not at collection

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = " / ".join(node.get("failureSummary", "").splitlines()[1:3]).strip()
            if summary:
                lines.append(f"      {summary[:240]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth")


ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let r = e.getBoundingClientRect();
  // a visually hidden input (Material's colour-scheme switch) shows its focus on the label
  // that follows it (Material styles ".md-option.focus-visible + label")
  const next = e.nextElementSibling;
  if ((r.width < 1 || r.height < 1) && next && next.tagName === 'LABEL') r = next.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 60),
          href: e.getAttribute('href'), inArticle: !!e.closest('article'),
          x: r.x, y: r.y, width: r.width, height: r.height,
          html: e.outerHTML.slice(0, 160),
          searchOpen: !!(document.getElementById('__search') || {}).checked};
}"""


def active_element(page) -> dict | None:
    return page.evaluate(ACTIVE)


def tab(page) -> dict | None:
    """Press Tab; the newly focused element, noting whether that focus opened the search."""
    was_open = page.evaluate("() => !!(document.getElementById('__search') || {}).checked")
    page.keyboard.press("Tab")
    active = active_element(page)
    if active is not None and not was_open and "md-search__input" in active["html"]:
        # Material opens the search dialog from a focus handler: give it the time to run
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            page.wait_for_function(
                "() => !!(document.getElementById('__search') || {}).checked", timeout=3000)
        except PlaywrightTimeout:
            pass
        active = active_element(page)
    if active is not None:
        active["openedSearch"] = active["searchOpen"] and not was_open
    return active


def focus_indicator_visible(page, active: dict) -> bool:
    """Does focusing the active element change what is on screen around it?

    The region around the element is photographed focused and then blurred; an
    indicator of any style (outline, shadow, colour, underline) shows as a difference.
    An element outside the viewport or without size has no visible focus at all.
    Focus that opened Material's search dialog is plain to see (the dialog stays open
    after a blur, so the two pictures would not show it).
    """
    if active.get("openedSearch"):
        return True
    viewport = page.viewport_size
    margin = 6
    x0, y0 = max(active["x"] - margin, 0), max(active["y"] - margin, 0)
    x1 = min(active["x"] + active["width"] + margin, viewport["width"])
    y1 = min(active["y"] + active["height"] + margin, viewport["height"])
    if active["width"] < 1 or active["height"] < 1 or x1 - x0 < 2 or y1 - y0 < 2:
        return False
    clip = {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
    focused = page.screenshot(clip=clip, animations="disabled", caret="initial")
    handle = page.evaluate_handle("() => document.activeElement")
    page.evaluate("(e) => e.blur()", handle)
    blurred = page.screenshot(clip=clip, animations="disabled", caret="initial")
    page.evaluate("(e) => e.focus()", handle)  # the next Tab goes on from here
    return focused != blurred


def open_search(page, width: int):
    """Open the header's search as a reader does: the button on a phone, "/" on a desktop;
    returns the focused search box."""
    from playwright.sync_api import expect  # with the browser, not at collection

    if width < 1220:
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    return box
