"""Token helpers on hand-made Docs (no trained model needed)."""

from __future__ import annotations

import spacy

from kgbuild.extract.tokens import first_conjunct, sentence_of


def test_sentence_of_is_the_tokens_own_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Russia freed ten soldiers. Ukraine freed ten. Talks resume on Monday in Istanbul.")
    assert [sentence_of(token) for token in doc] == [token.sent for token in doc]
    assert sentence_of(doc[-1]).text == "Talks resume on Monday in Istanbul."


def test_first_conjunct_is_the_list_head_however_deep():
    words = ["include", "40", "marines", ",", "35", "guardsmen", "and", "9", "medics"]
    heads = [0, 2, 0, 2, 5, 2, 5, 8, 5]  # the parser chains a list: each conjunct hangs on the one before
    deps = ["ROOT", "nummod", "dobj", "punct", "nummod", "conj", "cc", "nummod", "conj"]
    doc = spacy.tokens.Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert [first_conjunct(doc[i]).text for i in (2, 5, 8)] == ["marines", "marines", "marines"]
    assert first_conjunct(doc[0]).text == "include"
