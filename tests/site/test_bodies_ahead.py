"""Page bodies rendered ahead by a second process (site/ahead.py, issue 17).

What the engine receives for each page is what rendering it in-process gives, and every
page is rendered once, by one process or the other.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from portal import REPO

from coalition_portal import portal
from coalition_portal.settings import Settings
from coalition_portal.site.ahead import Ahead
from coalition_portal.site.toc import with_title_anchor
from coalition_portal.site.wayfinding import page_body


@pytest.fixture(scope="module")
def demo_pages():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["coalition"] for p in config["plugins"]
                   if isinstance(p, dict) and "coalition" in p)
    settings = Settings.from_options(dict(options), "plugin 'coalition':")
    build = portal.build(REPO / settings.content_dir, settings, config["site_url"])
    return build.site.pages


def _render_logged(log: Path):
    def render(page) -> str:
        with open(log, "a", encoding="utf-8") as out:  # one short line: appended whole
            out.write(f"{os.getpid()} {page.src_uri}\n")
        return with_title_anchor(page_body(page))
    return render


def test_each_body_is_the_in_process_one_and_rendered_once(demo_pages, tmp_path):
    log = tmp_path / "rendered.txt"
    render = _render_logged(log)
    ahead = Ahead(demo_pages, render)
    try:
        for page in demo_pages:
            body = ahead.take(page.src_uri)
            expected = with_title_anchor(page_body(page))
            if body is None:
                body = render(page)
            assert body == expected, page.src_uri
    finally:
        ahead.close()
    rendered = [line.split(" ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(rendered) == sorted(page.src_uri for page in demo_pages)


def test_a_page_the_second_process_cannot_render_is_rendered_by_the_engine(demo_pages,
                                                                          tmp_path):
    def broken(page) -> str:
        raise RuntimeError("a bug in a template")

    ahead = Ahead(demo_pages, broken)
    try:
        for page in demo_pages:
            assert ahead.take(page.src_uri) is None  # the engine renders it (and reports)
    finally:
        ahead.close()
