"""The cue lexicons and Matcher patterns load from the data files and keep their shape."""

import spacy

from kgbuild.extract.lexicon import mapping, matcher, pattern_label, role_phrases, terms
from kgbuild.facts import CATEGORIES, QUALIFIERS


def test_lexicons_load():
    assert "exchange" in terms("exchange_triggers")
    assert "agree" in terms("plan_cues")
    assert set(mapping("qualifier_cues").values()) <= set(QUALIFIERS)
    assert set(mapping("category_cues").values()) <= set(CATEGORIES)


def test_role_phrases_longest_first():
    phrases = [phrase for phrase, _ in role_phrases()]
    assert phrases.index(("foreign", "minister")) < phrases.index(("minister",))
    assert dict(role_phrases())[("chief", "negotiator")] == "head of delegation"


def test_matcher_finds_formulas_and_each_side():
    nlp = spacy.blank("en")
    doc = nlp("They agreed on a thousand for a thousand , with 1,000 people on each side and an equal number of others")
    labels = {pattern_label(nlp.vocab.strings[m]) for m, _, _ in matcher(nlp.vocab)(doc)}
    assert labels == {"FORMULA", "EACH_SIDE", "EQUAL"}
    assert matcher(nlp.vocab) is matcher(nlp.vocab)
