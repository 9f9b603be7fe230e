"""The validation cache in SQLite: entries read back one at a time, reset for other shapes or a
damaged file, and a build's changes kept only when it finishes; a validation's results sorted on disk."""

from __future__ import annotations

import gc

from kgbuild.validation_cache import ResultTexts, ValidationCache


def _filled(path, fingerprint="shapes-1") -> ValidationCache:
    cache = ValidationCache(path, fingerprint)
    cache.keep_graph("<g1>", "d1", "s1", {"<a>": ["r1", "r2"]})
    cache.keep_graph("<g2>", "d2", "s2", {})
    cache.keep_node("<actor>", "where-1", ["r2", "r3"])
    return cache


def test_entries_are_read_back_by_key_after_the_file_is_closed(tmp_path):
    _filled(tmp_path / "v.sqlite").close(save=True)
    cache = ValidationCache(tmp_path / "v.sqlite", "shapes-1")
    assert cache.graph("<g1>") == ("d1", "s1") and cache.graph("<g3>") is None
    assert cache.node_graphs("<actor>") == "where-1" and cache.node_graphs("<place>") is None
    assert cache.has_nodes()
    assert sorted(cache.results()) == ["r1", "r2", "r2", "r3"]


def test_entries_of_graphs_and_nodes_no_longer_in_the_dataset_are_dropped(tmp_path):
    cache = _filled(tmp_path / "v.sqlite")
    cache.keep_only(["<g2>"], [])
    assert cache.graph("<g1>") is None and cache.graph("<g2>") == ("d2", "s2")
    assert not cache.has_nodes() and list(cache.results()) == []


def test_a_cache_made_for_other_shapes_starts_empty(tmp_path):
    _filled(tmp_path / "v.sqlite").close(save=True)
    cache = ValidationCache(tmp_path / "v.sqlite", "shapes-2")
    assert cache.graph("<g1>") is None and not cache.has_nodes()


def test_a_damaged_file_is_started_again(tmp_path):
    path = tmp_path / "shared" / "v.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"this is not an SQLite database, it was cut short by a full disk" * 100)
    cache = ValidationCache(path, "shapes-1")
    assert cache.graph("<g1>") is None
    cache.keep_graph("<g1>", "d1", "s1", {})
    cache.close(save=True)
    assert ValidationCache(path, "shapes-1").graph("<g1>") == ("d1", "s1")


def test_a_build_that_fails_leaves_the_cache_as_the_last_one_wrote_it(tmp_path):
    _filled(tmp_path / "v.sqlite").close(save=True)
    cache = ValidationCache(tmp_path / "v.sqlite", "shapes-1")
    cache.keep_graph("<g1>", "d1-changed", "s1", {"<a>": ["r9"]})
    cache.keep_only([], [])
    cache.close(save=False)
    again = ValidationCache(tmp_path / "v.sqlite", "shapes-1")
    assert again.graph("<g1>") == ("d1", "s1") and again.graph("<g2>") == ("d2", "s2")
    assert sorted(again.results()) == ["r1", "r2", "r2", "r3"]


def test_result_texts_are_read_back_each_once_in_order_from_a_file_that_goes_with_them(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    texts = ResultTexts(iter(["r2", "é", "r1", "r2", "r10", "\x01r"]))
    assert [p.name for p in tmp_path.iterdir()] == [texts.path.name]
    assert list(texts) == list(texts) == sorted({"r2", "é", "r1", "r10", "\x01r"})
    del texts
    gc.collect()
    assert list(tmp_path.iterdir()) == []
