"""Relationship questions answered on the NetworkX views, actors named by any alias.

Each function returns plain rows (lists of dicts with strings, numbers and lists) so the CLI can
print them as a table or JSON, and Python callers can use them directly.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import islice

import networkx as nx

from ..errors import KgbuildError
from .data import MEDIATOR_ROLES, ViewData
from .graphs import actor_network

MEASURES = ("degree", "betweenness")
BETWEENNESS_SAMPLE = 500  # above this many actors, betweenness is estimated from this many sources


def _event_summary(data: ViewData, iri: str) -> dict:
    event = data.events[iri]
    return {"event": iri, "label": event.label, "kind": event.type_name, "date": event.date,
            "articles": data.article_ids(event.articles)}


def path(data: ViewData, first: str, second: str, graph: nx.Graph | None = None, limit: int = 5) -> list[dict]:
    """The shortest connections from ``first`` to ``second`` (up to ``limit`` paths).

    Each row is one hop: ``path`` (1, 2, ...), ``hop``, ``from``, ``to`` and the ``events`` (with
    their articles) that link the two actors. An empty list when they are not connected."""
    graph = graph if graph is not None else actor_network(data)
    source, target = data.find_actor(first), data.find_actor(second)
    if source == target:
        raise KgbuildError(f"{first!r} and {second!r} are the same actor")
    if source not in graph or target not in graph:
        return []
    try:
        paths = list(islice(nx.all_shortest_paths(graph, source, target), limit))
    except nx.NetworkXNoPath:
        return []
    rows = []
    for number, nodes in enumerate(sorted(paths, key=lambda p: [data.actor_name(n) for n in p]), 1):
        for hop, (a, b) in enumerate(zip(nodes, nodes[1:]), 1):
            edge = graph.edges[a, b]
            rows.append({"path": number, "hop": hop, "from": data.actor_name(a), "to": data.actor_name(b),
                         "events": [_event_summary(data, e) for e in edge["events"]], "articles": edge["articles"]})
    return rows


def neighbours(data: ViewData, actor: str, kind: str | None = None, graph: nx.Graph | None = None) -> list[dict]:
    """The actors that take part in events with ``actor`` (only exchanges or talks with ``kind``),
    most shared events first."""
    graph = graph if graph is not None else actor_network(data, kind)
    iri = data.find_actor(actor)
    if iri not in graph:
        return []
    rows = []
    for other in graph.neighbors(iri):
        edge = graph.edges[iri, other]
        roles = sorted({r for e in edge["events"] for r in data.events[e].participants[other]})
        rows.append({"actor": data.actor_name(other), "type": data.actors[other].type, "events": edge["count"],
                     "kinds": edge["kinds"], "roles": roles, "first": min(edge["dates"], default=""),
                     "last": max(edge["dates"], default=""), "articles": edge["articles"]})
    return sorted(rows, key=lambda r: (-r["events"], r["actor"]))


def mediators(data: ViewData, first: str, second: str) -> list[dict]:
    """Who mediated (intermediary of an exchange, host of talks) between two sides, how often, when."""
    a, b = data.find_actor(first), data.find_actor(second)
    shared = data.events_of.get(a, set()) & data.events_of.get(b, set())
    by_mediator: dict[tuple[str, str], list[str]] = defaultdict(list)
    for iri in shared:
        event = data.events[iri]
        sides = event.actors(("side", "party"))
        if a not in sides or b not in sides:
            continue
        for mediator, roles in event.participants.items():
            for role in sorted(roles & set(MEDIATOR_ROLES)):
                if mediator not in (a, b):
                    by_mediator[(mediator, role)].append(iri)
    rows = []
    for (mediator, role), events in by_mediator.items():
        events.sort(key=lambda e: (data.events[e].date, e))
        dates = sorted({data.events[e].date for e in events} - {""})
        rows.append({"mediator": data.actor_name(mediator), "role": role, "times": len(events),
                     "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
                     "events": [_event_summary(data, e) for e in events]})
    return sorted(rows, key=lambda r: (-r["times"], r["mediator"], r["role"]))


def central(data: ViewData, measure: str = "degree", top: int = 20, graph: nx.Graph | None = None) -> list[dict]:
    """The most central actors of the actor network by ``degree`` or ``betweenness`` centrality.

    On networks larger than BETWEENNESS_SAMPLE actors, betweenness is estimated from that many
    sampled sources (fixed seed, so results repeat)."""
    if measure not in MEASURES:
        raise KgbuildError(f"unknown centrality measure {measure!r} (use {', '.join(MEASURES)})")
    graph = graph if graph is not None else actor_network(data)
    if measure == "degree":
        scores = nx.degree_centrality(graph)
    else:
        sample = BETWEENNESS_SAMPLE if graph.number_of_nodes() > BETWEENNESS_SAMPLE else None
        scores = nx.betweenness_centrality(graph, k=sample, seed=0)
    ranked = sorted(scores, key=lambda n: (-scores[n], data.actor_name(n)))[:top]
    return [{"rank": i, "actor": data.actor_name(n), "type": data.actors[n].type, measure: round(scores[n], 4),
             "partners": graph.degree(n), "events": len(data.events_of.get(n, ()))} for i, n in enumerate(ranked, 1)]


def communities(data: ViewData, graph: nx.Graph | None = None) -> list[dict]:
    """Groups of actors that act together (Louvain on the actor network, weighted by shared
    events, fixed seed), largest first."""
    graph = graph if graph is not None else actor_network(data)
    if graph.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(graph, weight="weight", seed=0)
    named = [sorted(data.actor_name(n) for n in group) for group in groups]
    named.sort(key=lambda names: (-len(names), names))
    return [{"community": i, "size": len(names), "actors": names} for i, names in enumerate(named, 1)]


def timeline(data: ViewData, actor: str) -> list[dict]:
    """Every event ``actor`` takes part in, by date (undated last), with its role and the others."""
    iri = data.find_actor(actor)
    rows = []
    for event_iri in data.events_of.get(iri, ()):
        event = data.events[event_iri]
        others = [data.actor_name(a) for a in event.actors() if a != iri]
        rows.append({"date": event.date, "kind": event.type_name, "status": "/".join(sorted(event.statuses)),
                     "role": "/".join(sorted(event.participants[iri])), "label": event.label,
                     "with": sorted(others), "articles": data.article_ids(event.articles), "event": event_iri})
    return sorted(rows, key=lambda r: (r["date"] == "", r["date"], r["label"], r["event"]))
