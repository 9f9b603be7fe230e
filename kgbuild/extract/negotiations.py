"""Rounds of talks: where and when, between whom, who led each delegation, who hosted.

A mention is a talks word ("talks", "negotiations", "round of talks") or a delegation; its
place comes from "in X"/"X talks", its parties from "between A and B", the subjects of
"held talks", "negotiations with X" and delegation demonyms. Mentions of one place are one
round; mentions without a place join the article's round. Future rounds are not extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Attribution, Negotiation, Role
from .context import ArticleContext, in_lexicon, path_to_root
from .dates import resolve_date
from .lexicon import mapping

_PLACE_LABELS = ("GPE", "LOC", "FAC")
_TALKS = ("talks", "negotiations", "negotiation", "consultations")
_DELEGATION = ("delegation", "delegations")
_SETTLEMENTS = ("city", "capital", "town", "port", "resort")
_FUTURE = ("will", "shall", "'ll", "next", "upcoming", "future", "planned")


@dataclass
class _Mention:
    sentence: int
    location: str | None = None
    parties: list[str] = field(default_factory=list)
    strong: bool = False  # the talks are said to have happened, or are placed or dated
    date: object = None
    round: int | None = None
    hosted: bool = False  # a host or mediator of these talks is named


def _place(token: Token) -> str | None:
    """The place a pobj or compound names, when NER calls it a place; for "the Saudi city of
    Jeddah" and "the Omani capital Muscat", the city."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in _PLACE_LABELS:
            return ent.text
    if token.lower_ in _SETTLEMENTS:
        for child in token.children:
            if child.dep_ in ("appos", "compound") and child.i > token.i and (place := _place(child)):
                return place
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if place := _place(pobj):
                        return place
    return None


def _is_talks(token: Token) -> bool:
    if token.lower_ in _TALKS or token.lower_ in _DELEGATION:
        return True
    if token.lower_ in ("negotiators", "session") and (
            token.dep_ == "nsubj" and in_lexicon(token.head, "talks_verbs")
            or any(c.lower_ in ("between", "in") for c in token.children)):
        return True
    return token.lower_ == "round" and any(
        c.lower_ == "of" and any(g.lower_ in _TALKS for g in c.children) for c in token.children)


def _future(token: Token) -> bool:
    for node in path_to_root(token)[:4]:
        if any(c.lower_ in _FUTURE for c in node.children if c.dep_ in ("aux", "amod")):
            return True
    return False


def _locate(token: Token) -> str | None:
    nodes = [token]
    if token.head.lower_ == "of" and token.head.head.lower_ == "round":
        nodes.append(token.head.head)
    nodes.extend(n.head for n in list(nodes) if n.head.pos_ == "VERB")
    for clause in (c for c in token.children if c.dep_ == "acl"):
        # "a delegation led by X in Minsk": the place may hang from the leader's name
        nodes.append(clause)
        nodes.extend(p for a in clause.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj")
    for node in nodes:
        for child in node.children:
            if child.dep_ == "compound" and node.lower_ not in _DELEGATION and (place := _place(child)):
                return place
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if place := _place(pobj):
                        return place
    for node in token.subtree:
        # "talks on a new release held in Muscat": the parser hangs "held" on the topic noun
        if node.lemma_ in ("hold", "host", "convene") and node.pos_ == "VERB":
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if place := _place(pobj):
                        return place
    for node in path_to_root(token)[:3]:
        # "the city of Jeddah, where talks ... brought the delegations together"
        if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
            return _place(node.head) or _place(node.head.head)
    return None


def _hosted(token: Token) -> bool:
    """True when the talks are said to have had a host or mediator: "negotiations between A
    and B had been hosted by X", "talks co-chaired by X"."""
    verb = token.head
    if token.dep_ == "nsubjpass" and in_lexicon(verb, "host_cues"):
        return True
    return any(in_lexicon(t, "host_cues") and _cue_beside_talks(t) for t in token.sent if abs(t.i - token.i) <= 3)


def _parties(ctx: ArticleContext, token: Token) -> tuple[list[str], bool]:
    """Parties of a talks mention, and whether a verb says the talks took place."""
    keys: list[str] = []
    strong = False

    def add(tok: Token) -> None:
        for t in (tok, *tok.conjuncts):
            key = ctx.state_of(ctx.head_actor(t))
            if key and key not in keys:
                keys.append(key)

    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("between", "with"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                add(pobj)
        if child.dep_ in ("amod", "compound", "poss", "nmod") and token.lower_ in (*_DELEGATION, "negotiators"):
            add(child)
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lower_ == "round":
        verb = verb.head.head
    elif token.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        verb = None
    if verb is not None and verb.pos_ == "VERB" and in_lexicon(verb, "talks_verbs"):
        strong = verb.tag_ in ("VBD", "VBN", "VBZ", "VBP")
        for child in verb.children:
            if child.dep_ == "nsubj":
                add(child)
    return keys, strong


def _mention(ctx: ArticleContext, index: int, sent: SpacySpan, token: Token) -> _Mention | None:
    if _future(token):
        return None
    parties, strong = _parties(ctx, token)
    mention = _Mention(index, _locate(token), parties, strong)
    for ent in sent.ents:
        if ent.label_ == "DATE" and (day := resolve_date(ent.text, ctx.document.published)):
            mention.date = day
            break
    ordinals = mapping("ordinals")
    for node in (token, token.head.head if token.head.lower_ == "of" else token):
        for child in node.children:
            if child.lower_ in ordinals:
                mention.round = ordinals[child.lower_]
    mention.hosted = _hosted(token)
    mention.strong = mention.strong or mention.location is not None or mention.hosted
    return mention


def _cue_beside_talks(cue: Token) -> bool:
    """True when a host cue is written next to a talks noun: "UN-sponsored talks", "talks
    co-chaired by", "negotiations, mediated by"."""
    doc = cue.doc
    after = cue.i + 1
    while after < cue.sent.end and doc[after].text == "-":
        after += 1
    if cue.dep_ == "amod" and after < cue.sent.end and doc[after].lower_ in _TALKS:
        return True
    before = cue.i - 1
    while before >= cue.sent.start and doc[before].lower_ in ("co", "-", ","):
        before -= 1
    return before >= cue.sent.start and doc[before].lower_ in _TALKS


def hosts_in(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Hosts and mediators of talks: "X opened the session", "talks hosted by X"."""
    found: list[str] = []

    def add(tok: Token) -> None:
        key = ctx.head_actor(tok)
        if key and ctx.actors.get(key).type == "Person":
            key = ctx.person_states.get(key)
        if key and key not in found:
            found.append(key)

    def add_all(tok: Token) -> None:
        for part in (tok, *tok.conjuncts):
            add(part)

    for token in sent:
        if in_lexicon(token, "host_cues") and _cue_beside_talks(token):
            # "UN-sponsored talks", "talks co-chaired by X and Y" (however the parser attached them)
            if token.dep_ == "amod" and token.i >= 2 and token.nbor(-1).text == "-":
                add(token.nbor(-2))
            for agent in (c for c in token.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    add_all(pobj)
            continue
        if token.lower_ == "auspices" and any(in_lexicon(t, "talks_nouns") for t in sent):
            # "talks under the auspices of the UN and the ICRC"
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    add_all(pobj)
            continue
        if token.pos_ != "VERB" or not in_lexicon(token, "host_cues"):
            continue
        objects = [c for c in token.children if c.dep_ == "dobj"]
        talks_clause = token.dep_ == "advcl" and any(
            in_lexicon(o, "talks_nouns") for o in token.head.children if o.dep_ == "dobj")
        if (token.dep_ == "acl" and in_lexicon(token.head, "talks_nouns")) or talks_clause:
            for agent in (c for c in token.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    add_all(pobj)
        elif token.dep_ == "relcl" and any(in_lexicon(o, "talks_nouns") for o in objects) and any(
                g.lower_ == "whose" for c in token.children if c.dep_ == "nsubj" for g in c.children):
            add(token.head)  # "Turkey, whose government hosted the talks"
        elif any(c.dep_ == "nsubjpass" and (in_lexicon(c, "talks_nouns") or c.lower_ in ("it", "they"))
                 for c in token.children):
            for agent in (c for c in token.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    add(pobj)
                    for conj in pobj.conjuncts:
                        add(conj)
        elif any(in_lexicon(o, "talks_nouns") for o in objects):
            for subject in (c for c in token.children if c.dep_ == "nsubj"):
                add(subject)
    return found


def extract_negotiations(ctx: ArticleContext, roles: list[Role], attributions: list[Attribution]) -> list[Negotiation]:
    """The rounds of talks an article reports (heads of delegation are taken from ``roles``)."""
    mentions: list[_Mention] = []
    for index, sent in enumerate(ctx.sents):
        for token in sent:
            if _is_talks(token) and (m := _mention(ctx, index, sent, token)) is not None:
                mentions.append(m)
    places: list[str] = []
    for m in mentions:
        if m.location and m.location not in places:
            places.append(m.location)
    negotiations: list[Negotiation] = []
    if places:
        for place in places:
            negotiations.append(Negotiation(name=f"{place} talks", location=place))
    elif any(m.strong and (m.parties or m.date or m.hosted) for m in mentions):
        negotiations.append(Negotiation(name=""))
    if not negotiations:
        return []
    for m in mentions:
        target = next((n for n in negotiations if n.location == m.location), negotiations[0])
        target.parties.extend(p for p in m.parties if p not in target.parties)
        target.date = target.date or m.date
        target.round = target.round or m.round
        if target.evidence is None and (m.location == target.location or m.strong):
            target.evidence = ctx.span(ctx.sents[m.sentence])
            target.attribution = attributions[m.sentence]
    for role in roles:
        if role.role == "head of delegation" and role.of:
            role.negotiation = 0
            negotiations[0].heads.setdefault(role.of, role.person)
            if role.of not in negotiations[0].parties:
                negotiations[0].parties.append(role.of)
    for sent in ctx.sents:
        placed = [n for n in negotiations if n.location and n.location in sent.text]
        target = placed[0] if len(placed) == 1 else negotiations[0]
        for key in hosts_in(ctx, sent):
            if key not in target.hosts:
                target.hosts.append(key)
                ctx.non_sides.add(key)
    for negotiation in negotiations:
        sides = [p for p in negotiation.parties if p not in negotiation.hosts]
        negotiation.parties = ctx.sides(sides)[:max(2, len(sides))] if len(sides) < 2 else sides
        if not negotiation.name:
            names = [ctx.actors.name(p) for p in negotiation.parties]
            negotiation.name = "talks between " + " and ".join(names)
        if negotiation.evidence is None:
            negotiation.evidence = ctx.span(ctx.sents[mentions[0].sentence])
    return negotiations
