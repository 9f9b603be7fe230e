"""The facts cache: lossless JSON round trip, invalidation by content and fingerprint."""

import json

from kgbuild.cache import FactsCache, from_json, to_json
from kgbuild.facts import ArticleFacts

from .test_mapping import sample


def test_facts_survive_a_json_round_trip():
    document, facts = sample()
    data = json.loads(json.dumps(to_json(facts)))
    assert from_json(ArticleFacts, data) == facts


def test_cache_hits_only_for_the_same_article_and_pipeline(tmp_path):
    document, facts = sample()
    cache = FactsCache(tmp_path, "fp1")
    assert cache.get(document) is None
    cache.put(document, facts)
    assert cache.get(document) == facts
    assert FactsCache(tmp_path, "fp2").get(document) is None  # rules or model changed
    changed = type(document)(id=document.id, text=document.text + " More.", published=document.published)
    assert cache.get(changed) is None  # article changed
    assert cache.load(document.id) == (document, facts)
    (tmp_path / f"{document.id}.json").write_text("{broken", encoding="utf-8")
    assert cache.get(document) is None  # a damaged entry is recomputed, not fatal
