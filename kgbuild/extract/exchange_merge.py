"""Reports of one exchange within an article merged into one: mentions with a shared side and
count, a headline's rounded figure and the story's exact one, a plan the article also reports
done, and a stage of a one-way operation on another day."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import Exchange, Release


@dataclass
class Found:
    exchange: Exchange
    sentence: int
    mirror: bool = False
    in_return: bool = False  # "... let 181 captives go in return": the other half of an earlier exchange
    refs: list[int] = field(default_factory=list)  # sentences that refer back to it
    values: set[int] = field(default_factory=set)  # the numbers it was found with
    cumulative: bool = False  # "81 children since the start of the war": a running total, no event
    separate: bool = False  # "Separately, six residents were returned": told as another event


def _pairs(exchange: Exchange) -> set[tuple[str, int]]:
    return {(r.side, r.count) for r in exchange.releases}


def _rough(rough: int | None, exact: int | None) -> bool:
    """"4,000" for 4,208: the figure is the other rounded to its hundreds or thousands."""
    if not rough or not exact or rough == exact:
        return False
    zeros = len(str(rough)) - len(str(rough).rstrip("0"))
    return zeros >= 2 and abs(exact - rough) * 2 <= 10 ** zeros


def _exact_for_rough(rough: Exchange, exact: Exchange) -> bool:
    """Every release of ``rough`` has, for its side in ``exact``, the same figure or the one it rounds."""
    counts = {r.side: r.count for r in exact.releases}
    return bool(rough.releases) and all(r.side in counts for r in rough.releases) and any(
        _rough(r.count, counts[r.side]) for r in rough.releases) and all(
        r.count == counts[r.side] or _rough(r.count, counts[r.side]) for r in rough.releases)


def merge_found(found: list[Found]) -> tuple[list[Found], list[int]]:
    """Mentions of the same event (same kind and status, a shared side and count) become one.
    Also returns the sentences whose counts gave no side (a breakdown such as "33 soldiers and
    51 civilians came home"): they are continuations of the article's exchange. A total with no
    side in an article that counts no side, and a plan without per-side counts, are exchanges
    without counts; a total before the per-side counts gives them its date."""
    merged: list[Found] = []
    dropped: list[Found] = []
    for item in found:
        target = next((m for m in merged if m.exchange.kind == item.exchange.kind
                       and m.exchange.status == item.exchange.status
                       and (_pairs(m.exchange) & _pairs(item.exchange)
                            or not item.exchange.releases and item.values & m.values)), None)
        if target is None and not item.separate and (target := next((m for m in merged if m.exchange.kind == item.exchange.kind
                                                                     and m.exchange.status == item.exchange.status
                                                                     and _exact_for_rough(m.exchange, item.exchange)), None)):
            # "Tigray forces plan to free 4,000" over a story of "4,208": one release, told exactly
            # (not "Earlier, 198 were repatriated" after "200 were handed over": another release)
            exact = {r.side: r for r in item.exchange.releases}
            target.exchange.releases = [exact.get(r.side, r) if _rough(r.count, exact.get(r.side, r).count) else r
                                        for r in target.exchange.releases]
        if target is None and item.in_return:
            released = {r.side for r in item.exchange.releases}
            target = next((m for m in reversed(merged) if m.exchange.kind == item.exchange.kind
                           and m.exchange.status == item.exchange.status
                           and not released & {r.side for r in m.exchange.releases}), None)
        if target is None and merged and not item.separate and _other_half(merged[-1].exchange, item.exchange):
            target = merged[-1]  # "Hamas freed four soldiers. Israel released 200 prisoners.": one swap
            target.refs.append(item.sentence)  # its details (mediators, transit) are the swap's
        if target is None:
            if item.exchange.releases or item.exchange.status == "planned":
                merged.append(item)  # a plan without per-side counts: "agreed a swap of 1,200 troops"
            else:
                dropped.append(item)
            continue
        absorb(target.exchange, item.exchange)
    breakdowns = []
    counted_kinds = {m.exchange.kind for m in merged if m.exchange.releases}
    for item in dropped:
        earlier = [m for m in merged if m.sentence < item.sentence]
        largest = max((r.count for r in earlier[-1].exchange.releases), default=0) if earlier else 0
        if (stage := _another_stage(merged, item)) is not None:
            # "the first stage, on May 23, returned 390 people": a stage of a one-way operation
            # on another day is an exchange of the same direction
            merged.append(stage)
        elif item.values and max(item.values) <= largest:
            breakdowns.append(item.sentence)
        elif not earlier and item.exchange.kind not in counted_kinds and not item.cumulative:
            # a total without sides in an article that counts no side ("the exchange of 26
            # people held in seven countries"): an exchange without per-side counts
            merged.append(item)
        elif not earlier and not item.cumulative:
            # a lead that gives the total ("exchanged the bodies of 150 soldiers, officials said
            # Friday") before the per-side counts: its date is the event's
            later = next((m for m in merged if m.sentence > item.sentence and m.exchange.kind == item.exchange.kind
                          and m.exchange.status == item.exchange.status), None)
            if later is not None:
                later.exchange.date = later.exchange.date or item.exchange.date
    merged.sort(key=lambda m: m.sentence)
    return _plans_carried_out(merged), breakdowns


def _other_half(earlier: Exchange, later: Exchange) -> bool:
    """The release told right after another is its return when each frees people of one of the
    same two sides, the other side each time, on the same day (or on a day not given)."""
    return earlier.kind == later.kind and earlier.status == later.status and len(earlier.releases) == 1 \
        and len(later.releases) == 1 and earlier.releases[0].side != later.releases[0].side \
        and len(earlier.sides) == 2 and set(earlier.sides) == set(later.sides) \
        and (earlier.date is None or later.date is None or earlier.date == later.date)


def _plans_carried_out(merged: list[Found]) -> list[Found]:
    """A deal the article also reports done ("reached a deal to free 10 Americans ... the 10
    Americans were freed"): one event, done; the plan's details join it."""
    done = [m for m in merged if m.exchange.status == "completed" and m.exchange.releases]
    kept = []
    for item in merged:
        pairs = _pairs(item.exchange)
        target = next((m for m in done if m.exchange.kind == item.exchange.kind and (
            pairs and pairs <= _pairs(m.exchange)  # the same sides and counts
            or not pairs and item.values & {r.count for r in m.exchange.releases})),  # "a deal to free 14 prisoners"
            None) if item.exchange.status == "planned" else None
        if target is None:
            kept.append(item)
        else:
            absorb(target.exchange, item.exchange)  # "will be freed on Saturday": the plan's day is the event's
    return kept


def _another_stage(merged: list[Found], item: Found) -> Found | None:
    """A count without sides, dated another day than every (dated) exchange of its kind, in an
    article whose exchanges of that kind all go one way (one releasing side): that side's release."""
    same_kind = [m for m in merged if m.exchange.kind == item.exchange.kind and m.exchange.releases]
    releasers = {r.side for m in same_kind for r in m.exchange.releases}
    if item.cumulative or not item.values or not item.exchange.date or len(releasers) != 1 \
            or item.exchange.status != "completed" or any(m.exchange.date in (None, item.exchange.date) for m in same_kind):
        return None
    item.exchange.releases = [Release(releasers.pop(), max(item.values))]
    item.exchange.sides = sorted({*item.exchange.sides, *(r.side for r in item.exchange.releases)})
    return item


def absorb(target: Exchange, other: Exchange) -> None:
    """Add what ``other`` says of the same event to ``target``: releases of other sides, details, sources."""
    for release in other.releases:
        if not any(r.side == release.side for r in target.releases):
            target.releases.append(release)
    for name in ("categories", "intermediaries", "transit", "sides"):
        values = getattr(target, name)
        values.extend(v for v in getattr(other, name) if v not in values)
    target.sides.sort()
    target.categories.sort()
    target.date = target.date or other.date
    sources = target.attribution.sources
    sources.extend(s for s in other.attribution.sources if s not in sources)
    if target.attribution.mode == "asserted":
        target.attribution.mode = other.attribution.mode
