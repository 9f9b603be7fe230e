"""The facts extractors return: plain dataclasses, no RDF.

Everything downstream (resolution, RDF mapping, the eval-format export) reads these, so an
extractor never needs to know about triples. Actors are referred to by their ``key`` (see
:class:`Actor`); character offsets are offsets into the article's text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ActorType = Literal["Person", "Organization", "State", "Media"]
ExchangeKind = Literal["prisoner_exchange", "list_handover", "remains_return", "civilian_return"]
Qualifier = Literal["exact", "at_least", "approximately", "at_most"]
Status = Literal["completed", "planned"]
# How the article presents a fact: as its own statement, as reported by others
# ("reportedly", "according to"), as an allegation ("accuses") or as an estimate.
ReportingMode = Literal["asserted", "reported", "alleged", "estimated"]

ACTOR_TYPES: tuple[str, ...] = ("Person", "Organization", "State", "Media")
EXCHANGE_KINDS: tuple[str, ...] = ("prisoner_exchange", "list_handover", "remains_return", "civilian_return")
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "approximately", "at_most")
STATUSES: tuple[str, ...] = ("completed", "planned")
REPORTING_MODES: tuple[str, ...] = ("asserted", "reported", "alleged", "estimated")
# Canonical category names; extractors map synonyms onto these.
CATEGORIES: tuple[str, ...] = (
    "wounded", "seriously ill", "young", "civilians", "military", "children", "women", "elderly", "bodies",
    "foreign nationals", "political prisoners",
)


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """Where an actor is named: the name's span and the sentence around it."""

    span: Span
    sentence: Span


@dataclass
class Actor:
    """A person, organization, state or media outlet named in an article.

    ``key`` is canonical and stable across articles: the gazetteer id for known actors,
    otherwise ``"<type>/<slug of name>"``. It is what IRIs are minted from.
    """

    key: str
    name: str
    type: ActorType
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None


@dataclass
class Attribution:
    """Who the article says a fact comes from, and how it hedges it."""

    sources: list[str] = field(default_factory=list)  # actor keys
    source_text: str | None = None  # the cited source as written, e.g. "a source within ..."
    mode: ReportingMode = "asserted"
    cue: Span | None = None  # "according to TASS", "reportedly", ...


HOST_ROLE = "host"  # the role of a person who hosted or chaired talks for a state or organisation


@dataclass
class Role:
    """An office or role a person holds: "Turkish Foreign Minister Hakan Fidan"."""

    person: str  # actor key
    role: str  # normalized role name: "President", "Foreign Minister", "head of delegation", ...
    of: str | None = None  # actor key of the state/organization/person the role is of
    negotiation: str | None = None  # id of the round of talks (Negotiation.id) it is held at
    evidence: Span | None = None


@dataclass
class Release:
    """How many people (or remains) one side let go in an exchange."""

    side: str  # actor key of the releasing side
    count: int
    qualifier: Qualifier = "exact"


@dataclass
class Exchange:
    """A prisoner exchange, return of civilians or remains, or handover of a list of names."""

    kind: ExchangeKind
    sides: list[str]  # actor keys, sorted
    releases: list[Release] = field(default_factory=list)
    status: Status = "completed"
    categories: list[str] = field(default_factory=list)  # values of CATEGORIES
    intermediaries: list[str] = field(default_factory=list)  # actor keys
    transit: list[str] = field(default_factory=list)  # actor keys of states / place names
    date: dt.date | None = None
    negotiation: str | None = None  # id of the round of talks (Negotiation.id) it was agreed at
    attribution: Attribution = field(default_factory=Attribution)
    evidence: Span | None = None  # the sentence (or span) the fact comes from


@dataclass
class Negotiation:
    """A round of talks."""

    name: str  # "Istanbul talks"
    id: str = ""  # unique in its article ("n1", "n2", ... in the order found): what exchanges and roles refer to it by
    location: str | None = None  # place name
    date: dt.date | None = None
    parties: list[str] = field(default_factory=list)  # actor keys
    heads: dict[str, str] = field(default_factory=dict)  # party key -> person key
    hosts: list[str] = field(default_factory=list)  # actor keys of hosts or mediators
    round: int | None = None
    outcomes: list[str] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)
    evidence: Span | None = None
    status: Status = "completed"  # "planned": a round set for a day and place still to come


@dataclass
class Claim:
    """A numeric statement that is not an exchange: "Russia holds about 6,000 prisoners"."""

    subject: str | None  # actor key
    statement: str
    number: int
    qualifier: Qualifier = "exact"
    attribution: Attribution = field(default_factory=Attribution)
    evidence: Span | None = None


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article_id: str
    actors: list[Actor] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    negotiations: list[Negotiation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def referenced_keys(self) -> set[str]:
        """The keys of every actor some fact refers to."""
        keys: set[str] = set()
        for exchange in self.exchanges:
            keys.update(exchange.sides, exchange.intermediaries, exchange.transit, exchange.attribution.sources)
            keys.update(release.side for release in exchange.releases)
        for negotiation in self.negotiations:
            keys.update(negotiation.parties, negotiation.hosts, negotiation.attribution.sources)
            keys.update(negotiation.heads.keys(), negotiation.heads.values())
        for role in self.roles:
            keys.update(k for k in (role.person, role.of) if k)
        for claim in self.claims:
            keys.update(claim.attribution.sources)
            if claim.subject:
                keys.add(claim.subject)
        return keys

    def actor(self, key: str) -> Actor | None:
        """The actor with this key, if the article names it."""
        for actor in self.actors:
            if actor.key == key:
                return actor
        return None
