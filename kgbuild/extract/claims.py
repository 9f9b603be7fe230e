"""Numeric claims that are not exchanges: how many prisoners a side holds, how many children
were deported, casualty figures, with who holds or did it and who says so."""

from __future__ import annotations

from spacy.tokens import Token

from ..facts import Attribution, Claim
from .context import ArticleContext, in_lexicon, path_to_root
from .exchanges import _SKIPPED_ENTS, _connected, _owner, _people_noun
from .numbers import number_at

_STATIVE = {"hold", "detain", "keep", "imprison", "remain"}
_ACCUSE = {"accuse", "charge", "blame"}


def _claim_verb(noun: Token) -> Token | None:
    for node in path_to_root(noun)[1:5]:
        if node.pos_ in ("VERB", "AUX") and in_lexicon(node, "claim_verbs"):
            return node
        if node.lemma_ == "be" and any(c.lower_ == "still" for c in node.children):
            return node  # "the bodies of 24 hostages are still in Gaza": still held
        for child in node.children:
            if child.dep_ in ("xcomp", "advcl") and in_lexicon(child, "claim_verbs"):
                return child
    for token in noun.subtree:
        if token.pos_ == "VERB" and token.head.i == noun.i and in_lexicon(token, "claim_verbs"):
            return token
    return None


def _location(ctx: ArticleContext, verb: Token) -> str | None:
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "by")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if key := ctx.state_of(ctx.head_actor(pobj)):
                return key
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for pobj in (c for c in agent.children if c.dep_ == "pobj"):
            if key := ctx.state_of(ctx.head_actor(pobj)):
                return key
    return None


def _subject(ctx: ArticleContext, verb: Token, noun: Token) -> str | None:
    """Who holds or did it: the place of holding, the subject, or the accused."""
    if verb.lemma_ in _STATIVE | {"be"} and (key := _location(ctx, verb)):
        return key
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of" and verb.head.head.lemma_ in _ACCUSE:
        for obj in (c for c in verb.head.head.children if c.dep_ == "dobj"):
            if key := ctx.state_of(ctx.head_actor(obj)):
                return key
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i != noun.i and (key := ctx.state_of(ctx.head_actor(child))):
            return key
    if key := _location(ctx, verb):
        return key
    owner = _owner(ctx, noun)
    others = [s for s in ctx.sides() if s != owner]
    if owner and others:
        return others[0]
    return _hostage_taker(ctx, noun) if verb.lemma_ in _STATIVE | {"be"} else None


def _hostage_taker(ctx: ArticleContext, noun: Token) -> str | None:
    """Hostages said to be held, with no holder named, are held by the article's one armed group
    seen releasing people (Hamas, the Houthis), when there is exactly one."""
    if noun.lemma_.lower() not in ("hostage", "captive"):
        return None
    groups = [k for k in ctx.explicit_sides if k in ctx.actors
              and ctx.actors.get(k).type == "Organization" and not ctx.is_state_body(k)]
    return groups[0] if len(groups) == 1 else None


def extract_claims(ctx: ArticleContext, attributions: list[Attribution]) -> list[Claim]:
    """Numeric claims about people held, taken, killed or wounded."""
    claims: list[Claim] = []
    for index, sent in enumerate(ctx.sents):
        for token in sent:
            if token.ent_type_ in _SKIPPED_ENTS or not token.like_num:
                continue
            parsed = number_at(token)
            if parsed is None or parsed[3] - 1 != token.i or token.dep_ not in ("nummod", "quantmod"):
                continue
            value, qualifier, start, _ = parsed
            noun = token.head
            if not _people_noun(ctx, noun) or _connected(noun) or value < 2:
                continue
            verb = _claim_verb(noun)
            if verb is None:
                continue
            end = max([noun.i] + [t.i for t in noun.subtree if t.i > noun.i and t.dep_ in ("prep", "pobj") and t.head.i in (noun.i, noun.i + 1)])
            statement = f"{verb.lemma_}: {ctx.doc[start:end + 1].text}"
            claims.append(Claim(subject=_subject(ctx, verb, noun), statement=statement, number=value,
                                qualifier=qualifier, attribution=attributions[index], evidence=ctx.span(sent)))
    return claims
