"""Where the line-break component starts sentences, on blank Docs (no trained model needed)."""

from __future__ import annotations

import spacy

import kgbuild.nlp.pipeline  # noqa: F401  (registers the kgbuild_line_breaks component)


def starts(text: str) -> list[str]:
    """The words that begin a sentence by the component (the first word always does)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("kgbuild_line_breaks")
    doc = nlp(text)
    return [token.text for token in doc if token.i == 0 or token.is_sent_start]


def test_a_long_headline_in_title_case_is_its_own_sentence():
    text = ("Russian Freed from Prison as Ukrainian Captives are Brought Home\n"
            "Moscow has released 41 Ukrainian soldiers while dozens of Russians were freed in return.")
    assert starts(text) == ["Russian", "Moscow"]


def test_a_long_line_wrapped_in_mid_sentence_stays_joined():
    text = ("The two delegations met in Istanbul on Friday and agreed that the next exchange of\n"
            "prisoners would take place within a week, officials on both sides said.")
    assert starts(text) == ["The"]


def test_a_line_ending_a_sentence_and_a_blank_line_start_new_ones():
    text = ("Russia and Ukraine swapped 90 prisoners each on Friday after long weeks of talks in Turkey.\n"
            "The swap was the third this year.\n\nTalks resume on Monday.")
    assert starts(text) == ["Russia", "The", "Talks"]


def test_a_short_line_is_a_byline_unless_it_ends_on_a_lowercase_function_word():
    assert starts("By Amina Yusuf\nGunmen freed four engineers on Friday.") == ["By", "Gunmen"]
    assert starts("Four engineers kidnapped near Gao by\ngunmen have been freed.") == ["Four"]
