"""Counts of one sentence read as a list: the parts of a count given after it (a breakdown, no
release of its own), and a figure joined to an earlier one by "other" ("three children and 19
other people": one release of 22)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .tokens import in_lexicon

if TYPE_CHECKING:
    from .counts import Count


def with_others_joined(counts: list[Count]) -> list[Count]:
    """"freed three children and 19 other people": the figure of "other" people joined to the one
    it is listed after (one release of 22)."""
    by_noun = {c.noun.i: c for c in counts if c.noun is not None}
    joined = []
    for count in counts:
        first = by_noun.get(count.noun.head.i) if count.noun is not None and count.noun.dep_ == "conj" else None
        if first is not None and first is not count and count.value and any(
                c.dep_ == "amod" and in_lexicon(c, "others_modifiers") for c in count.noun.children):
            first.value += count.value
            first.kind = first.kind if first.kind == count.kind else "prisoner_exchange"
            joined.append(id(count))
    return [c for c in counts if id(c) not in joined]


def without_breakdowns(counts: list[Count]) -> list[Count]:
    """Counts less those that break an earlier one down ("230 people - 224 soldiers and six
    civilians"): two or more counts right after a count, adding up to it, are no releases of
    their own, however the parser attached them."""
    ordered = sorted((c for c in counts if c.value), key=lambda c: c.anchor.i)
    parts: set[int] = set()
    for index, whole in enumerate(ordered):
        total = 0
        for end in range(index + 1, len(ordered)):
            total += ordered[end].value
            # "25 crew - 17 Filipinos, three Ukrainians and a Romanian": one person told by "a"
            singles = single_people_in_list(ordered[end].noun) if ordered[end].noun is not None else 0
            if total + singles == whole.value and end > index + 1:
                parts.update(id(c) for c in ordered[index + 1:end + 1])
                break
            if total == whole.value and end > index + 1:
                parts.update(id(c) for c in ordered[index + 1:end + 1])
            if total >= whole.value:
                break
    return [c for c in counts if id(c) not in parts]


def single_people_in_list(noun: Token) -> int:
    """How many members of a counted noun's list are one person told by "a" ("and a Romanian")."""
    return len(told_by_a(noun.conjuncts))


def told_by_a(nouns) -> list[Token]:
    """The nouns of a list that are one person told by "a" ("a Dane", "an Austrian")."""
    return [c for c in nouns if any(d.dep_ == "det" and in_lexicon(d, "indefinite_articles") for d in c.children)
            and not any(d.dep_ == "nummod" for d in c.children)]
