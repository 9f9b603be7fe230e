"""Cue lexicons and Matcher patterns, read once from ``kgbuild/nlp/patterns/*.jsonl``.

Extractors never hard-code trigger words: they ask this module for a named word set
(``terms("exchange_triggers")``) or mapping (``mapping("qualifier_cues")``), so the language
of news can be extended by editing data files.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.matcher import Matcher
from spacy.vocab import Vocab

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "nlp" / "patterns"


@lru_cache(maxsize=None)
def pattern_records(filename: str) -> tuple[dict, ...]:
    """The records of one JSON-lines file of ``nlp/patterns/``, read once."""
    lines = (PATTERNS_DIR / filename).read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@lru_cache(maxsize=None)
def _lexicons() -> dict[str, dict]:
    return {record["name"]: record for record in pattern_records("lexicons.jsonl")}


@lru_cache(maxsize=None)
def terms(name: str) -> frozenset[str]:
    """A named word list of ``lexicons.jsonl`` (its ``terms``, or the keys of its ``map``)."""
    record = _lexicons()[name]
    return frozenset(record.get("terms") or record["map"])


@lru_cache(maxsize=None)
def mapping(name: str) -> dict:
    """A named mapping of ``lexicons.jsonl``."""
    return dict(_lexicons()[name]["map"])


@lru_cache(maxsize=None)
def role_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words of a title phrase, normalised role), longest phrases first."""
    pairs = [(tuple(r["phrase"].split()), r["role"]) for r in pattern_records("roles.jsonl")]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=None)
def title_words() -> frozenset[str]:
    """Every word of the title phrases of roles.jsonl."""
    return frozenset(word for phrase, _ in role_phrases() for word in phrase)


@lru_cache(maxsize=None)
def title_ends() -> frozenset[str]:
    """The last words of the title phrases of roles.jsonl ("minister", "aide", "envoy")."""
    return frozenset(phrase[-1] for phrase, _ in role_phrases())


_MATCHERS: dict[int, Matcher] = {}


def matcher(vocab: Vocab) -> Matcher:
    """The token Matcher of ``exchanges.jsonl`` (number formulas, "each side", "an equal number"),
    one per vocab; a match carries its record's ``id`` (:func:`pattern_label` gives the label)."""
    key = id(vocab)
    if key not in _MATCHERS:
        built = Matcher(vocab)
        for record in pattern_records("exchanges.jsonl"):
            if "label" in record:  # the file's dependency patterns are run by extract/patterns.py
                built.add(record["id"], [record["pattern"]])
        _MATCHERS[key] = built
    return _MATCHERS[key]


@lru_cache(maxsize=None)
def matcher_anchor_words() -> frozenset[str] | None:
    """Words one of which a sentence must hold for any token pattern of ``exchanges.jsonl`` to
    match there (from each pattern, the words of a token it cannot skip), so that the Matcher
    runs only where it can match; None when some pattern has no such token."""
    anchors: set[str] = set()
    for record in pattern_records("exchanges.jsonl"):
        if "label" not in record:
            continue
        choices = [words for spec in record["pattern"]
                   if spec.get("OP") not in ("?", "*") and (words := _spec_words(spec))]
        if not choices:
            return None
        anchors |= min(choices, key=len)  # the narrowest: "number" rather than "the"
    return frozenset(anchors)


def _spec_words(spec: dict) -> frozenset[str] | None:
    """The lower-case words a token spec accepts, when it names them (LOWER, TEXT or ORTH)."""
    for attr in ("LOWER", "TEXT", "ORTH"):
        value = spec.get(attr)
        if isinstance(value, str):
            return frozenset({value.lower()})
        if isinstance(value, dict) and "IN" in value:
            return frozenset(word.lower() for word in value["IN"])
    return None


@lru_cache(maxsize=None)
def pattern_label(pattern_id: str) -> str:
    """The ``label`` of a token pattern of ``exchanges.jsonl`` (FORMULA, EACH_SIDE, EQUAL)."""
    return next(r["label"] for r in pattern_records("exchanges.jsonl") if r["id"] == pattern_id)
