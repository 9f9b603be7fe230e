"""Counts that are no releases of their own: the parts of an earlier total ("230 people - 224
soldiers and six civilians" told again), one batch of a day's release, a figure several holders
released together, and people singled out among those released. They become claims."""

from __future__ import annotations

from typing import NamedTuple

from .count_filters import partitive
from .counts import Count, is_planned
from .syntax import of_war
from .tokens import in_lexicon


class Breakdowns(NamedTuple):
    """Where an article breaks an earlier total down: the sentences (details of the exchange they
    break down) and the positions of their people's nouns (figures for the claims)."""

    sentences: frozenset[int] = frozenset()
    nouns: frozenset[int] = frozenset()


def split_breakdowns(counts: dict[int, list[Count]]) -> tuple[dict[int, list[Count]], Breakdowns]:
    """The counts less those of a sentence that breaks an earlier total down ("Both sides received
    390 people. Russia said it had received 270 troops and 120 civilians"): two or more done
    releases of one side adding up to an earlier count of the article are details of it, not
    releases of their own; so are the counts of one batch of a day's release, and those several
    holders released together. Returns the counts kept and the :class:`Breakdowns`."""
    kept, sentences, parts = dict(counts), set(), set()
    earlier: set[int] = set()  # the values counted so far
    largest: dict[tuple, int] = {}  # the largest done release so far of each kind and direction
    for index, found in sorted(counts.items()):
        # "in the second batch, three ...": parts of the day's release; "8 held in A, B and C": no one side's
        if batches := [c for c in found if c.batch or c.joint]:
            parts.update(c.noun.i for c in batches if c.noun is not None)
            found = kept[index] = [c for c in found if not (c.batch or c.joint)]
            if not found:
                sentences.add(index)
                continue
        if (whole := _whole_of_its_parts(found)) is not None:
            # "58 personnel returned: 34 guardsmen, 22 border guards, one serviceman and one rescuer"
            parts.update(c.noun.i for c in found if c is not whole and c.noun is not None)
            found = kept[index] = [whole]
        # not "95 Russians for 95 Ukrainians"; a count without a side of its own ("nine were taken to
        # Lithuania, while Belarus transferred 114 to Ukraine") goes with the others
        one_side = len({c.releaser or c.owner for c in found} - {None}) <= 1
        if len(found) >= 2 and one_side and sum(c.value for c in found) in earlier and not any(
                c.each_side or c.mirror or not c.value or is_planned(c) for c in found):
            kept[index] = []
            sentences.add(index)
            parts.update(c.noun.i for c in found if c.noun is not None)
        elif len(found) == 1 and _subset_of_earlier(found[0], largest):
            kept[index] = []
            sentences.add(index)
            parts.add(found[0].noun.i)
        earlier.update(c.value for c in found)
        for count in (c for c in found if not is_planned(c)):
            for direction in _directions(count):
                largest[direction] = max(largest.get(direction, 0), count.value or 0)
    return kept, Breakdowns(frozenset(sentences), frozenset(parts))


def _whole_of_its_parts(found: list[Count]) -> Count | None:
    """The count of a sentence that the three or more others after it add up to ("58 personnel:
    34 guardsmen, 22 border guards and two others"), or None."""
    if len(found) < 3 or any(c.each_side or c.mirror or not c.value for c in found):
        return None
    total = sum(c.value for c in found)
    for whole in found:  # the whole is half the total, and every part comes after it
        if 2 * whole.value == total and all(c.anchor.i > whole.anchor.i for c in found if c is not whole):
            return whole
    return None


def _directions(count: Count) -> list[tuple]:
    """Which way a count goes, as far as it is known: who released the people, whose they are."""
    return [(count.kind, "by", count.releaser)] * bool(count.releaser) + [(count.kind, "of", count.owner)] * bool(count.owner)


def _subset_of_earlier(count: Count, largest: dict[tuple, int]) -> bool:
    """"68 soldiers who were presumed missing were returned", "19 defenders of Snake Island", after
    a larger release the same way, or "another 154 of the bodies" after a larger release of the
    same kind, whichever way: people the noun singles out among those released, told of without
    a day or a past perfect of their own, are a figure about that release (a claim), not another
    one."""
    noun = count.noun
    if noun is None or not count.value or is_planned(count) or count.each_side or count.mirror:
        return False
    part = count.anchor.like_num and partitive(count.anchor)  # "another 154 of the bodies"
    directions = _directions(count) or [d for d in largest if d[0] == count.kind] * part
    if count.value >= max((largest.get(d, 0) for d in directions), default=0):
        return False
    described = {token.i for token in noun.subtree}  # "who had been missing" describes the people
    if any(token.ent_type_ == "DATE" and not in_lexicon(token, "present_day_words")
           or token.dep_ == "aux" and token.lower_ == "had" and token.head.i not in described for token in noun.sent):
        return False  # a day of its own, or "had got back 45": an earlier release
    return part or any(c.dep_ in ("relcl", "acl") or c.dep_ == "prep" and c.lower_ == "of" and not of_war(c)
                            for c in noun.children)
