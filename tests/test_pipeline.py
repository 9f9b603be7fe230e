"""The tokenizer kgbuild loads: the model's, with the infixes news copy needs."""

import pytest


@pytest.mark.model
def test_dash_glued_between_word_and_number_is_a_token(nlp):
    assert [t.text for t in nlp.make_doc("were returned—270 soldiers")] == ["were", "returned", "—", "270", "soldiers"]
    assert [t.text for t in nlp.make_doc("in 2022–the year")] == ["in", "2022", "–", "the", "year"]


@pytest.mark.model
def test_hyphen_after_an_abbreviation_is_a_token(nlp):
    assert [t.text for t in nlp.make_doc("a U.S.-brokered deal")] == ["a", "U.S.", "-", "brokered", "deal"]
    assert [t.text for t in nlp.make_doc("the Jan. 5 deal, e.g. talks")] == ["the", "Jan.", "5", "deal", ",", "e.g.", "talks"]


@pytest.mark.model
def test_hyphenated_words_and_formulas_keep_the_model_s_infixes(nlp):
    assert [t.text for t in nlp.make_doc("a well-known 1,000-for-1,000 swap")] == [
        "a", "well", "-", "known", "1,000", "-", "for-1,000", "swap"]
