"""Mediation told without a meeting: "Oman mediated between Iran and Sweden", "Egypt and Qatar
helped broker a pause between Israel and Hamas", "Egypt and Qatar emerged as mediators between
Israel and Hamas", "following Omani mediation, Iran and Sweden agreed ...", "a deal was
negotiated between A and B by C", "A and B reached a U.S.-brokered agreement". Each names talks
between two sides with a mediator, though it gives neither their place nor their day."""

from __future__ import annotations

from spacy.tokens import Token

from .context import ArticleContext
from .plans import is_planned_at
from .syntax import hyphen_prefix, subjects_of
from .tokens import in_lexicon, is_negated


def mediated_talks(ctx: ArticleContext, token: Token) -> tuple[list[str], list[str], bool] | None:
    """(the sides, their mediators, whether the mediation is told as done) of the mediation a
    word of the ``mediation_words`` lexicon names; None when it does not name two sides and a
    mediator."""
    if not in_lexicon(token, "mediation_words") or is_negated(token):
        return None
    if token.dep_ == "amod" and in_lexicon(token.head, "exchange_nouns"):
        return None  # "an Omani-brokered prisoner swap": the swap's intermediary, no talks told
    mediators = _keys(ctx, _mediators(token))
    sides = [key for key in _keys(ctx, _sides(token)) if key not in mediators]
    if len(sides) < 2 or not mediators:
        return None
    after = token.dep_ == "pobj" and in_lexicon(token.head, "after_words")  # "following Omani mediation": done
    # "reached a U.S.-brokered agreement": the tense of the verb the accord is the object of
    anchor = token.head.head if token.dep_ == "amod" and token.head.dep_ == "dobj" else token
    return sides, mediators, after or not is_planned_at(anchor)


def _sides(token: Token) -> list[Token]:
    """"between A and B" on the word, on the accord it brokered or on its verb; else, for
    "following X's mediation, A and B agreed", the subjects of the clause."""
    holders = [token, *(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))]  # "the deal between A and B was brokered"
    if token.dep_ == "pobj" and token.head.lower_ == "as":
        holders.append(token.head.head)  # "acted as a go-between for ..." hangs "between" on the verb
    found = [pobj for holder in holders for prep in holder.children if prep.dep_ == "prep" and prep.lower_ == "between"
             for pobj in prep.children if pobj.dep_ == "pobj"]
    if not found and token.dep_ == "pobj" and in_lexicon(token.head, "after_words") and token.head.head.pos_ == "VERB":
        return subjects_of(token.head.head)
    if token.dep_ == "amod":  # "a U.S.-brokered agreement between A and B", "A and B reached a U.S.-brokered agreement"
        noun = token.head
        found = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "between"
                 for p in prep.children if p.dep_ == "pobj"]
        if not found and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            return subjects_of(noun.head)
    return [side for pobj in found for side in (pobj, *pobj.conjuncts)]


def _mediators(token: Token) -> list[Token]:
    """Who mediated: the word before a hyphen ("a U.S.-brokered deal"), the agent of a passive
    ("was negotiated between A and B by C"), the subject of "mediated" or "helped broker", of
    "emerged as mediators", the nation before "mediation" ("Omani mediation", "Oman's
    mediation"), or "mediation by X"."""
    if token.pos_ == "VERB" and token.dep_ == "amod":
        return hyphen_prefix(token)
    if token.pos_ == "VERB":
        agents = [p for a in token.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        if agents:  # "a deal was negotiated between A and B by C"
            return [m for first in agents for m in (first, *first.conjuncts)]
        subjects = subjects_of(token)
        if not subjects and token.dep_ in ("xcomp", "conj"):
            subjects = subjects_of(token.head)
        return subjects
    if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX"):
        return subjects_of(token.head.head)
    named = [c for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.pos_ in ("PROPN", "ADJ")]
    named += [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ in ("by", "of")
              for p in prep.children if p.dep_ == "pobj"]
    return [m for first in named for m in (first, *first.conjuncts)]


def _keys(ctx: ArticleContext, tokens: list[Token]) -> list[str]:
    """The sides the tokens name (a state, or an organisation that is a party itself), once each."""
    keys: list[str] = []
    for token in tokens:
        key = ctx.state_of(ctx.head_actor(token))
        if key and key not in keys:
            keys.append(key)
    return keys
