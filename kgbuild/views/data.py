"""What the views need from a kgbuild dataset, read in one pass per property.

Each property is read with one index scan over the whole store (``quads_for_pattern`` with the
predicate fixed), never one query per node, and grouped in Python by event IRI. After
cross-article resolution the same event IRI appears in the named graph of every article that
reports it, so grouping by IRI gives one record per real-world event with all its reports.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS

from ..errors import KgbuildError
from ..facts import HOST_ROLE
from ..rdf.io import read_store
from ..rdf.mapping import ACTOR_CLASS, EXCHANGE_CLASS, EXCHANGE_LABEL, MODE, QUALIFIER, STATUS
from ..rdf.vocab import KG

PARTICIPANT_ROLES = ("side", "party", "intermediary", "host", "head", "transit")
MEDIATOR_ROLES = ("intermediary", "host")
ACTOR_TYPE = {str(iri): name for name, iri in ACTOR_CLASS.items()}
EXCHANGE_KIND = {str(iri): name for name, iri in EXCHANGE_CLASS.items()}
LOCAL_NAME = {str(iri): name for table in (STATUS, QUALIFIER, MODE) for name, iri in table.items()}


@dataclass
class ActorInfo:
    """One actor: its IRI, every name the dataset gives it, and its type."""

    iri: str
    type: str = "Actor"
    names: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    wikidata: str = ""

    @property
    def name(self) -> str:
        """The name most graphs give; ties go to the alphabetically first."""
        if not self.names:
            return self.iri.rsplit("/", 1)[-1]
        return min(self.names, key=lambda n: (-self.names[n], n))

    def all_names(self) -> set[str]:
        return set(self.names) | self.aliases


@dataclass
class Report:
    """One article that reports a fact."""

    iri: str
    id: str = ""
    publisher: str = ""
    published: str = ""
    title: str = ""
    url: str = ""


@dataclass
class EventInfo:
    """One real-world exchange or round of talks, merged over every article that reports it."""

    iri: str
    kind: str = "exchange"  # "exchange" or "negotiation"
    exchange_kind: str = ""  # prisoner_exchange, civilian_return, ... for exchanges
    statuses: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    labels: Counter = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    rounds: set[int] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    participants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # actor -> roles
    heads: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # party -> heads
    transit: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # actors the reports attribute the event to
    source_texts: set[str] = field(default_factory=set)
    releases: dict[str, dict[int, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    qualifiers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # side -> qualifiers
    agreed_at: set[str] = field(default_factory=set)
    fulfils: set[str] = field(default_factory=set)
    fulfilled_by: set[str] = field(default_factory=set)
    disagreements: list[str] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The earliest date any report gives (ISO), or ''."""
        return min(self.dates, default="")

    @property
    def label(self) -> str:
        if self.kind == "negotiation" and self.names:
            return min(self.names)
        if self.labels:
            return min(self.labels, key=lambda n: (-self.labels[n], n))
        return EXCHANGE_LABEL.get(self.exchange_kind, self.kind)

    @property
    def type_name(self) -> str:
        """``negotiation`` or the exchange's kind (``prisoner_exchange``, ...)."""
        return self.exchange_kind or self.kind

    def actors(self, roles=PARTICIPANT_ROLES) -> list[str]:
        return sorted(a for a, r in self.participants.items() if r & set(roles))


@dataclass
class ViewData:
    """Actors, events, articles and places of a dataset, indexed for the views."""

    actors: dict[str, ActorInfo] = field(default_factory=dict)
    events: dict[str, EventInfo] = field(default_factory=dict)
    articles: dict[str, Report] = field(default_factory=dict)
    place_names: dict[str, str] = field(default_factory=dict)
    events_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # actor -> events
    articles_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # actor -> naming articles
    cited_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # actor -> facts citing it

    def actor_name(self, iri: str) -> str:
        if iri in self.actors:
            return self.actors[iri].name
        return self.place_names.get(iri, iri.rsplit("/", 1)[-1])

    def article_ids(self, articles) -> list[str]:
        return sorted(self.articles[a].id or a for a in articles if a in self.articles)

    def outlets(self, event: EventInfo) -> list[str]:
        return sorted({self.articles[a].publisher for a in event.articles if a in self.articles} - {""})

    def find_actor(self, name: str) -> str:
        """The IRI of the actor called ``name`` (its IRI, kg:name or any kg:alias, any case).

        When several actors share the name, the one whose main name it is wins, then the one
        in the most events. Raises KgbuildError, with close names, when none matches."""
        if name in self.actors:
            return name
        wanted = name.casefold().strip()
        matches = [a for a in self.actors.values()
                   if wanted in {n.casefold() for n in a.all_names()} or a.iri.casefold().endswith("/" + wanted)]
        if not matches:
            known = {n.casefold(): n for a in self.actors.values() for n in a.all_names()}
            close = [known[k] for k in difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.6)]
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise KgbuildError(f"no actor called {name!r} in the graph{hint}")
        return min(matches, key=lambda a: (a.name.casefold() != wanted, -len(self.events_of.get(a.iri, ())),
                                           a.iri)).iri


def _scan(store: ox.Store, predicate, obj=None):
    return store.quads_for_pattern(None, ox.NamedNode(str(predicate)), obj, None)


def _values(store: ox.Store, predicate):
    """(subject IRI, object value) for every quad with ``predicate``."""
    for quad in _scan(store, predicate):
        yield quad.subject.value, quad.object.value


def load_view_data(store: ox.Store) -> ViewData:
    """Read actors, events, their participants, reports and numbers from ``store``."""
    data = ViewData()
    article_of_graph = {}
    for quad in _scan(store, RDF.type, ox.NamedNode(str(KG.Article))):
        data.articles.setdefault(quad.subject.value, Report(quad.subject.value))
        if isinstance(quad.graph_name, ox.NamedNode):
            article_of_graph[quad.graph_name] = quad.subject.value
    for iri, type_name in ACTOR_TYPE.items():
        for quad in _scan(store, RDF.type, ox.NamedNode(iri)):
            data.actors.setdefault(quad.subject.value, ActorInfo(quad.subject.value, type_name))
            if quad.graph_name in article_of_graph:  # an article's graph describes the actors it names
                data.articles_of[quad.subject.value].add(article_of_graph[quad.graph_name])
    events = data.events
    for iri, kind in EXCHANGE_KIND.items():
        for quad in _scan(store, RDF.type, ox.NamedNode(iri)):
            events.setdefault(quad.subject.value, EventInfo(quad.subject.value, "exchange", kind))
    for quad in _scan(store, RDF.type, ox.NamedNode(str(KG.Negotiation))):
        events.setdefault(quad.subject.value, EventInfo(quad.subject.value, "negotiation"))

    _read_actor_names(store, data)
    _read_mentions_and_citations(store, data)
    _read_events(store, data)
    _read_participants(store, data)
    _read_releases(store, data)
    for event in events.values():
        for actor in event.participants:
            data.events_of[actor].add(event.iri)
    return data


def _read_actor_names(store: ox.Store, data: ViewData) -> None:
    actors = data.actors
    for subject, value in _values(store, KG.name):
        if subject in actors:
            actors[subject].names[value] += 1
        elif subject in data.events:
            data.events[subject].names.add(value)
        else:
            data.place_names.setdefault(subject, value)
    for subject, value in _values(store, KG.alias):
        if subject in actors:
            actors[subject].aliases.add(value)
    for subject, value in _values(store, KG.wikidataId):
        if subject in actors:
            actors[subject].wikidata = value
    for actor in actors.values():
        actor.aliases -= {actor.name}
        actor.aliases |= set(actor.names) - {actor.name}
    articles = data.articles
    for attribute, predicate in (("id", KG.articleId), ("publisher", KG.publisherName),
                                 ("published", KG.published), ("title", KG.title), ("url", KG.url)):
        for subject, value in _values(store, predicate):
            if subject in articles:
                setattr(articles[subject], attribute, value)


def _read_mentions_and_citations(store: ox.Store, data: ViewData) -> None:
    """The articles of each actor's mentions (a graph without named graphs, such as graph.ttl,
    still has them) and the facts, events or claims, attributed to each actor."""
    actor_of_mention = {mention: actor for actor, mention in _values(store, KG.hasMention) if actor in data.actors}
    for mention, article in _values(store, KG.inArticle):
        if mention in actor_of_mention and article in data.articles:
            data.articles_of[actor_of_mention[mention]].add(article)
    for fact, actor in _values(store, KG.attributedTo):
        if actor in data.actors:
            data.cited_by[actor].add(fact)


def _read_events(store: ox.Store, data: ViewData) -> None:
    events = data.events
    simple = (
        (KG.status, lambda e, v: e.statuses.add(LOCAL_NAME.get(v, v))),
        (KG.date, lambda e, v: e.dates.add(v)),
        (RDFS.label, lambda e, v: e.labels.update([v])),
        (KG.place, lambda e, v: e.places.add(v)),
        (KG.round, lambda e, v: e.rounds.add(int(v))),
        (KG.outcome, lambda e, v: e.outcomes.add(v)),
        (KG.category, lambda e, v: e.categories.add(v.rsplit("#", 1)[-1])),
        (KG.transit, lambda e, v: e.transit.add(v)),
        (KG.reportedIn, lambda e, v: e.articles.add(v)),
        (KG.attributedTo, lambda e, v: e.sources.add(v)),
        (KG.sourceText, lambda e, v: e.source_texts.add(v)),
        (KG.agreedAt, lambda e, v: e.agreed_at.add(v)),
        (KG.fulfils, lambda e, v: e.fulfils.add(v)),
    )
    for predicate, add in simple:
        for subject, value in _values(store, predicate):
            event = events.get(subject)
            if event is not None:
                add(event, value)
    for event in list(events.values()):
        for plan in event.fulfils:
            if plan in events:
                events[plan].fulfilled_by.add(event.iri)
    notes = dict(_values(store, KG.disagreementNote))
    for subject, event in _values(store, KG.aboutEvent):
        if event in events and subject in notes:
            events[event].disagreements.append(notes[subject])
    for event in events.values():
        event.disagreements.sort()


def _read_participants(store: ox.Store, data: ViewData) -> None:
    events, actors = data.events, data.actors
    for role, predicate in (("side", KG.side), ("party", KG.party), ("intermediary", KG.intermediary),
                            ("host", KG.host), ("transit", KG.transit)):
        for subject, value in _values(store, predicate):
            if subject in events and value in actors:
                events[subject].participants[value].add(role)
    delegation_event = {d: e for e, d in _values(store, KG.delegation) if e in events}
    delegation_of = dict(_values(store, KG.delegationOf))
    for delegation, head in _values(store, KG.headedBy):
        event = delegation_event.get(delegation)
        if event is not None and head in actors:
            events[event].participants[head].add("head")
            party = delegation_of.get(delegation)
            if party:
                events[event].heads[party].add(head)
    role_event = {role: event for role, event in _values(store, KG.roleIn) if event in events}
    hosting = {role for role, name in _values(store, KG.roleName) if name == HOST_ROLE and role in role_event}
    for role, holder in _values(store, KG.holder):
        if role in hosting and holder in actors:  # "Turkish Foreign Minister X opened the session"
            events[role_event[role]].participants[holder].add("host")


def _read_releases(store: ox.Store, data: ViewData) -> None:
    events = data.events
    release_event = {r: e for e, r in _values(store, KG.release) if e in events}
    released_by = {r: side for r, side in _values(store, KG.releasedBy) if r in release_event}
    article_of = {r: a for r, a in _values(store, KG.reportedIn) if r in release_event}
    for release, qualifier in _values(store, KG.qualifier):
        if release in released_by:
            events[release_event[release]].qualifiers[released_by[release]].add(LOCAL_NAME.get(qualifier, qualifier))
    for release, count in _values(store, KG.count):
        if release in released_by:
            event = events[release_event[release]]
            event.releases[released_by[release]][int(count)].add(article_of.get(release, ""))


def open_dataset(file: str | Path | None = None, store_path: str | Path | None = None) -> ox.Store:
    """The store to read: a graph file (.trig, .ttl, .nq, ...) or an on-disk kgbuild store."""
    if (file is None) == (store_path is None):
        raise KgbuildError("give a graph FILE or --store PATH (one of them)")
    if store_path is not None:
        from ..store import open_store

        return open_store(store_path, create=False)
    return read_store(file)
