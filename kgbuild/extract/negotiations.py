"""Rounds of talks: where and when, between whom, who led each delegation, who hosted.

A mention is a talks word ("talks", "negotiations", "round of talks") or a delegation; its
place comes from "in X", "X talks", "the Saudi city of X" or "the city of X, where talks ...",
its parties from "between A and B", the subjects of "held talks", "negotiations with X" and
delegation demonyms. Mentions of one place are one round; mentions without a place join the
article's round, or make a round of their own ("talks between A and B") when no place is named
or the placed talks are a separate meeting. A round still to come is kept (as planned) only
when both its place and its day are set.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan, Token

from ..facts import HOST_ROLE, Attribution, Negotiation, Role
from .context import ArticleContext
from .dates import listed_days, resolve_date
from .delegations import host_at_home, meeting_sides, signatories, talk_leaders
from .held_talks import (about_a_release, accords_sought, led_to_a_release, made_at_place, met_before_a_done_act, scheduled,
                         settled_talks, signed_between, signed_together, still_to_come, tally_of_rounds, under_way)
from .hosts import TALKS, hosts_in, is_hosted
from .lexicon import mapping, terms
from .mediation import mediated_talks
from .talk_parties import named_between, rounded_talks, talk_parties
from .talk_places import country_to_city, locate, place_named, placed_here, states_around_place, venue_name
from .tokens import in_lexicon, path_to_root

_DELEGATION = terms("delegation_nouns")
_TRAVEL_VERBS = terms("travel_verbs")
# the words a talks mention can be at (see meeting_sides and _is_talks)
_MENTION_LEXICONS = ("meeting_verbs", "visiting_verbs", "agreeing_verbs", "talks_core_nouns", "delegation_nouns",
                     "talks_participant_nouns", "accord_nouns", "round_nouns", "talks_setting_nouns", "mediation_words")


@dataclass
class _Mention:
    sentence: int
    location: str | None = None
    parties: list[str] = field(default_factory=list)
    strong: bool = False  # the talks are said to have happened, or are placed or dated
    date: object = None
    round: int | None = None
    hosted: bool = False  # a host or mediator of these talks is named
    leaders: list[str] = field(default_factory=list)  # people who "held talks" themselves
    later_dates: list = field(default_factory=list)  # "rounds held on May 16 and June 2": a round each
    venue_hosts: list[str] = field(default_factory=list)  # the state a meeting was held in, among those who met
    settled: bool = False  # "the negotiations", "extensive negotiations": talks spoken of as held
    future: bool = False  # "the next round will be held in Doha on June 2": a round still to come
    ongoing: bool = False  # "talks are continuing in Istanbul": under way on the story's day
    sides_named: list[str] = field(default_factory=list)  # "negotiations between A and B": the talks noun's own sides

    @property
    def status(self) -> str:
        return "planned" if self.future else "completed"


def _is_talks(token: Token) -> bool:
    if token.lower_ in TALKS or token.lower_ in _DELEGATION:
        return True
    if in_lexicon(token, "talks_participant_nouns") and (
            token.dep_ == "nsubj" and in_lexicon(token.head, "talks_verbs")
            or any(c.lower_ in ("between", "in") for c in token.children)):
        return True
    if in_lexicon(token, "agreeing_verbs") and token.dep_ in ("acl", "relcl") and placed_here(token):
        return True  # "the 1000-for-1000 format agreed upon in Turkey": the sides met there
    if in_lexicon(token, "accord_nouns"):
        # "the Algiers agreement, which was brokered by Algeria": a placed, brokered accord;
        # "a peace deal between A and B signed in Washington": a signing is a meeting of the sides
        brokered = any(c.dep_ == "compound" and place_named(c) for c in token.children) and any(
            c.dep_ in ("relcl", "acl") and in_lexicon(c, "host_cues") for c in token.children)
        return brokered or signed_between(token) or made_at_place(token) or signed_together(token)
    if in_lexicon(token, "talks_setting_nouns"):
        # "returned to the negotiating table", "a signing ceremony"
        return any(c.dep_ in ("compound", "amod") and in_lexicon(c, "talks_setting_modifiers") for c in token.children)
    # "a previous round in Switzerland in March 2023": a round held at a place is one of talks
    return in_lexicon(token, "round_nouns") and (bool(rounded_talks(token)) or any(
        p.dep_ == "prep" and p.lower_ in ("in", "at") and any(o.ent_type_ == "GPE" for o in p.children) for p in token.children))


def _mention(ctx: ArticleContext, index: int, sent: SpacySpan, token: Token) -> _Mention | None:
    """A talks mention at ``token`` (a talks noun or a meeting verb); talks still to come only
    when both their place and their day are set ("the next round will be held in Doha on June 2")."""
    if (mediated := mediated_talks(ctx, token)) is not None:
        sides, mediators, done = mediated
        mention = _Mention(index, None, sides, done, hosted=True, venue_hosts=mediators)
        # "Egypt-brokered talks ... are expected to resume": talks still to come
        mention.future = token.dep_ == "amod" and still_to_come(token.head)
        return _dated(ctx, sent, token, mention)
    meeting = meeting_sides(ctx, token)
    if not meeting and not _is_talks(token):
        return None
    mention = _held_mention(ctx, index, sent, token, meeting)
    if in_lexicon(token, "delegation_nouns") and mention.parties and set(mention.parties) <= terms("neutral_intermediaries"):
        return None  # "the ICRC delegation in Syria": a mission of a neutral body, no talks
    mention.future = still_to_come(token)
    return mention


def _told_enough(mentions: list[_Mention]) -> list[_Mention]:
    """A sentence's talks mentions less those still to come whose place or day is not set; but "a
    day before A and B are set to meet for a summit in Anchorage": a meeting to come at the place
    of a mention kept in the same sentence is that mention's (its sides and leaders)."""
    kept = [m for m in mentions if not m.future or (m.location and m.date)]
    placed = {m.location: m for m in kept if m.location}
    for m in mentions:
        if m not in kept and m.location in placed:
            m.future = placed[m.location].future
            kept.append(m)
    return kept


def _held_mention(ctx: ArticleContext, index: int, sent: SpacySpan, token: Token, meeting: list[Token]) -> _Mention:
    """The talks a mention names: parties, place, leaders, date (a meeting verb's sides, or a talks noun's)."""
    if meeting:
        keys = [ctx.head_actor(t) for t in meeting]
        parties = list(dict.fromkeys(ctx.state_of(k) for k in keys))
        venue = venue_name(ctx, locate(token))
        host = host_at_home(ctx, venue, parties)
        leaders = [k for k in keys if ctx.actors.get(k).type == "Person" and ctx.state_of(k) != host]
        done = token.tag_ in ("VBD", "VBN", "VBZ", "VBP") or met_before_a_done_act(token)
        mention = _Mention(index, venue, [p for p in parties if p != host], done, leaders=leaders, venue_hosts=[host] if host else [])
        return _dated(ctx, sent, token, mention)
    parties, strong, mediators = talk_parties(ctx, token)
    venue = venue_name(ctx, locate(token))
    # "at the 31 August meeting between President A and Prime Minister B in Brussels": placed, it was held
    held = strong or (venue is not None and not still_to_come(token))
    mention = _Mention(index, venue, parties, strong, leaders=talk_leaders(ctx, token, held),
                       settled=settled_talks(token) and about_a_release(ctx, sent), venue_hosts=mediators,
                       sides_named=named_between(ctx, token))
    return _dated(ctx, sent, token, mention)


def _dated(ctx: ArticleContext, sent: SpacySpan, token: Token, mention: _Mention) -> _Mention:
    """The mention with its date, round number and hosting."""
    # "the deal struck in Istanbul last week": an accord made at a place is dated by its making
    # and "the delegation that negotiated their release" by its negotiating, not by the release
    made = next((c for c in token.children if c.dep_ in ("acl", "relcl") and (
        in_lexicon(c, "accord_reaching_verbs") or token.lower_ in _DELEGATION and in_lexicon(c, "talks_verbs"))), None)
    clause = made or next((n for n in path_to_root(token) if n.pos_ in ("VERB", "AUX")), sent.root)
    while made is None and clause.dep_ in ("advcl", "xcomp") and clause.head.i != clause.i:
        clause = clause.head  # "agreed on Monday to free detainees after talks"
    dates = [] if _invited_to(token) else ctx.dates_of(sent)
    own = [e for e in dates if clause.left_edge.i <= e.start and e.end <= clause.right_edge.i + 1]
    # "completed on Sunday the deal negotiators struck last week": last week; but "the latest round
    # for this year" names a period, not when the talks were
    own = [e for e in own if not (e.root.dep_ == "pobj" and e.root.head.lower_ == "for")]
    # "talks to secure a truce that took effect on Sunday": the accord's date is not the talks'
    sought = {t.i for accord in accords_sought(token) for t in accord.subtree}
    own = [e for e in own if e.root.i not in sought]
    for ent in own if made is not None or led_to_a_release(token) or sought else own or dates:
        ahead = scheduled(ent.root)
        if day := resolve_date(ent.text, ctx.document.published, ahead=ahead):
            mention.date = day
            # "between August 14 and September 4": a span of days is one round, not a list of them
            ranged = any(in_lexicon(t, "date_range_openers") for t in (ent[0], ent.doc[max(ent.start - 1, 0)]))
            listed = [] if ranged else listed_days(ent.text, ctx.document.published, ahead)
            for more in [] if ranged else _listed_after(ent, dates):  # "on May 16, June 2, and July 23", read as two dates
                listed += listed_days(more.text, ctx.document.published, ahead)
            mention.later_dates = list(dict.fromkeys(d for d in listed if d != day))
            break
    mention.ongoing = mention.date is None and under_way(clause)
    ordinals = mapping("ordinals")
    for node in (token, token.head.head if token.head.lower_ == "of" else token):
        for child in node.children:
            if child.lower_ in ordinals:
                mention.round = ordinals[child.lower_]
    mention.hosted = is_hosted(token)
    mention.strong = (mention.strong and not tally_of_rounds(token)) or mention.location is not None or mention.hosted
    return mention


def _listed_after(first: SpacySpan, dates: list[SpacySpan]) -> list[SpacySpan]:
    """The date phrases that continue a list begun by ``first``, with only commas and "and"
    between them ("May 16, June 2, and July 23", which NER may split)."""
    found, end = [], first.end
    for ent in (e for e in dates if e.start >= first.end):
        if any(not (t.is_punct or in_lexicon(t, "list_joiners")) for t in ent.doc[end:ent.start]):
            break
        found.append(ent)
        end = ent.end
    return found


def _invited_to(token: Token) -> bool:
    """"announced on October 25 that they had accepted an invitation to resume negotiations": the
    talks are what was offered, and the day is the invitation's, not theirs."""
    verb = token.head if token.dep_ == "dobj" else None
    return verb is not None and verb.dep_ in ("acl", "xcomp") and in_lexicon(verb.head, "invitation_nouns")


def _separate(sent: SpacySpan) -> bool:
    """True when a sentence says its talks are another meeting ("Separately, ...")."""
    return sent[0].lower_ in terms("separate_cues") or any(
        t.lower_ == "separate" and in_lexicon(t.head, "talks_nouns") for t in sent)


def _rounds(ctx: ArticleContext, mentions: list[_Mention]) -> list[Negotiation]:
    """One round per place (and one more there when a round to come is set there too);
    placeless mentions that report a meeting make a round of their own when there is no place,
    or when every placed round is said to be a separate meeting or happened on another day."""
    negotiations: list[Negotiation] = []
    days: dict[tuple, set] = {}  # (place, status) -> the days its mentions give
    for m in mentions:
        if m.location and m.date:
            days.setdefault((m.location, m.status), set()).add(m.date)
    for m in mentions:
        # "held on May 16 in Istanbul" ... "the second round, in Istanbul on June 2": a round per day
        split = len(days.get((m.location, m.status), ())) >= 2 and m.date is not None
        if m.location and all((n.location, n.status) != (m.location, m.status) or (split and n.date != m.date)
                              for n in negotiations):
            negotiations.append(Negotiation(name=f"{m.location} talks", location=m.location, status=m.status,
                                            date=m.date if split else None))
    placed_sentences = {m.sentence for m in mentions if m.location}
    placeless = [m for m in mentions if m.location is None and m.sentence not in placed_sentences
                 and m.strong and (m.parties or m.date or m.hosted)]
    if not placeless:
        return negotiations
    placed_dates = {m.date for m in mentions if m.location and m.date}
    own_round = not negotiations or all(_separate(ctx.sents[m.sentence]) for m in mentions if m.location) or any(
        m.date and placed_dates and m.date not in placed_dates for m in placeless)
    if own_round:
        negotiations.insert(0, Negotiation(name=""))
    return negotiations


def _days_before(mentions: list[_Mention]) -> list:
    """For each mention (in sentence order), the day of the last dated mention of the same place
    at or before it: the round an undated mention belongs to. One pass."""
    last: dict[tuple, object] = {}
    days = []
    for m in mentions:
        if m.date:
            last[(m.location, m.status)] = m.date
        days.append(m.date or last.get((m.location, m.status)))
    return days


def _both_sides(ctx: ArticleContext, evidence) -> bool:
    """True when the sentence speaks of "the two sides" or "both parties"."""
    span = ctx.doc.char_span(evidence.start, evidence.end, alignment_mode="expand")
    return span is not None and any(in_lexicon(t, "side_nouns") and any(
        c.lower_ in terms("both_sides_modifiers") for c in t.children) for t in span)


def _round_of_sentence(mentions: list[_Mention], rounds: list[int], sentence: int) -> int:
    """The round of the nearest talks mention at or before a sentence (else the first round);
    ``mentions`` are in sentence order."""
    before = bisect_right(mentions, sentence, key=lambda m: m.sentence)
    return rounds[before - 1] if before else 0


def extract_negotiations(ctx: ArticleContext, roles: list[Role],
                          attributions: list[Attribution]) -> tuple[list[Negotiation], list[Role]]:
    """The rounds of talks an article reports (heads of delegation are taken from ``roles``),
    and the roles of the people who hosted them for their state or organisation."""
    mentions: list[_Mention] = []
    sentence_hosts: dict[int, dict[str, str | None]] = {}  # hosts_in of a sentence, found once
    host_roles: list[Role] = []
    to_come: set[int] = set()  # sentences whose only talks are still to come, with no place and day

    def hosts_of(index: int) -> dict[str, str | None]:
        if index not in sentence_hosts:
            sentence_hosts[index] = hosts_in(ctx, ctx.sents[index])
        return sentence_hosts[index]

    for index, sent in enumerate(ctx.sents):
        pairs = [(token, m) for token in ctx.tokens_in(sent, *_MENTION_LEXICONS) if (m := _mention(ctx, index, sent, token)) is not None]
        if any(m.strong for _, m in pairs):  # "the talks lasted hours, mediators said of the sessions between A and B"
            for token, m in pairs:
                m.leaders = m.leaders or talk_leaders(ctx, token, held=True)
        told = _told_enough([m for _, m in pairs])
        if pairs and not told:
            to_come.add(index)  # "a meeting on Aug 4 to be hosted by Cambodia": its host is not the round's
        for m in told:
            if not m.hosted and hosts_of(index):  # "the talks began after Kenya agreed to host them"
                m.hosted = m.strong = True
            mentions.append(m)
    venues = country_to_city(ctx, mentions)
    negotiations = _rounds(ctx, mentions)
    # "the head of the ICRC delegation in Syria" heads a mission, not a side at talks
    roles = [r for r in roles if not (r.role == "head of delegation" and r.of in terms("neutral_intermediaries"))]
    led_sides = {role.of for role in roles if role.role == "head of delegation" and role.of}
    if not negotiations and mentions and (len(led_sides) >= 2 or any(m.settled for m in mentions)):
        # "The TPLF's lead negotiator X ... Y, the lead negotiator for the government": two sides'
        # delegation heads say a round took place even when the talks are only named in passing;
        # so does "the swap followed extensive negotiations" (the sides are the story's)
        negotiations = [Negotiation(name="")]
    if not negotiations:
        return [], []
    # a placeless mention is the round placed in its own sentence ("rounds of talks between A and B
    # in Istanbul"), else the first
    placed_in = {m.sentence: m.location for m in mentions if m.location}
    rounds = [next((i for i, n in enumerate(negotiations) if (n.location, n.status) == (m.location, m.status)
                    and (n.date is None or n.date == day)),
                   next((i for i, n in enumerate(negotiations) if n.location == (m.location or placed_in.get(m.sentence))), 0))
              for m, day in zip(mentions, _days_before(mentions))]
    for m, index in zip(mentions, rounds):
        target = negotiations[index]
        target.parties.extend(p for p in m.parties if p not in target.parties)
        target.date = target.date or m.date
        target.round = target.round or m.round
        for person in m.leaders:
            if state := ctx.person_states.get(person):
                target.heads.setdefault(state, person)
        target.hosts.extend(h for h in m.venue_hosts if h not in target.hosts)
        if target.evidence is None and (m.location == target.location or m.strong):
            target.evidence = ctx.span(ctx.sents[m.sentence])
            target.attribution = attributions[m.sentence]
    for index, negotiation in enumerate(negotiations):
        # "negotiations between A and B" ... "the A, C and D delegations arrived": states C and D are third parties
        named = {k for m, at in zip(mentions, rounds) if at == index for k in m.sides_named}
        if len(named) >= 2:
            negotiation.hosts.extend(p for p in negotiation.parties if p not in named and p not in negotiation.hosts
                                     and ctx.actors.get(p).type == "State")
    for m, index in zip(mentions, rounds):  # a round with no day of its own, said to be under way
        if m.ongoing and negotiations[index].date is None:
            negotiations[index].date = ctx.document.published
    for m in mentions:
        place = m.location or placed_in.get(m.sentence)  # "three rounds of talks in Istanbul, on May 16, June 2 and July 23"
        for day in m.later_dates:
            if not any(n.location == place and n.date == day for n in negotiations):
                negotiations.append(Negotiation(name=f"{place} talks" if place else "", location=place,
                                                date=day, parties=list(m.parties), status=m.status,
                                                evidence=ctx.span(ctx.sents[m.sentence]), attribution=attributions[m.sentence]))
    for number, negotiation in enumerate(negotiations, 1):
        negotiation.id = f"n{number}"
    sentence_starts = [sent.start_char for sent in ctx.sents]
    for role in roles:
        if role.role == "head of delegation" and role.of:
            sentence = max(i for i, start in enumerate(sentence_starts) if start <= role.evidence.start)
            target = negotiations[_round_of_sentence(mentions, rounds, sentence)]
            role.negotiation = target.id
            target.heads.setdefault(role.of, role.person)
            if role.of not in target.parties:
                target.parties.append(role.of)
    for index, sent in enumerate(ctx.sents):
        placed = [n for n in negotiations if n.location and n.location in ctx.text_of(sent)]
        target = placed[0] if len(placed) == 1 else negotiations[_round_of_sentence(mentions, rounds, index)]
        for key, person in () if index in to_come else hosts_of(index).items():
            if key not in target.hosts:
                target.hosts.append(key)
            if person and not any(r.person == person and r.negotiation == target.id for r in host_roles):
                host_roles.append(Role(person, HOST_ROLE, of=key, negotiation=target.id, evidence=ctx.span(sent)))
        for side, person in signatories(ctx, sent):  # "signed by the Malian envoy X and the rebels' Y"
            target.heads.setdefault(side, person)
            if side not in target.parties:
                target.parties.append(side)
    ctx = ctx.evolve(non_sides=ctx.non_sides | {key for n in negotiations for key in n.hosts})
    talks_sides = [p for n in negotiations for p in n.parties if p not in n.hosts]
    for negotiation in negotiations:
        for party in [p for p in negotiation.heads if p in negotiation.hosts]:
            del negotiation.heads[party]
        sides = [p for p in negotiation.parties if p not in negotiation.hosts and p not in terms("neutral_intermediaries")]
        mediators = [p for p in sides if p in ctx.non_sides]
        if len(sides) > 2 and len(sides) - len(mediators) >= 2:
            # "talks involving Israel, Hamas, Qatar, Egypt and the US" ... "key mediator Qatar": a party
            # the article names as a go-between is a host of the talks
            negotiation.hosts.extend(mediators)
            sides = [p for p in sides if p not in mediators]
        if len(sides) < 2:
            # states named only as where talks were held are not their sides
            around = states_around_place(ctx, negotiation.location)
            around |= {state for state in venues if all(state not in n.parties for n in negotiations)}
            # "the pact the two sides reached in Stockholm": the sides of the article's other rounds
            known = talks_sides if negotiation.evidence and _both_sides(ctx, negotiation.evidence) else []
            # the article's one armed group is a side of its talks before any state it names in passing
            group = (armed,) if (armed := ctx.armed_group()) else ()
            pool = dict.fromkeys((*sides, *known, *group, *ctx.ranking()))
            sides = [k for k in pool if k in sides or (k not in around and k not in ctx.non_sides)][:2]
        negotiation.parties = sides
        if not negotiation.name:
            names = [ctx.actors.name(p) for p in negotiation.parties]
            negotiation.name = "talks between " + " and ".join(names) if names else "talks"
        if negotiation.evidence is None:
            negotiation.evidence = ctx.span(ctx.sents[mentions[0].sentence])
    return negotiations, host_roles
