"""The header's search shows the payload portal's hostile text as text and never runs it.

The search box (assets/search.js) puts each result's title, sections and snippet into the
page, so what the search index holds is as dangerous as a page.  The payload portal of ``tests/payloads.py``
(a script, handlers, ``javascript:`` URLs, SVG with script, template syntax, bidi overrides
in every free-text field) is built and served; a reader types words of the payloads into
the search, and the results must appear with the payload as literal text: no element it
tries to inject, no handler, no ``javascript:`` link, and nothing called.

Every document starts with a tripwire: ``alert``, ``confirm``, ``prompt`` and ``print``
record their calls in ``window.__pwned`` (the payloads all call ``alert``); dialogs that
get past it are recorded by the page (``page.dialogs``).  A control image with an
``onerror`` handler is added after the results are shown and proves the tripwire fires.
"""

from __future__ import annotations

import pytest

from payloads import files
from portal import make_portal
from site_under_test import LocalServer, needs_playwright

expect = needs_playwright()

TRIPWIRE = """
window.__pwned = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__pwned.push(name + "(" + args.join(",") + ")"); };
}
"""

# What the search marks on the page a result opens (?h=...) is part of what a reader sees.
MKDOCS_YML = """\
site_name: Payload Coalition
site_url: https://coalition.example.org/
theme:
  name: material
  font: false
plugins:
  - coalition:
      as_of: "2024-06-20"
"""

# Words of the payloads (and of the text around them) a curious or hostile reader types,
# and a query that is itself markup.  Material's search matches the start of a word, and
# its words are split at spaces and hyphens only, so "javascript" (always after "href=" or
# "](") and "alert" find nothing: they are left out, as they would show no results.
QUERIES = ("script", "onerror", "onload", "onclick", "style", "styled", "handler",
           "raw js link", "md data link", "TEMPLATE-IF", "7*191", "RLO", "isolate", "rationale",
           "<img src=x onerror=alert(1)>")

# Injected markup, attributes and URLs that must never be elements inside the results.
INJECTED = """(root) => {
  const found = [];
  for (const el of root.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["script", "img", "svg", "iframe", "style", "object", "embed", "form", "input",
         "link", "meta", "base", "math", "video", "audio", "source"].includes(tag)) {
      found.push("<" + tag + ">");
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\u0000-\\u0020\\u007f]+/g, "");
      if (name.startsWith("on")) found.push("<" + tag + " " + name + ">");
      if (name === "style") found.push("<" + tag + " style>");
      if (/^(javascript|data|vbscript):/i.test(value)) found.push("<" + tag + " " + name + "=" + value.slice(0, 40) + ">");
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory):
    portal = make_portal(tmp_path_factory.mktemp("payload-search"), files(), mkdocs=MKDOCS_YML)
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    with LocalServer(portal.site) as local:
        yield local


@pytest.fixture
def search_page(browser, payload_server, page_factory):
    page = page_factory(browser, payload_server, "", 1280, init_script=TRIPWIRE)
    page.server_url = payload_server.url
    yield page
    page.context.close()


def search(page, query: str):
    """Put ``query`` into the search box; the results list once it shows a result.

    The query goes in whole, not typed a letter at a time: each letter would start a search
    of its own, and a busy machine could show the results of a prefix ("TEMPLATE" for
    "TEMPLATE-IF") when the list is looked at.  The box searches on input.
    """
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    results = page.locator(".md-search-result")
    expect(results.locator(".md-search-result__item").first).to_be_visible()
    return results


def settle_and_check_tripwire(page) -> list[str]:
    """Wait for a control image's error handler (so any payload image has failed too), then
    return what was called: the payloads' calls, without the control's."""
    page.evaluate("""() => {
      const img = document.createElement("img");
      img.src = "/__tripwire-control.png";
      img.onerror = () => { window.alert("control"); };
      document.body.appendChild(img);
    }""")
    page.wait_for_function("() => window.__pwned.includes('alert(control)')")
    return [call for call in page.evaluate("() => window.__pwned") if call != "alert(control)"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_results_show_payloads_as_text_and_run_nothing(query, search_page):
    page = search_page
    results = search(page, query)
    injected = results.evaluate(INJECTED)
    assert injected == [], f"search for {query!r}: injected markup in the results: {injected}"
    links = results.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    assert links and all(link.startswith(page.server_url) for link in links), links
    shown = results.inner_text()
    assert "<script>alert('script')</script>" in shown, "the payload is not shown as text"
    assert "{{ 7*191 }}" in shown and str(7 * 191) not in shown
    assert settle_and_check_tripwire(page) == []
    assert page.dialogs == [] and page.script_errors == []


def test_opening_a_result_highlights_the_payload_as_text_and_runs_nothing(search_page):
    """search.highlight marks the query's words on the page the result opens."""
    page = search_page
    results = search(page, "onerror")
    first = results.locator("a.md-search-result__link").first
    first.click()
    page.wait_for_url("**h=onerror**")
    marks = page.locator("article mark")
    expect(marks.first).to_be_visible()
    assert page.locator("article").evaluate(INJECTED) == []
    assert "onerror=alert('img')" in page.locator("article").inner_text()
    assert settle_and_check_tripwire(page) == []
    assert page.dialogs == [] and page.script_errors == []


def test_the_tripwire_catches_an_injected_handler(search_page):
    """The check above can fail: a handler that does get into the results is caught."""
    page = search_page
    results = search(page, "script")
    results.evaluate("(root) => { root.insertAdjacentHTML('beforeend', "
                     "`<img src='/__missing.png' onerror=\"alert('planted')\">`); }")
    assert results.evaluate(INJECTED) != []
    assert settle_and_check_tripwire(page) == ["alert(planted)"]

