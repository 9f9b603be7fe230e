"""What the views need from a kgbuild dataset, read in one pass per property.

Each property is read with one index scan over the whole store (``quads_for_pattern`` with the
predicate fixed), never one query per node, and grouped in Python by event IRI. After
cross-article resolution the same event IRI appears in the named graph of every article that
reports it, so grouping by IRI gives one record per real-world event with all its reports.

A graph file is not loaded into a store: :class:`GraphFile` reads it once, streaming, and keeps
only the statements of the properties the views read, as shared strings (a store holds every
statement, several times over in its indexes: over 3 GB for 100,000 articles). Whichever the
source, records are kept in IRI order and a property the graph gives twice takes its least
value, so a file and a store loaded from it give the same views.
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS

from ..errors import InputError, KgbuildError
from ..facts import HOST_ROLE
from ..rdf.io import readable_format
from ..rdf.mapping import ACTOR_CLASS, EXCHANGE_CLASS, EXCHANGE_LABEL, MODE, QUALIFIER, STATUS
from ..rdf.vocab import KG

PARTICIPANT_ROLES = ("side", "party", "intermediary", "host", "head", "transit")
MEDIATOR_ROLES = ("intermediary", "host")
ACTOR_TYPE = {str(iri): name for name, iri in ACTOR_CLASS.items()}
EXCHANGE_KIND = {str(iri): name for name, iri in EXCHANGE_CLASS.items()}
LOCAL_NAME = {str(iri): name for table in (STATUS, QUALIFIER, MODE) for name, iri in table.items()}


@dataclass(slots=True)
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


@dataclass(slots=True)
class Report:
    """One article that reports a fact."""

    iri: str
    id: str = ""
    publisher: str = ""
    published: str = ""
    title: str = ""
    url: str = ""


@dataclass(slots=True)
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


RDF_TYPE = str(RDF.type)
# The properties the views read, and the classes whose members they read (rdf:type); a graph file
# keeps the statements of these only. kg:evidence is kept for the claims (see GraphFile.claims_store).
VIEW_PROPERTIES = frozenset(str(p) for p in (
    RDF.type, RDFS.label, KG.name, KG.alias, KG.wikidataId, KG.articleId, KG.publisherName, KG.published, KG.title,
    KG.url, KG.hasMention, KG.inArticle, KG.attributedTo, KG.status, KG.date, KG.place, KG.round, KG.outcome,
    KG.category, KG.transit, KG.reportedIn, KG.sourceText, KG.agreedAt, KG.fulfils, KG.disagreementNote,
    KG.aboutEvent, KG.side, KG.party, KG.intermediary, KG.host, KG.delegation, KG.delegationOf, KG.headedBy,
    KG.roleIn, KG.roleName, KG.holder, KG.release, KG.releasedBy, KG.qualifier, KG.count, KG.evidence))
VIEW_CLASSES = frozenset({str(KG.Article), str(KG.Negotiation), str(KG.Claim), *ACTOR_TYPE, *EXCHANGE_KIND})

Statement = tuple[str, str, str | None]  # subject, object and named graph (None: the default graph), as text


@dataclass
class _Statements:
    """The statements of one property (or of rdf:type with one class) as parallel lists of shared
    strings, which take a fraction of the memory of a tuple per statement. Only rdf:type keeps
    the graph (the views read the graph of a class membership only)."""

    subjects: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    graphs: list[str | None] | None = None

    def __iter__(self) -> Iterator[Statement]:
        return zip(self.subjects, self.objects, self.graphs or repeat(None, len(self.subjects)))


class GraphFile:
    """A graph file (.trig, .ttl, .nq, ...) as the views read it: parsed once, streaming, keeping
    the statements of :data:`VIEW_PROPERTIES` (rdf:type only for :data:`VIEW_CLASSES`) as
    shared strings, grouped by property."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.format = readable_format(self.path)
        self._statements: dict[tuple[str, str | None], _Statements] = {}
        try:
            for quad in ox.parse(path=str(self.path), format=self.format):
                predicate = quad.predicate.value
                if predicate in VIEW_PROPERTIES:
                    self._keep(predicate, quad)
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"not valid {self.path.suffix.lstrip('.').upper()}: {exc}", str(self.path)) from None

    def _keep(self, predicate: str, quad: ox.Quad) -> None:
        value = quad.object.value
        typed = predicate == RDF_TYPE
        if typed and value not in VIEW_CLASSES:
            return
        key = (predicate, value if typed else None)
        found = self._statements.get(key)
        if found is None:
            found = self._statements[key] = _Statements(graphs=[] if typed else None)
        found.subjects.append(sys.intern(quad.subject.value))
        found.objects.append(sys.intern(value))
        if typed:
            graph = _graph(quad.graph_name)
            found.graphs.append(graph and sys.intern(graph))

    def statements(self, predicate: str, obj: str | None = None) -> Iterable[Statement]:
        if predicate not in VIEW_PROPERTIES:
            raise ValueError(f"{predicate} is not among the properties a GraphFile keeps (VIEW_PROPERTIES)")
        return self._statements.get((predicate, obj), ())

    def claims_store(self) -> ox.Store:
        """A store holding what the claims table's SPARQL query reads: every statement about a claim
        and the text of its evidence sentences (read in a second pass over the file)."""
        claims = {s for s, _, _ in self.statements(RDF_TYPE, str(KG.Claim))}
        sentences = {o for s, o, _ in self.statements(str(KG.evidence)) if s in claims}
        anchor = str(KG.anchorOf)
        store = ox.Store()
        store.extend(quad for quad in ox.parse(path=str(self.path), format=self.format)
                     if quad.subject.value in claims
                     or quad.subject.value in sentences and quad.predicate.value == anchor)
        return store


Dataset = ox.Store | GraphFile


def claims_store(dataset: Dataset) -> ox.Store:
    """The store to run the claims table's query on."""
    return dataset if isinstance(dataset, ox.Store) else dataset.claims_store()


def _graph(name) -> str | None:
    return name.value if isinstance(name, ox.NamedNode) else None


def _scan(dataset: Dataset, predicate, obj=None) -> Iterable[Statement]:
    """(subject, object, graph) of every statement with ``predicate`` (and object ``obj``)."""
    if isinstance(dataset, GraphFile):
        return dataset.statements(str(predicate), None if obj is None else str(obj))
    return ((sys.intern(q.subject.value), sys.intern(q.object.value), _graph(q.graph_name))
            for q in dataset.quads_for_pattern(None, ox.NamedNode(str(predicate)),
                                                None if obj is None else ox.NamedNode(str(obj)), None))


def _values(dataset: Dataset, predicate) -> Iterator[tuple[str, str]]:
    """(subject IRI, object value) for every statement with ``predicate``."""
    for subject, value, _ in _scan(dataset, predicate):
        yield subject, value


def _single(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each subject's value; when the graph gives a subject several, the least (not the first
    read, which depends on the source)."""
    found: dict[str, str] = {}
    for subject, value in pairs:
        if subject not in found or value < found[subject]:
            found[subject] = value
    return found


def load_view_data(dataset: Dataset) -> ViewData:
    """Read actors, events, their participants, reports and numbers from ``dataset`` (a store or a
    :class:`GraphFile`)."""
    data = ViewData()
    article_of_graph = {}
    for subject, _, graph in _scan(dataset, RDF.type, KG.Article):
        data.articles.setdefault(subject, Report(subject))
        if graph is not None:
            article_of_graph[graph] = min(subject, article_of_graph.get(graph, subject))
    for iri, type_name in ACTOR_TYPE.items():
        for subject, _, graph in _scan(dataset, RDF.type, iri):
            data.actors.setdefault(subject, ActorInfo(subject, type_name))
            if graph in article_of_graph:  # an article's graph describes the actors it names
                data.articles_of[subject].add(article_of_graph[graph])
    events = data.events
    for iri, kind in EXCHANGE_KIND.items():
        for subject, _, _ in _scan(dataset, RDF.type, iri):
            events.setdefault(subject, EventInfo(subject, "exchange", kind))
    for subject, _, _ in _scan(dataset, RDF.type, KG.Negotiation):
        events.setdefault(subject, EventInfo(subject, "negotiation"))
    data.articles, data.actors, data.events = (dict(sorted(found.items()))
                                               for found in (data.articles, data.actors, data.events))

    _read_actor_names(dataset, data)
    _read_mentions_and_citations(dataset, data)
    _read_events(dataset, data)
    _read_participants(dataset, data)
    _read_releases(dataset, data)
    for event in data.events.values():
        for actor in event.participants:
            data.events_of[actor].add(event.iri)
    return data


def _read_actor_names(dataset: Dataset, data: ViewData) -> None:
    actors = data.actors
    place_names = []
    for subject, value in _values(dataset, KG.name):
        if subject in actors:
            actors[subject].names[value] += 1
        elif subject in data.events:
            data.events[subject].names.add(value)
        else:
            place_names.append((subject, value))
    data.place_names = _single(place_names)
    for subject, value in _values(dataset, KG.alias):
        if subject in actors:
            actors[subject].aliases.add(value)
    for subject, value in _single(_values(dataset, KG.wikidataId)).items():
        if subject in actors:
            actors[subject].wikidata = value
    for actor in actors.values():
        actor.aliases -= {actor.name}
        actor.aliases |= set(actor.names) - {actor.name}
    articles = data.articles
    for attribute, predicate in (("id", KG.articleId), ("publisher", KG.publisherName),
                                 ("published", KG.published), ("title", KG.title), ("url", KG.url)):
        for subject, value in _single(_values(dataset, predicate)).items():
            if subject in articles:
                setattr(articles[subject], attribute, value)


def _read_mentions_and_citations(dataset: Dataset, data: ViewData) -> None:
    """The articles of each actor's mentions (a graph without named graphs, such as graph.ttl,
    still has them) and the facts, events or claims, attributed to each actor."""
    actor_of_mention = _single((mention, actor) for actor, mention in _values(dataset, KG.hasMention)
                               if actor in data.actors)
    for mention, article in _values(dataset, KG.inArticle):
        if mention in actor_of_mention and article in data.articles:
            data.articles_of[actor_of_mention[mention]].add(article)
    for fact, actor in _values(dataset, KG.attributedTo):
        if actor in data.actors:
            data.cited_by[actor].add(fact)


def _read_events(dataset: Dataset, data: ViewData) -> None:
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
        for subject, value in _values(dataset, predicate):
            event = events.get(subject)
            if event is not None:
                add(event, value)
    for event in list(events.values()):
        for plan in event.fulfils:
            if plan in events:
                events[plan].fulfilled_by.add(event.iri)
    notes = _single(_values(dataset, KG.disagreementNote))
    for subject, event in _values(dataset, KG.aboutEvent):
        if event in events and subject in notes:
            events[event].disagreements.append(notes[subject])
    for event in events.values():
        event.disagreements.sort()


def _read_participants(dataset: Dataset, data: ViewData) -> None:
    events, actors = data.events, data.actors
    for role, predicate in (("side", KG.side), ("party", KG.party), ("intermediary", KG.intermediary),
                            ("host", KG.host), ("transit", KG.transit)):
        for subject, value in _values(dataset, predicate):
            if subject in events and value in actors:
                events[subject].participants[value].add(role)
    delegation_event = _single((d, e) for e, d in _values(dataset, KG.delegation) if e in events)
    delegation_of = _single(_values(dataset, KG.delegationOf))
    for delegation, head in _values(dataset, KG.headedBy):
        event = delegation_event.get(delegation)
        if event is not None and head in actors:
            events[event].participants[head].add("head")
            party = delegation_of.get(delegation)
            if party:
                events[event].heads[party].add(head)
    role_event = _single((role, event) for role, event in _values(dataset, KG.roleIn) if event in events)
    hosting = {role for role, name in _values(dataset, KG.roleName) if name == HOST_ROLE and role in role_event}
    for role, holder in _values(dataset, KG.holder):
        if role in hosting and holder in actors:  # "Turkish Foreign Minister X opened the session"
            events[role_event[role]].participants[holder].add("host")


def _read_releases(dataset: Dataset, data: ViewData) -> None:
    events = data.events
    release_event = _single((r, e) for e, r in _values(dataset, KG.release) if e in events)
    released_by = _single((r, side) for r, side in _values(dataset, KG.releasedBy) if r in release_event)
    article_of = _single((r, a) for r, a in _values(dataset, KG.reportedIn) if r in release_event)
    for release, qualifier in _values(dataset, KG.qualifier):
        if release in released_by:
            events[release_event[release]].qualifiers[released_by[release]].add(LOCAL_NAME.get(qualifier, qualifier))
    for release, count in _values(dataset, KG.count):
        if release in released_by:
            event = events[release_event[release]]
            event.releases[released_by[release]][int(count)].add(article_of.get(release, ""))


def open_dataset(file: str | Path | None = None, store_path: str | Path | None = None) -> Dataset:
    """What the views read: a graph file (.trig, .ttl, .nq, ...), read once and kept in part
    (:class:`GraphFile`), or an on-disk kgbuild store."""
    if (file is None) == (store_path is None):
        raise KgbuildError("give a graph FILE or --store PATH (one of them)")
    if store_path is not None:
        from ..store import open_store

        return open_store(store_path, create=False)
    return GraphFile(file)
