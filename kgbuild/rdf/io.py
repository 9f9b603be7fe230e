"""Reading and writing RDF datasets: pyoxigraph for speed, atomic files, rdflib on demand.

Files are written to a temporary name beside the target and renamed, so a failed run never
leaves a half-written graph and never damages the file from the previous run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ..errors import InputError
from ..files import atomic_path

PREFIXES = {
    "kg": "https://w3id.org/kgbuild/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
FORMATS = {
    ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD}


def format_of(path: str | Path) -> ox.RdfFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"unknown RDF format {suffix!r} (use {', '.join(sorted(FORMATS))})", str(path))
    return FORMATS[suffix]


def write_store(store: ox.Store, path: str | Path) -> None:
    """Write the whole dataset (quad formats) or the union of its graphs (triple formats).

    Graphs come in IRI order and, within a graph, the store's index keeps each subject's
    triples together and in the same order for the same data, so output is byte-stable.
    """
    fmt = format_of(path)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    with atomic_path(path) as tmp:
        if fmt in QUAD_FORMATS:
            ox.serialize(dataset_quads(store), str(tmp), fmt, prefixes=prefixes)
        else:
            union = union_store(store)
            triples = (ox.Triple(q.subject, q.predicate, q.object)
                       for q in union.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            ox.serialize(triples, str(tmp), fmt, prefixes=prefixes)


def dataset_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The default graph, then each named graph in IRI order."""
    yield from store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for graph in sorted(store.named_graphs(), key=str):
        yield from store.quads_for_pattern(None, None, None, graph)


def union_store(store: ox.Store) -> ox.Store:
    """A store whose default graph holds every triple of ``store`` once."""
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    return union


def read_store(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """Load an RDF file into a (new, in-memory) pyoxigraph store; triples go to the default graph."""
    path = Path(path)
    store = store if store is not None else ox.Store()
    if not path.is_file():
        raise InputError("no such file", str(path))
    try:
        store.bulk_load(path=str(path), format=format_of(path))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"not valid {path.suffix.lstrip('.').upper()}: {exc}", str(path)) from None
    return store


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported RDF term {term!r}")


def to_rdflib_graph(store: ox.Store) -> rdflib.Graph:
    """The union of the store's graphs as an rdflib Graph (for pySHACL and rdflib users)."""
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    cache: dict = {}

    def convert(term):
        node = cache.get(term)
        if node is None:
            node = cache[term] = _to_rdflib(term)
        return node

    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in store)
    return graph


def with_stable_blank_nodes(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with each blank node renamed after what it says (a hash of its triples, nested
    blank nodes by their own names), so that the same report serializes to the same bytes on
    every run. Meant for trees of blank nodes such as a SHACL report."""
    names: dict[rdflib.BNode, rdflib.BNode] = {}

    def name(node: rdflib.BNode, path: frozenset = frozenset()) -> rdflib.BNode:
        if node not in names:
            if node in path:  # a cycle: fall back to the node's own label
                return node
            lines = sorted(f"{p.n3()} {(name(o, path | {node}) if isinstance(o, rdflib.BNode) else o).n3()}"
                           for p, o in graph.predicate_objects(node))
            names[node] = rdflib.BNode("b" + hashlib.sha256("\n".join(lines).encode()).hexdigest()[:20])
        return names[node]

    stable = rdflib.Graph(namespace_manager=graph.namespace_manager)
    for s, p, o in graph:
        stable.add((name(s) if isinstance(s, rdflib.BNode) else s, p, name(o) if isinstance(o, rdflib.BNode) else o))
    return stable
