"""Institutions of a state named in an article: ministries ("the Defence Ministry", qualified by
the state named just before it) and other bodies written after their state ("Israel's prison
service"), each an organization of its own whose side is its state."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Span
from ..nlp.gazetteer import Gazetteer, GazetteerEntry, normalize_name
from ..text import strip_determiner
from .lexicon import terms
from .mentions import as_span

if TYPE_CHECKING:
    from .actors import ActorIndex

_PORTFOLIO_STOP = terms("portfolio_stopwords")
_POSSESSIVE = ("'s", "’s")
_FUNCTION_WORDS = ("for", "on", "of", "and", "the")


def _portfolio(name: str) -> frozenset[str]:
    words = normalize_name(name).replace("defence", "defense").split()
    return frozenset(w for w in words if w not in _PORTFOLIO_STOP)


def is_ministry(name: str) -> bool:
    return "ministry" in name.lower()


def add_ministry(index: ActorIndex, span: SpacySpan, sentence: Span) -> None:
    """A ministry: qualified ("Ukrainian Defence Ministry") as is; unqualified ("the Ministry of
    Defense") joins a qualified one of the same portfolio, else takes the state named last. Written
    after its state ("Qatar's Ministry of Foreign Affairs"), that form is one of its aliases."""
    name = span.text
    if (named := _state_named_in(index.gazetteer, name)) is not None:
        key = index.ensure(name, "Organization", as_span(span, index.text), sentence)
        _add_short_forms(index, key, name, *named)
        return
    portfolio = _portfolio(name)
    for actor in index.actors:
        if actor.type == "Organization" and is_ministry(actor.name) and _portfolio_without_state(index, actor.name) == portfolio:
            index.add_mention(actor, as_span(span, index.text), sentence)
            return
    state = _state_before(index, span)
    if state is not None:
        demonyms = index.gazetteer.entries[state].demonyms
        qualified = f"{demonyms[0]} {strip_determiner(name)}" if demonyms else f"{strip_determiner(name)} of {index.name(state)}"
        key = index.ensure(qualified, "Organization", as_span(span, index.text), sentence)
        if (possessor := _possessor(span)) is not None:
            index.add_alias(key, f"{possessor.text} {strip_determiner(name)}")
        if demonyms:
            _add_short_forms(index, key, qualified, index.gazetteer.entries[state], demonyms[0])
        return
    index.ensure(name, "Organization", as_span(span, index.text), sentence)


def add_state_bodies(index: ActorIndex, ents: Sequence[SpacySpan], sentence_of: Callable[[SpacySpan], Span]) -> None:
    """"Israel's prison service", "Azerbaijan's state commission for prisoners of war": a body the
    gazetteer does not know, written after its state's possessive, is an organization named after
    both ("Azerbaijan State Commission for Prisoners of War"), with the text's form as an alias."""
    for ent in ents:
        entry = index.gazetteer.entries.get(ent.ent_id_) if ent.ent_id_ else index.gazetteer.lookup(ent.text)
        doc = ent.doc
        if (ministry := _untagged_ministry(index.gazetteer, ent)) is not None:
            add_ministry(index, ministry, sentence_of(ministry))
            continue
        if entry is None or entry.type != "State" or ent.end + 1 >= len(doc) or doc[ent.end].text not in _POSSESSIVE:
            continue
        body = ent.root.head  # the noun the possessive hangs on
        if ent.root.dep_ != "poss" or body.i <= ent.end or body.lower_ not in terms("state_body_heads") or body.ent_type_:
            continue
        words = doc[ent.end + 1:body.i + 1]
        if any(t.ent_type_ or t.pos_ not in ("NOUN", "PROPN", "ADJ") for t in words):
            continue
        if index.gazetteer.lookup(f"{entry.demonyms[0] if entry.demonyms else entry.name} {words.text}") is not None:
            continue  # "Israel's army" is the gazetteer's Israeli army
        end = _complement_end(body)
        surface = doc[ent.start:end]
        title = " ".join(w.text if w.lower_ in _FUNCTION_WORDS else w.text[:1].upper() + w.text[1:] for w in doc[ent.end + 1:end])
        key = index.ensure(f"{entry.name} {title}", "Organization", as_span(surface, index.text), sentence_of(surface))
        index.add_alias(key, surface.text)


def _untagged_ministry(gazetteer: Gazetteer, ent: SpacySpan) -> SpacySpan | None:
    """"the UAE foreign ministry", "the Emirati defence ministry": a state's name or demonym
    before a ministry NER left untagged; the span from the state to "ministry"."""
    doc = ent.doc
    entry = gazetteer.lookup(ent.text) or gazetteer.demonym(ent.text)
    body = ent.root.head
    if entry is None or entry.type != "State" or ent.root.dep_ not in ("compound", "amod", "npadvmod", "nmod") \
            or not is_ministry(body.text) or body.i <= ent.end or body.ent_type_:
        return None
    words = doc[ent.end:body.i]
    if any(t.ent_type_ or t.pos_ not in ("NOUN", "PROPN", "ADJ") for t in words):
        return None
    return doc[ent.start:body.i + 1]


def _complement_end(body: Token) -> int:
    """Where a body's name ends: after "for prisoners of war" in "state commission for prisoners of
    war", a complement of plain nouns; else after the body's noun."""
    for prep in (c for c in body.children if c.dep_ == "prep" and c.lower_ in _FUNCTION_WORDS and c.i == body.i + 1):
        tail = list(prep.subtree)
        plain = all((t.pos_ in ("NOUN", "ADP", "DET", "ADJ", "CCONJ") or t.dep_ == "amod") and not t.ent_type_ for t in tail[1:])
        if plain and len(tail) > 1:  # "for missing persons": a participle read as an adjective is plain too
            return tail[-1].i + 1
    return body.i + 1


def _possessor(span: SpacySpan) -> SpacySpan | None:
    """The state's name and possessive written before ``span`` ("Qatar's"), if any."""
    doc = span.doc
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
    if start < 2 or doc[start - 1].text not in _POSSESSIVE:
        return None
    return doc[start - 2:start]


def _state_named_in(gazetteer: Gazetteer, name: str) -> tuple[GazetteerEntry, str] | None:
    """The state whose demonym or name is part of ``name`` ("Russian Foreign Ministry"), with that word."""
    for word in re.split(r"[\s\-]+|['’]s\b", name):
        entry = gazetteer.demonym(word) or gazetteer.lookup(word) if word else None
        if entry is not None and entry.type == "State":
            return entry, word
    return None


def _add_short_forms(index: ActorIndex, key: str, name: str, state: GazetteerEntry, word: str) -> None:
    """"Emirati Ministry of Foreign Affairs" is also the "UAE Ministry of Foreign Affairs": the
    ministry's name with the state's short names (its upper-case aliases) in place of ``word``."""
    for short in (alias for alias in state.aliases if alias.isupper()):
        index.add_alias(key, name.replace(word, short, 1))


def _portfolio_without_state(index: ActorIndex, name: str) -> frozenset[str]:
    words = _portfolio(name)
    return frozenset(w for w in words if not index.gazetteer.demonym(w) and not index.gazetteer.lookup(w))


def _state_before(index: ActorIndex, span: SpacySpan) -> str | None:
    """The state mentioned last in this sentence or the one before it."""
    sent = span.sent
    previous_start = sent.start_char
    if sent.start > 0:
        previous_start = span.doc[sent.start - 1].sent.start_char
    candidates = [key for _, _, key in index.mentions_between(previous_start, span.start_char)
                  if key in index and index.get(key).type == "State"]
    return candidates[-1] if candidates else None
