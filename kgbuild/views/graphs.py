"""NetworkX projections of a kgbuild dataset: only real actors and events are nodes.

- :func:`actor_network`: actors, an edge when two take part in the same event or round of talks;
  the edge carries the events, their kinds, the count and the reporting articles.
- :func:`actor_event_graph`: the bipartite graph of actors and events, edges labelled with roles.
- :func:`mediator_graph`: a directed edge from a mediator (intermediary or host) to each side it
  brokered for, with the events.
- :func:`source_graph`: outlets and cited sources linked to the events they report.

Node ids are IRIs (outlets, which have no IRI, are ``outlet:<name>``); every node has ``label``
and ``type``. Lists on nodes and edges are sorted, so views are deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from .data import MEDIATOR_ROLES, PARTICIPANT_ROLES, EventInfo, ViewData

VIEWS = ("actors", "bipartite", "mediators", "sources")
EVENT_KINDS = ("exchange", "negotiation")


def _actor_node(data: ViewData, iri: str) -> dict:
    actor = data.actors[iri]
    return {"label": actor.name, "type": actor.type, "aliases": sorted(actor.aliases),
            "events": len(data.events_of.get(iri, ()))}


def _event_node(data: ViewData, event: EventInfo) -> dict:
    return {"label": event.label, "type": event.type_name, "kind": event.kind, "date": event.date,
            "status": "/".join(sorted(event.statuses)), "articles": data.article_ids(event.articles)}


def _events_of_kind(data: ViewData, kind: str | None):
    if kind is not None and kind not in EVENT_KINDS:
        raise ValueError(f"kind must be one of {EVENT_KINDS}, got {kind!r}")
    return [e for e in data.events.values() if kind is None or e.kind == kind]


def actor_network(data: ViewData, kind: str | None = None) -> nx.Graph:
    """Actors linked when they take part in the same event (``kind``: only exchanges or talks).

    Edge attributes: ``events`` (IRIs), ``labels``, ``kinds``, ``dates``, ``count`` (= ``weight``),
    ``articles`` (ids) and ``sources`` (outlets and cited sources of those events)."""
    graph = nx.Graph(view="actors")
    edges: dict[tuple[str, str], list[EventInfo]] = defaultdict(list)
    involved: set[str] = set()
    for event in _events_of_kind(data, kind):
        actors = event.actors()
        involved.update(actors)
        for pair in combinations(actors, 2):
            edges[pair].append(event)
    graph.add_nodes_from((iri, _actor_node(data, iri)) for iri in sorted(involved))
    for (a, b), events in edges.items():
        events.sort(key=lambda e: (e.date, e.iri))
        articles = set().union(*(e.articles for e in events))
        sources = {s for e in events for s in data.outlets(e)} | {data.actor_name(s) for e in events for s in e.sources}
        graph.add_edge(a, b, events=[e.iri for e in events], labels=[e.label for e in events],
                       kinds=sorted({e.type_name for e in events}), dates=sorted({e.date for e in events} - {""}),
                       count=len(events), weight=len(events), articles=data.article_ids(articles),
                       sources=sorted(sources))
    return graph


def actor_event_graph(data: ViewData, kind: str | None = None) -> nx.Graph:
    """The bipartite graph: actors (``bipartite=0``) and events (``bipartite=1``), edge ``roles``."""
    graph = nx.Graph(view="bipartite")
    for event in _events_of_kind(data, kind):
        graph.add_node(event.iri, bipartite=1, **_event_node(data, event))
        for actor, roles in sorted(event.participants.items()):
            if actor not in graph:
                graph.add_node(actor, bipartite=0, **_actor_node(data, actor))
            graph.add_edge(actor, event.iri, roles=sorted(roles))
    return graph


def mediator_graph(data: ViewData) -> nx.DiGraph:
    """Mediator -> side: who brokered which exchanges and hosted which talks for whom."""
    graph = nx.DiGraph(view="mediators")
    links: dict[tuple[str, str], list[EventInfo]] = defaultdict(list)
    for event in data.events.values():
        mediators = event.actors(MEDIATOR_ROLES)
        sides = [a for a in event.actors(("side", "party")) if a not in mediators]
        for mediator in mediators:
            for side in sides:
                links[(mediator, side)].append(event)
    for (mediator, side), events in sorted(links.items()):
        for node in (mediator, side):
            if node not in graph:
                graph.add_node(node, **_actor_node(data, node))
        events.sort(key=lambda e: (e.date, e.iri))
        graph.add_edge(mediator, side, events=[e.iri for e in events], labels=[e.label for e in events],
                       kinds=sorted({e.type_name for e in events}), dates=sorted({e.date for e in events} - {""}),
                       count=len(events), weight=len(events))
    return graph


def source_graph(data: ViewData) -> nx.Graph:
    """Outlets (publishers of reporting articles) and cited sources, linked to the events."""
    graph = nx.Graph(view="sources")
    for event in data.events.values():
        graph.add_node(event.iri, **_event_node(data, event))
        by_outlet: dict[str, set[str]] = defaultdict(set)
        for article in event.articles:
            report = data.articles.get(article)
            if report is not None and report.publisher:
                by_outlet[report.publisher].add(report.id or article)
        for outlet, ids in sorted(by_outlet.items()):
            node = f"outlet:{outlet}"
            graph.add_node(node, label=outlet, type="outlet")
            graph.add_edge(node, event.iri, relation="published", articles=sorted(ids))
        for source in sorted(event.sources):
            if source not in graph:
                attributes = _actor_node(data, source) if source in data.actors else {"label": data.actor_name(source)}
                graph.add_node(source, **{**attributes, "type": "source"})
            graph.add_edge(source, event.iri, relation="cited", articles=data.article_ids(event.articles))
    return graph


def build_view(data: ViewData, view: str = "actors", kind: str | None = None) -> nx.Graph:
    """One of :data:`VIEWS` by name."""
    if view == "actors":
        return actor_network(data, kind)
    if view == "bipartite":
        return actor_event_graph(data, kind)
    if view == "mediators":
        return mediator_graph(data)
    if view == "sources":
        return source_graph(data)
    raise ValueError(f"unknown view {view!r} (use {', '.join(VIEWS)})")


__all__ = ["PARTICIPANT_ROLES", "VIEWS", "actor_event_graph", "actor_network", "build_view", "mediator_graph",
           "source_graph"]
