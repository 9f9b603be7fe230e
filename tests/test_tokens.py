"""Token helpers on hand-made Docs (no trained model needed)."""

from __future__ import annotations

import spacy

from kgbuild.extract.tokens import sentence_of


def test_sentence_of_is_the_tokens_own_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Russia freed ten soldiers. Ukraine freed ten. Talks resume on Monday in Istanbul.")
    assert [sentence_of(token) for token in doc] == [token.sent for token in doc]
    assert sentence_of(doc[-1]).text == "Talks resume on Monday in Istanbul."
