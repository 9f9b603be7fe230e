"""Dependency patterns kept as data: ``nlp/patterns/<fact type>.jsonl``, one spaCy
``DependencyMatcher`` pattern a line.

A record names its pattern (``id``), the phrasings it is written for (``examples``, checked by
the tests so that a broken rule names itself) and the pattern itself. A token attribute may
name a lexicon instead of listing words: ``{"LEMMA": {"IN": "@host_cues"}}`` stands for the
terms of ``host_cues`` in ``lexicons.jsonl``. The node an extractor reads is named by the fact
type's role (``host`` for hosts of talks). ``sentence_has`` names a lexicon one of whose words
the sentence must contain (checked by :meth:`ArticleContext.patterns_in`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .lexicon import pattern_records, terms


@dataclass(frozen=True)
class PatternMatch:
    """One match: the pattern's id and the token of each named node."""

    pattern: str
    nodes: dict[str, Token]


def _with_lexicons(value):
    """The pattern with every ``"@name"`` replaced by the sorted terms of that lexicon."""
    if isinstance(value, dict):
        return {key: _with_lexicons(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_lexicons(item) for item in value]
    if isinstance(value, str) and value.startswith("@"):
        return sorted(terms(value[1:]))
    return value


_MATCHERS: dict[tuple[str, int], list[tuple[str, DependencyMatcher, list[str]]]] = {}


def _matchers(fact_type: str, vocab: Vocab) -> list[tuple[str, DependencyMatcher, list[str]]]:
    """(id, DependencyMatcher, node names) of each dependency pattern of one pattern file, in the
    file's order, built once per vocab: one matcher a pattern, so that a sentence runs only the
    patterns whose words it holds (spaCy's matcher tries the nodes of all its patterns on every token)."""
    key = (fact_type, id(vocab))
    if key not in _MATCHERS:
        _MATCHERS[key] = []
        for record in pattern_records(f"{fact_type}.jsonl"):
            if "RIGHT_ID" not in record["pattern"][0]:
                continue  # a token Matcher pattern of the same file
            pattern = _with_lexicons(record["pattern"])
            if any("_" in node["RIGHT_ATTRS"] for node in pattern):
                raise ValueError(f"pattern {record['id']}: a sentence is matched as a Doc of its own, without extension attributes")
            matcher = DependencyMatcher(vocab)
            matcher.add(record["id"], [pattern])
            _MATCHERS[key].append((record["id"], matcher, [node["RIGHT_ID"] for node in pattern]))
    return _MATCHERS[key]


def pattern_record(fact_type: str, pattern_id: str) -> dict:
    """The record of one pattern (for its conditions, such as ``sentence_has``)."""
    return next(r for r in pattern_records(f"{fact_type}.jsonl") if r["id"] == pattern_id)


def find_patterns(doclike: Doc | Span, fact_type: str, words: set[str] | None = None) -> list[PatternMatch]:
    """Every match of the patterns of ``nlp/patterns/<fact_type>.jsonl`` in a Doc or a sentence,
    in text order. Only the patterns whose words it holds are run (``words``: its lower-case
    forms and lemmas, when the caller has them), and a sentence is made a Doc once for them all
    (spaCy's matcher copies a Span to a new Doc at every call)."""
    if words is None:
        words = {w for t in doclike for w in (t.lower_, t.lemma_.lower())}
    anchors = _anchor_words(fact_type)
    if anchors is not None and words.isdisjoint(anchors):
        return []
    runnable = [(pattern, matcher, names) for (pattern, matcher, names), sets
                in zip(_matchers(fact_type, doclike.vocab), required_words(fact_type))
                if all(not words.isdisjoint(needed) for needed in sets)]
    if not runnable:
        return []
    doc, offset = (doclike.doc, doclike.start) if isinstance(doclike, Span) else (doclike, 0)
    searched = doclike.as_doc() if isinstance(doclike, Span) else doclike  # without the article's memos of token positions
    found = []
    for pattern, matcher, names in runnable:
        for _, token_ids in matcher(searched):
            found.append(PatternMatch(pattern, {name: doc[offset + i] for name, i in zip(names, token_ids)}))
    return sorted(found, key=lambda m: (min(t.i for t in m.nodes.values()), m.pattern))


@lru_cache(maxsize=None)
def required_words(fact_type: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """For each dependency pattern of the file, the word sets of its nodes that ask for words:
    a sentence can match the pattern only if it has a word (form or lemma) of each set."""
    required = []
    for record in pattern_records(f"{fact_type}.jsonl"):
        if "RIGHT_ID" not in record["pattern"][0]:
            continue
        sets = []
        for node in _with_lexicons(record["pattern"]):
            for name in ("LOWER", "LEMMA", "ORTH"):
                if (value := node["RIGHT_ATTRS"].get(name)) is not None:
                    sets.append(frozenset(w.lower() for w in (value["IN"] if isinstance(value, dict) else [value])))
        required.append(tuple(sets))
    return tuple(required)


@lru_cache(maxsize=None)
def _anchor_words(fact_type: str) -> frozenset[str] | None:
    """Words one of which a sentence must hold for any pattern of the file to match (of each
    pattern, its narrowest word set); None when some pattern asks for no word."""
    anchors: set[str] = set()
    for sets in required_words(fact_type):
        if not sets:
            return None
        anchors |= min(sets, key=len)
    return frozenset(anchors)
