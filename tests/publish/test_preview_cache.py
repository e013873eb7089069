"""publish/preview.py: keys that cover their inputs, and a cache that keeps only what the
last good build used (the preview as a whole: test_preview_incremental.py)."""

from __future__ import annotations

import pytest

from coalition_portal.publish.preview import NoKey, PreviewCache, digest, folder_digest


class Opaque:
    """An object whose repr says nothing of its state."""


def test_a_key_changes_with_any_part_and_refuses_what_it_cannot_tell_apart():
    assert digest("page", {"a": 1, "b": [2, 3]}) == digest("page", {"b": [2, 3], "a": 1})
    assert digest("page", {"a": 1}) != digest("page", {"a": 2})
    assert digest("page", {1, 2}) == digest("page", {2, 1})
    assert digest("a", "bc") != digest("ab", "c")
    with pytest.raises(NoKey):
        digest("page", Opaque())


def test_a_folder_key_changes_with_a_file_name_or_its_bytes(tmp_path):
    (tmp_path / "main.html").write_text("one")
    first = folder_digest([tmp_path])
    assert folder_digest([tmp_path]) == first
    (tmp_path / "main.html").write_text("two")
    second = folder_digest([tmp_path])
    assert second != first
    (tmp_path / "main.html").rename(tmp_path / "base.html")
    assert folder_digest([tmp_path]) not in (first, second)


def test_only_what_the_last_good_build_used_is_kept():
    cache = PreviewCache()
    cache.start()
    cache.keep_output("a.md", "ka", "<a>")
    cache.keep_output("b.md", "kb", "<b>")
    cache.keep_output("c.md", None, "<c>")  # no key: never kept
    cache.finish()

    cache.start()
    assert cache.output("a.md", "ka") == "<a>"
    assert cache.output("b.md", "changed") is None
    assert cache.output("c.md", None) is None
    cache.keep_output("b.md", "kb2", "<b2>")
    cache.abandon()  # a failed build: the next one starts from the last good one

    cache.start()
    assert cache.output("b.md", "kb") == "<b>" and cache.output("b.md", "kb2") is None
    cache.finish()  # this build used b only

    cache.start()
    assert cache.output("a.md", "ka") is None
    assert cache.output("b.md", "kb") == "<b>"
    assert (cache.reused, cache.laid_out) == (1, 0)


def test_search_entries_are_copies():
    cache = PreviewCache()
    cache.start()
    entries = [{"location": "a/", "title": "A", "text": "x"}]
    cache.keep_entries("k", entries)
    entries[0]["text"] = "changed by the search plugin"
    cache.finish()
    cache.start()
    kept = cache.entries("k")
    assert kept == [{"location": "a/", "title": "A", "text": "x"}]
    kept[0]["text"] = "changed again"
    assert cache.entries("k")[0]["text"] == "x"
