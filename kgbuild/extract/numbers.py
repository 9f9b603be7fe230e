"""Numbers as news writes them ("146", "1,200", "eight", "a thousand", "1.2 million") and
the hedges before them ("at least", "around")."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from .lexicon import mapping, terms

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0]\d{3})+$|^\d+$|^\d+\.\d+$")


def parse_number(words: list[str]) -> int | None:
    """The integer a run of number words stands for, or None.

    >>> parse_number(["a", "thousand"]), parse_number(["1,200"]), parse_number(["twenty-five"])
    (1000, 1200, 25)
    """
    units, scales = mapping("number_words"), mapping("number_scales")
    total, current, seen = 0, 0, False
    words = _joined_digit_groups(words)
    for raw in words:
        word = raw.lower().strip()
        if word in ("-", "–"):
            continue
        if word in ("a", "an", "and") and not seen:
            current = 1 if word in ("a", "an") else current
            continue
        if word == "and":
            continue
        if _DIGITS.match(word):
            value = float(re.sub(r"[,\u202f\u00a0]", "", word))
            current += value
            seen = True
        elif "-" in word and all(part in units for part in word.split("-")):
            current += sum(units[part] for part in word.split("-"))
            seen = True
        elif word in units:
            current += units[word]
            seen = True
        elif word in scales:
            current = (current or 1) * scales[word]
            if scales[word] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    return int(round(value)) if 1 <= value <= MAX_COUNT else None


MAX_COUNT = 10**12  # above any count of people or claim figure: a longer digit string is not a count
_GROUP = re.compile(r"^\d{3}$")  # a group of thousands after the first ("000" of "7 000")
_LEADING = re.compile(r"^\d{1,3}$")  # the first group of a figure written in groups
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})*$")  # groups joined so far ("1,200" of "1 200 000")


def _joined_digit_groups(words: list[str]) -> list[str]:
    """"7 000" as one figure: digit groups a space separates (the way many outlets write
    thousands), joined."""
    joined: list[str] = []
    for word in words:
        if joined and _GROUP.match(word) and _GROUPED.match(joined[-1]):
            joined[-1] = f"{joined[-1]},{word}"
        else:
            joined.append(word)
    return joined


def _thousands_group_after(doc, index: int) -> bool:
    """The token at ``index`` continues the figure before it as a group of thousands ("7 000"):
    three digits after one to three digits (or groups of them), one space between."""
    previous, token = doc[index - 1], doc[index]
    return bool(_GROUP.match(token.text)) and previous.whitespace_ in (" ", "\u00a0", "\u202f") and bool(
        _LEADING.match(previous.text) or (index > 1 and _GROUP.match(previous.text) and _thousands_group_after(doc, index - 1)))


@lru_cache(maxsize=65536)
def is_number_word(word: str) -> bool:
    """True for a digit string or an English number word."""
    word = word.lower()
    return bool(_DIGITS.match(word)) or word in mapping("number_words") or word in mapping("number_scales") or (
        "-" in word and all(part in mapping("number_words") for part in word.split("-")))


def qualifier_before(words: list[str]) -> str:
    """The count qualifier signalled by the words just before a number (exact when none)."""
    cues = mapping("qualifier_cues")
    lowered = [w.lower() for w in words]
    for size in (3, 2, 1):
        if len(lowered) >= size:
            phrase = " ".join(lowered[-size:])
            if phrase in cues:
                return cues[phrase]
    return "exact"


def number_span(token: Token) -> tuple[int, int] | None:
    """Token range [start, end) of the number ``token`` belongs to ("a thousand", "1.2 million")."""
    if not is_number_word(token.text):
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0:
        previous = doc[start - 1]
        if previous.text in ("-", "–") and start > 1 and doc[start - 2].lower_ in mapping("number_words"):
            start -= 2  # "thirty-nine" split into three tokens
        elif is_number_word(previous.text) and not _DIGITS.match(previous.text):
            start -= 1
        elif previous.lower_ in ("a", "an") and doc[start].lower_ in mapping("number_scales"):
            start -= 1  # "a thousand", not "a 16-year sentence"
            break
        else:
            break
    while start > 0 and _thousands_group_after(doc, start):
        start -= 1  # "000" of "7 000"
    while end < len(doc):
        if doc[end].lower_ in mapping("number_scales") or _thousands_group_after(doc, end):
            end += 1  # "1.2 million", "7 000"
        elif doc[end].text in ("-", "–") and end + 1 < len(doc) and doc[end + 1].lower_ in mapping("number_words") \
                and doc[end - 1].lower_ in mapping("number_words"):
            end += 2
        else:
            break
    return start, end


def number_at(token: Token) -> tuple[int, str, int, int] | None:
    """(value, qualifier, start, end) of the number that ``token`` is part of, or None."""
    bounds = number_span(token)
    if bounds is None:
        return None
    start, end = bounds
    doc = token.doc
    value = parse_number([t.text for t in doc[start:end]])
    if value is None:
        return None
    window = doc[max(0, start - 3):start]
    # "handed over 75": a verb's particle, no hedge (however the parser labels it)
    particles = [t.i for t in window if t.dep_ == "prt" or (
        t.lower_ in terms("verb_particles") and t.i > 0 and doc[t.i - 1].lemma_ in terms("particle_verbs"))]
    before = [t.text for t in window if not particles or t.i > particles[-1]]
    return value, qualifier_before(before), start, end
