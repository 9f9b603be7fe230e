"""Each pattern of kgbuild/nlp/patterns/ fires on the phrasings it was written for, so a broken
rule names itself; and every lexicon a pattern names exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgbuild.extract.lexicon import PATTERNS_DIR, matcher, pattern_records, terms
from kgbuild.extract.patterns import find_patterns

TOKEN_PATTERNS = [(r["id"], example) for r in pattern_records("exchanges.jsonl") if "label" in r
                  for example in r["examples"]]
DEPENDENCY_PATTERNS = [(name, r["id"], example) for name in ("exchanges", "releases", "negotiations")
                       for r in pattern_records(f"{name}.jsonl") if "RIGHT_ID" in r["pattern"][0]
                       for example in r["examples"]]


LEMMA_PATTERNS = [(r["id"], r["lemma"], example) for r in pattern_records("lemmas.jsonl") for example in r["examples"]]


def lexicon_references(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*map(lexicon_references, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(lexicon_references, value)) if value else set()
    return {value[1:]} if isinstance(value, str) and value.startswith("@") else set()


def test_every_pattern_record_has_an_id_and_examples():
    for name in ("exchanges.jsonl", "releases.jsonl", "negotiations.jsonl", "lemmas.jsonl"):
        records = pattern_records(name)
        ids = [r["id"] for r in records]
        assert len(ids) == len(set(ids)), name
        assert all(r["examples"] for r in records), name


def test_lexicon_names_are_unique():
    names = [r["name"] for r in pattern_records("lexicons.jsonl")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_every_named_lexicon_exists():
    for path in sorted(PATTERNS_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for name in lexicon_references(json.loads(line)):
                assert terms(name), f"{path.name}: no lexicon {name!r}"


@pytest.mark.model
@pytest.mark.parametrize("pattern_id,example", TOKEN_PATTERNS)
def test_token_pattern_fires_on_its_example(nlp, pattern_id, example):
    doc = nlp(example)
    ids = {nlp.vocab.strings[match_id] for match_id, _, _ in matcher(nlp.vocab)(doc)}
    assert pattern_id in ids, f"{pattern_id} does not match {example!r} (matched: {sorted(ids)})"


@pytest.mark.model
@pytest.mark.parametrize("fact_type,pattern_id,example", DEPENDENCY_PATTERNS)
def test_dependency_pattern_fires_on_its_example(nlp, fact_type, pattern_id, example):
    doc = nlp(example)
    ids = {match.pattern for match in find_patterns(doc, fact_type)}
    assert pattern_id in ids, f"{pattern_id} does not match {example!r} (matched: {sorted(ids)})"


@pytest.mark.model
@pytest.mark.parametrize("pattern_id,lemma,example", LEMMA_PATTERNS)
def test_lemma_pattern_gives_its_lemma(nlp, pattern_id, lemma, example):
    record = next(r for r in pattern_records("lemmas.jsonl") if r["id"] == pattern_id)
    doc = nlp(example)
    first = set(record["pattern"][record["index"]]["LOWER"]["IN"])
    assert [t.lemma_ for t in doc if t.lower_ in first] == [lemma], f"{pattern_id} gives no {lemma!r} in {example!r}"


def test_pattern_files_are_documented():
    readme = (Path(PATTERNS_DIR) / "README.md").read_text(encoding="utf-8")
    for path in PATTERNS_DIR.glob("*.jsonl"):
        assert f"`{path.name}`" in readme, path.name


def test_every_lexicon_is_used():
    """A lexicon no extractor or pattern names is dead data (or a misspelt name)."""
    package = PATTERNS_DIR.parent.parent
    code = " ".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    code += " ".join(p.read_text(encoding="utf-8") for p in PATTERNS_DIR.glob("*.jsonl") if p.name != "lexicons.jsonl")
    names = [r["name"] for r in pattern_records("lexicons.jsonl")]
    assert len(names) == len(set(names))
    assert [n for n in names if f'"{n}"' not in code and f'"@{n}"' not in code] == []
