"""The same content and the same as_of give byte-identical output, whatever the machine does.

Builds are compared file by file: two builds in a row, builds under another hash seed, with
other file modification times, and in another checkout folder.  SOURCE_DATE_EPOCH, when set,
is what MkDocs stamps; when unset, the plugin stamps as_of instead of the clock.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import struct

from portal import AS_OF, Portal, make_portal


def _tree(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def _build(portal, env=None) -> dict[str, bytes]:
    # a hash seed is chosen when a process starts: those builds are processes of their own
    result = portal.build(env=env, process="PYTHONHASHSEED" in (env or {}))
    assert result.returncode == 0, result.stderr
    return _tree(portal.site)


def _differences(a: dict, b: dict) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def _gzip_mtime(path) -> int:
    return struct.unpack("<I", path.read_bytes()[4:8])[0]


def test_two_builds_are_byte_identical(portal):
    first = _build(portal)
    assert len(first) > 10
    assert _differences(first, _build(portal)) == []


def test_hash_seed_mtimes_and_folder_do_not_change_a_byte(tmp_path):
    one = make_portal(tmp_path / "one")
    reference = _build(one, env={"PYTHONHASHSEED": "1"})
    assert _differences(reference, _build(one, env={"PYTHONHASHSEED": "4242"})) == []

    for number, path in enumerate(sorted(one.content.rglob("*.yml"))):
        os.utime(path, (1_000_000_000 + 7919 * number, 1_500_000_000 - 104_729 * number))
    assert _differences(reference, _build(one, env={"PYTHONHASHSEED": "random"})) == []

    elsewhere = Portal(tmp_path / "another checkout" / "of the portal")
    shutil.copytree(one.root, elsewhere.root, ignore=shutil.ignore_patterns("site"))
    assert _differences(reference, _build(elsewhere)) == []


def test_without_source_date_epoch_the_stamped_date_is_as_of(portal, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    tree = _build(portal)
    assert f"<lastmod>{AS_OF}</lastmod>" in tree["sitemap.xml"].decode()
    midnight = dt.datetime.fromisoformat(AS_OF).replace(tzinfo=dt.timezone.utc)
    assert _gzip_mtime(portal.site / "sitemap.xml.gz") == int(midnight.timestamp())
    assert gzip.decompress(tree["sitemap.xml.gz"]) == tree["sitemap.xml"]


def test_source_date_epoch_is_honoured(portal):
    epoch = int(dt.datetime(2030, 5, 4, 12, tzinfo=dt.timezone.utc).timestamp())
    tree = _build(portal, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert "<lastmod>2030-05-04</lastmod>" in tree["sitemap.xml"].decode()
    assert _gzip_mtime(portal.site / "sitemap.xml.gz") == int(
        dt.datetime(2030, 5, 4, tzinfo=dt.timezone.utc).timestamp())
