"""Exchanges: prisoner swaps, returns of civilians and remains, handovers of lists of names.

The counts of each sentence (:mod:`.counts`) form one exchange per kind, with its sides, the
side each count is released by, planned or completed, categories and date
(:mod:`.exchange_details`); reports of one event are merged (:mod:`.exchange_merge`) and
sentences that refer back or continue add to the exchange they are about (:mod:`.exchange_links`).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Attribution, Exchange, Release
from .context import ArticleContext
from .counts import Count, has_trigger, is_planned
from .exchange_details import exchange_date, military_with_civilians, sentence_categories
from .exchange_links import (
    attach_continuations, attach_details, attach_references, background, completion_mention, continues,
    copy_attribution, cumulative, hedged, in_return, people_number, reference_kind,
)
from .exchange_merge import Found, absorb, merge_found
from .lexicon import terms
from .mentions import after_place_preposition
from .plans import agreed_exchange, is_planned_at
from .releasers import military_people
from .syntax import called_for, subject_keys
from .tallies import running_total
from .tokens import in_lexicon, is_negated


def _group(counts: list[Count]) -> list[list[Count]]:
    """Counts of one sentence, one group per exchange: a civilian count is its own return unless
    it is traded in an "in exchange for" phrase."""
    groups: dict[str, list[Count]] = {}
    any_linked = any(c.linked for c in counts)
    for count in counts:
        kind = count.kind
        if kind == "civilian_return" and any_linked and (count.linked or not count.mirror):
            if count.linked or not any(c.kind == "civilian_return" and c is not count for c in counts):
                kind = "prisoner_exchange" if any(c.kind == "prisoner_exchange" for c in counts) else kind
        groups.setdefault(kind, []).append(count)
    return list(groups.values())


def _by_status(groups: list[list[Count]]) -> list[tuple[bool, list[Count]]]:
    """Each group split into its done and its planned counts, as (planned, counts): "returned
    7,000 bodies and offered to transfer 3,000 more" reports a return and a plan."""
    split = []
    for group in groups:
        planned = [is_planned(c) for c in group]
        split += [(status, part) for status in (False, True)
                  if (part := [c for c, p in zip(group, planned) if p == status])]
    return split


def _releasing_groups(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Non-state groups a sentence names as releasing people without a count ("after Hamas
    released them"): a side of the conflict, not the demonym of the people it gets back."""
    found = []
    for token in ctx.tokens_in(sent, "exchange_triggers"):
        if token.pos_ != "VERB" or not in_lexicon(token, "exchange_triggers") or is_negated(token):
            continue
        for subject in (s for c in token.children if c.dep_ == "nsubj" for s in (c, *c.conjuncts)):  # "Israel and Hamas traded"
            key = ctx.head_actor(subject)
            if key and key in ctx.actors and ctx.actors.get(key).type == "Organization" and not ctx.is_state_body(key) \
                    and key not in found and key not in terms("neutral_intermediaries"):  # the ICRC carries, it frees no one
                found.append(key)
    return found


def _standing_group(ctx: ArticleContext) -> str | None:
    """The non-state party that the demonym of its people's nation stands for: the one group
    seen releasing people, else the article's one armed group ("Israel-Hamas ceasefire")."""
    groups = [k for k in ctx.explicit_sides if k in ctx.actors
              and ctx.actors.get(k).type == "Organization" and not ctx.is_state_body(k)]
    if not groups and (group := ctx.armed_group()):
        groups = [group]
    return groups[0] if len(groups) == 1 else None


def _sole_releasing_group(ctx: ArticleContext) -> str | None:
    """The non-state group that is the only actor the article shows releasing anyone, with a
    count or without ("the Polisario Front released all remaining prisoners"): whoever freed
    the people an agentless sentence counts ("404 prisoners had been released")."""
    seen = set(ctx.explicit_sides)
    for sent in ctx.sents:
        seen.update(_releasing_groups(ctx, sent))
    group = next(iter(seen)) if len(seen) == 1 else None
    return group if group is not None and group in ctx.actors and ctx.actors.get(group).type == "Organization" \
        and not ctx.is_state_body(group) else None


def _teller(ctx: ArticleContext, count: Count) -> list[str]:
    """Who tells of the release a count is in: the subject of the verb the release noun is the
    object of ("Hamas announced the release of 24 hostages")."""
    noun = count.noun if count.noun is not None else count.anchor
    if noun.dep_ != "pobj" or not in_lexicon(noun.head.head, "exchange_nouns") or noun.head.head.dep_ != "dobj":
        return []
    return subject_keys(ctx, noun.head.head.head)


def _swap_of_soldiers(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """The sentence names its exchange as one of soldiers: "carried out a new exchange of prisoners
    of war, each side bringing home 95 prisoners"."""
    return any(military_people(pobj) for noun in ctx.tokens_in(sent, "exchange_nouns") if noun.pos_ == "NOUN"
               for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
               for pobj in prep.children if pobj.dep_ == "pobj")


def demonym_only(ctx: ArticleContext, key: str | None) -> bool:
    """True for a state the article names only by its demonym ("Palestinian prisoners") or as a
    place people go to or are held in ("buses reached Ramallah", "held in Gaza")."""
    if key is None or key not in ctx.actors or ctx.actors.get(key).type != "State":
        return False
    gazetteer = ctx.actors.gazetteer
    return all(gazetteer.demonym(m.span.text) is not None or _as_place(ctx.doc.char_span(m.span.start, m.span.end))
               for m in ctx.actors.get(key).mentions)


def _as_place(span: SpacySpan | None) -> bool:
    """A name used for where someone is or goes: after "in", "to", "from"... or the object of
    a verb of going ("reached Ramallah")."""
    if span is None:
        return False
    root = span.root
    return after_place_preposition(span) or (root.dep_ == "dobj" and in_lexicon(root.head, "destination_verbs"))


def home_side(counted: dict[int, list[Count]]) -> str | None:
    """The one side whose people the article's counts bring home ("303 Ukrainian servicemen have
    returned home"), when no count names people of another: the article tells the story from
    that side, and the bare counts of its stages ("the first stage, during which 390 people were
    returned", "another 307 were released") are of that side's people too."""
    owners = {c.owner for counts in counted.values() for c in counts if c.owner and not c.mirror}
    releasers = {c.releaser for counts in counted.values() for c in counts if c.releaser}
    return next(iter(owners)) if len(owners) == 1 and not releasers & owners else None


def _releases(ctx: ArticleContext, group: list[Count], home: str | None = None,
              sole: str | None = None) -> tuple[list[str], list[Release]]:
    # "90 Palestinian prisoners" freed by Israel are Hamas's side when Hamas stands for them; not
    # when Hamas tells of their release itself ("Hamas announced the release of 24 Israeli
    # hostages") or the people are hostages ("the release of 20 Israeli hostages"): it holds them
    standing = _standing_group(ctx)
    opposite = []  # the group, as the side that frees the people it held
    for count in group:
        if standing is None or count.releaser is not None or count.linked:
            continue
        if count.noun is not None and in_lexicon(count.noun, "hostage_nouns"):
            count.releaser = standing
            if count.owner == standing:
                count.owner = None  # "10 Hamas hostages": held by Hamas, not its people
    for count in group:
        if standing is None or count.releaser == standing or count.owner in (None, standing):
            continue
        if count.releaser is None and not count.linked and standing in _teller(ctx, count):
            opposite = [standing]
        elif demonym_only(ctx, count.owner):
            count.owner = standing
    if sole is not None and len(group) == 1 and not (group[0].releaser or group[0].owner or group[0].mutual
                                                     or group[0].linked or group[0].mirror or group[0].each_side):
        group[0].releaser = sole  # "404 prisoners had been released", in a story of one group's release
    releasers = [c.releaser for c in group if c.releaser]
    mutual = [k for c in group for k in c.mutual]
    owners = [c.owner for c in group if c.owner and c.releaser and c.owner != c.releaser]
    owners += [c.owner for c in group if c.owner and not c.releaser]
    preferred = releasers + mutual + owners + opposite
    # the group takes the place of a state named only by demonyms ("three Israeli hostages were
    # reunited" in an Israel-Hamas story: the other side is Hamas, not "Palestinian")
    demonyms = frozenset(k for k in ctx.ranking() if k not in preferred and demonym_only(ctx, k)) \
        if standing is not None and standing not in preferred else frozenset()
    sides = ctx.sides(preferred, excluded=demonyms)
    releases: list[Release] = []
    nouns: dict[str, list[Token]] = {}  # each side's counted nouns so far

    def add(side: str | None, count: Count, value: int) -> None:
        if not (side and value):
            return
        known = next((r for r in releases if r.side == side), None)
        if known is None:
            releases.append(Release(side, value, count.qualifier))
        elif count.noun is not None and any(n in count.noun.conjuncts for n in nouns.get(side, ())):
            known.count += value  # "three Israeli bodies and two Thai bodies": one release of five
        elif known.count == value and known.qualifier == "exact":
            # "a thousand for a thousand ..., with a minimum of 1,000 on each side": the hedge holds
            known.qualifier = count.qualifier
        if count.noun is not None:
            nouns.setdefault(side, []).append(count.noun)

    for count in group:
        if count.mirror:
            continue
        if count.each_side:
            for side in sides:
                add(side, count, count.value)
        elif count.releaser:
            add(count.releaser, count, count.value)
        elif count.owner:
            if any(c.releaser not in (None, count.owner) and c.value == count.value for c in group if c is not count):
                continue  # "Abu Sayyaf releases 4 Indonesian sailors" ... "the four Indonesians have been freed": the same four
            others = [s for s in sides if s != count.owner and s not in (c.releaser for c in group if c is not count)]
            add(others[0] if others else None, count, count.value)
    unassigned = [c for c in group if not (c.mirror or c.each_side or c.releaser or c.owner)]
    if home is not None and not releases and len(unassigned) == 1 == len(group) and home in sides:
        add(next((s for s in sides if s != home), None), unassigned[0], unassigned[0].value)
    if len(unassigned) == 1 and len(releases) == 1 and len(group) == 2:
        # "All 20 hostages were released, and Israel freed 1,968 prisoners in return"
        others = [s for s in sides if s != releases[0].side]
        add(others[0] if others else None, unassigned[0], unassigned[0].value)
    for count in group:
        if count.mirror and releases:
            done = {r.side for r in releases}
            for side in sides:
                if side not in done:
                    add(side, count, releases[0].count)
    return sides, releases


def _rest_of_a_release(count: Count) -> bool:
    """"the remaining 550 prisoners", "another 31 detainees": more of the people a release
    counted before, with no one named releasing them."""
    words = terms("remaining_words") | terms("further_words")
    return count.noun is not None and not count.releaser and not count.owner and not count.mutual and any(
        c.lower_ in words for c in (*count.noun.children, *count.anchor.children))


def _named_release(ctx: ArticleContext, sent: SpacySpan, fact_type: str = "exchanges") -> bool:
    """A one-for-one swap of named people ("X was freed in exchange for Y"), from the
    dependency patterns of ``exchanges.jsonl`` whose node ``release`` is the release (or, with
    ``fact_type`` "releases", one named person freed: "the rebels released Juan Perez")."""
    return any("release" in m.nodes and not is_negated(m.nodes["release"]) and not is_planned_at(m.nodes["release"])
               for m in ctx.patterns_in(sent, fact_type))


def _told_apart(sent: SpacySpan) -> bool:
    """The sentence opens on a cue of another event: "Separately, ...", "Earlier, 198 were freed"."""
    first = next((t for t in sent if t.is_alpha), sent[0])
    return first.lower_ in terms("separate_cues") or first.lower_ in terms("earlier_cues")


def explicit_sides(ctx: ArticleContext, counted: dict[int, list[Count]]) -> Counter[str]:
    """How often each actor is seen releasing people: a releaser of a count, or a non-state
    group the sentence says releases people."""
    sides: Counter[str] = Counter()
    for index, counts in counted.items():
        for count in counts:
            if count.releaser:
                sides[count.releaser] += 1
        for key in _releasing_groups(ctx, ctx.sents[index]):
            if not any(c.releaser == key for c in counts):
                sides[key] += 1
    return sides


def attach_plans(ctx: ArticleContext, exchanges: list[Found], plans: list[tuple[int, str]],
                 attributions: list[Attribution]) -> None:
    """Exchanges agreed without numbers: each adds its categories and source to the article's
    plan of that kind (counted or not), or is that plan, between the article's sides."""
    for index, kind in plans:
        sent = ctx.sents[index]
        plan = Exchange(kind=kind, sides=[], status="planned",
                        categories=sorted(sentence_categories(ctx.text_of(sent))) if kind != "remains_return" else ["bodies"],
                        attribution=copy_attribution(attributions[index]), evidence=ctx.span(sent))
        target = next((f for f in exchanges if f.exchange.kind == kind and f.exchange.status == "planned"), None)
        if target is None:
            plan.sides = sorted(ctx.sides())
            exchanges.append(Found(plan, index))
        else:
            absorb(target.exchange, plan)  # its categories and source; the target keeps its own sides
            target.refs.append(index)


def extract_exchanges(ctx: ArticleContext, attributions: list[Attribution],
                      counted: dict[int, list[Count]], breakdowns: frozenset[int] = frozenset()) -> list[Exchange]:
    """The exchanges of an article, one per real event it reports, from its ``counted``
    sentences (:func:`sentence_counts`); the ``breakdowns`` sentences (:func:`split_breakdowns`)
    add their source and categories to the exchange they break down."""
    found: list[Found] = []
    references: list[tuple[int, str, bool]] = []  # (sentence, kind, completion)
    continuations: list[int] = []  # sentences about an exchange that add details only
    plans: list[tuple[int, str]] = []  # (sentence, kind) of exchanges agreed without numbers
    home = home_side(counted)
    # an article whose counts name no one freeing or getting back people, and one group releasing them
    sole = None if any(c.releaser or c.owner or c.mutual for counts in counted.values() for c in counts) \
        else _sole_releasing_group(ctx)
    # figures the article gives as running totals ("so far, 3,135 have been freed"): the same
    # figure elsewhere ("a total of 3,135 were freed") is that tally too; a plan's total ("the
    # agreement provides in total the exchange of 50 for 150") is its terms
    tallies = {c.value for counts in counted.values() for c in counts if running_total(c.anchor) and not is_planned(c)}
    for index, sent in enumerate(ctx.sents):
        if index in breakdowns:
            continuations.append(index)
            continue
        if not has_trigger(ctx, sent) and not ctx.sentence_has(sent, "reference_nouns"):
            if continues(ctx, sent) or any(people_number(ctx, t) for t in ctx.tokens_of(sent)):
                continuations.append(index)
            continue
        counts = counted.get(index, [])
        if all(c.mirror for c in counts):
            kind = reference_kind(sent)
            if (completion := completion_mention(sent)) is not None or _named_release(ctx, sent):
                # "Israel and Hamas traded bodies": the kind of what was traded
                bodies = completion is not None and any(c.dep_ == "dobj" and in_lexicon(c, "remains_nouns") for c in completion.children)
                references.append((index, kind or ("remains_return" if bodies else "prisoner_exchange"), True))
            elif kind and not background(sent) and not any(
                    is_negated(t) or hedged(t) for t in ctx.tokens_in(sent, "reference_nouns")):
                references.append((index, kind, False))
            elif (agreed := agreed_exchange(sent)) is not None and not background(sent):
                plans.append((index, agreed))  # "we agreed on an all-for-all exchange of wounded prisoners"
            elif continues(ctx, sent):
                continuations.append(index)
            continue
        for planned, group in _by_status(_group(counts)):
            group = [c for c in group if not (c.value in tallies or called_for(c.anchor))]  # tallies hold every running total
            if not group:
                continue  # "has returned 7,000 bodies so far", "calling for the release of 1,150": claims, not events
            sides, releases = _releases(ctx, group, home if ctx.sentence_has(sent, "stage_cues") else None, sole)
            if not releases and len(group) == 1 and _rest_of_a_release(group[0]) and (
                    earlier := next((f.exchange.releases for f in reversed(found) if len(f.exchange.releases) == 1), None)):
                # "The remaining 550 prisoners are to be freed": by whoever freed the first of them
                releases = [Release(earlier[0].side, group[0].value, group[0].qualifier)]
                sides = sorted({*sides, earlier[0].side})
            kind = group[0].kind if len({c.kind for c in group}) == 1 else "prisoner_exchange"
            categories = sentence_categories(ctx.text_of(sent)) | military_with_civilians(ctx.lower_words(sent))
            if kind == "civilian_return" or any(c.kind == "civilian_return" for c in group):
                categories.add("children" if any(c.noun is not None and c.noun.lower_ in terms("child_nouns")
                                                 for c in group if c.kind == "civilian_return") else "civilians")
            elif kind == "prisoner_exchange" and "military" not in categories \
                    and not any(c.kind == "civilian_return" for c in group):
                categories.discard("civilians")
            if any(military_people(c.noun) for c in group if c.kind == "prisoner_exchange") or (
                    kind == "prisoner_exchange" and _swap_of_soldiers(ctx, sent)):
                categories.add("military")  # "146 servicemen", "prisoners of war", "an exchange of prisoners of war"
            if kind == "remains_return":
                categories = {"bodies"}
            exchange = Exchange(
                kind=kind, sides=sorted(sides), releases=releases,
                status="planned" if planned else "completed",
                categories=sorted(categories), date=exchange_date(ctx, sent),
                attribution=copy_attribution(attributions[index]), evidence=ctx.span(sent))
            found.append(Found(exchange, index, mirror=any(c.mirror for c in group) and len(releases) < 2,
                                in_return=len(releases) == 1 and in_return(sent),
                                values={c.value for c in group if not c.mirror}, cumulative=cumulative(ctx.text_of(sent)),
                                separate=_told_apart(sent)))
    if not found and not any(completion for _, _, completion in references):
        # a story of one named person freed and no figure: "the rebels released Juan Perez",
        # "Biden confirmed the release of X" (which also points to a release, so it is one)
        named = [(index, "prisoner_exchange", True) for index, sent in enumerate(ctx.sents)
                 if has_trigger(ctx, sent) and _named_release(ctx, sent, "releases")][:1]
        references = sorted(named + [r for r in references if r[0] not in {index for index, _, _ in named}])
    exchanges, dropped = merge_found(found)
    attach_plans(ctx, exchanges, plans, attributions)
    attach_references(ctx, exchanges, references, attributions)
    attach_continuations(ctx, exchanges, sorted(continuations + dropped), attributions)
    attach_details(ctx, exchanges)
    return [f.exchange for f in exchanges]
