"""The caches: lossless JSON round trip, invalidation by content, fingerprint and key."""

import json

from kgbuild.cache import FactsCache, RecordCache, from_json, to_json
from kgbuild.facts import ArticleFacts

from .test_mapping import sample


def test_facts_survive_a_json_round_trip():
    document, facts = sample()
    data = json.loads(json.dumps(to_json(facts)))
    assert from_json(ArticleFacts, data) == facts


def test_cache_hits_only_for_the_same_article_and_pipeline(tmp_path):
    document, facts = sample()
    cache = FactsCache(tmp_path, "fp1")
    assert not cache.has(document)
    cache.put(document, facts, {"actors": 2})
    assert cache.has(document)
    assert cache.summary(document.id) == {"actors": 2}
    assert not FactsCache(tmp_path, "fp2").has(document)  # rules or model changed
    changed = type(document)(id=document.id, text=document.text + " More.", published=document.published)
    assert not cache.has(changed)  # article changed
    assert cache.load(document.id) == (document, facts)
    assert cache.ids() == [document.id]
    (tmp_path / f"{document.id}.json").write_text("{broken", encoding="utf-8")
    assert not cache.has(document)  # a damaged entry is recomputed, not fatal


def test_records_are_kept_under_their_key_only(tmp_path):
    records = RecordCache(tmp_path / "graphs")
    assert records.get("a", "k1") is None
    records.put("a", "k1", {"nquads": "x"})
    assert records.get("a", "k1") == {"nquads": "x"}
    assert records.get("a", "k2") is None  # made from other inputs
    (tmp_path / "graphs" / "a.json").write_text("{broken", encoding="utf-8")
    assert records.get("a", "k1") is None
    records.remove("a")
    assert not (tmp_path / "graphs" / "a.json").exists()
