"""Number words, count qualifiers and numbers in token streams, without the trained model."""

import pytest
import spacy

from kgbuild.extract.numbers import is_number_word, number_at, parse_number, qualifier_before


@pytest.mark.parametrize("words, value", [
    (["146"], 146), (["1,200"], 1200), (["eight"], 8), (["a", "thousand"], 1000), (["thousand"], 1000),
    (["twenty-five"], 25), (["thirty", "-", "nine"], 39), (["two", "hundred"], 200), (["1.2", "million"], 1200000),
    (["a", "dozen"], 12), (["6,000"], 6000), (["7", "000"], 7000), (["1", "200", "000"], 1200000),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("words", [["many"], ["the"], [], ["several", "hundred"]])
def test_parse_number_rejects_non_numbers(words):
    assert parse_number(words) is None


@pytest.mark.parametrize("before, qualifier", [
    (["said", "at", "least"], "at_least"), (["more", "than"], "at_least"), (["over"], "at_least"),
    (["a", "minimum", "of"], "at_least"), (["about"], "approximately"), (["around"], "approximately"),
    (["some"], "approximately"), (["up", "to"], "at_most"), (["released"], "exact"), ([], "exact"),
])
def test_qualifier_before(before, qualifier):
    assert qualifier_before(before) == qualifier


def test_is_number_word():
    assert is_number_word("1,000") and is_number_word("Eight") and is_number_word("forty-nine")
    assert not is_number_word("Wednesday") and not is_number_word("40-minute")


@pytest.mark.parametrize("text, index, expected", [
    ("Russia freed a thousand prisoners", 3, (1000, "exact")),
    ("at least 1,200 prisoners", 2, (1200, "at_least")),
    ("about eighty soldiers", 1, (80, "approximately")),
    ("Israel freed thirty-nine prisoners", 4, (39, "exact")),
])
def test_number_at_tokens(text, index, expected):
    doc = spacy.blank("en")(text)
    value, qualifier, start, end = number_at(doc[index])
    assert (value, qualifier) == expected
    assert end - 1 == index


def test_number_at_ignores_words():
    doc = spacy.blank("en")("the prisoners")
    assert number_at(doc[1]) is None


def test_a_digit_string_too_long_to_be_a_count_is_no_number():
    assert parse_number(["9" * 400]) is None  # was an OverflowError that stopped the build
    assert parse_number(["1,000,000"]) == 1_000_000


@pytest.mark.parametrize("text, index, expected", [
    ("more than 7 000 Ukrainians", 2, 7000),   # the figure's last group
    ("more than 7 000 Ukrainians", 3, 7000),
    ("a total of 1 200 000 people", 5, 1200000),
])
def test_a_space_between_groups_of_thousands_joins_them(text, index, expected):
    doc = spacy.blank("en")(text)
    assert number_at(doc[index])[0] == expected


def test_a_space_joins_only_groups_of_three_digits():
    doc = spacy.blank("en")("on 14 2025 prisoners and 2025 150 prisoners")
    assert number_at(doc[1])[0] == 14 and number_at(doc[6])[0] == 150
