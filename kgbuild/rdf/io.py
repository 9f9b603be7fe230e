"""Reading and writing RDF datasets: pyoxigraph for speed, atomic files, rdflib on demand.

Files are written to a temporary name beside the target and renamed, so a failed run never
leaves a half-written graph and never damages the file from the previous run.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import tempfile
from collections.abc import Iterable, Iterator
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


def write_store(store: ox.Store, path: str | Path) -> int:
    """Write the whole dataset (quad formats) or the union of its graphs (triple formats); returns
    how many quads or triples were written.

    Graphs come in IRI order and, within a graph (or the union), statements in the order the store
    lists them: for an in-memory store, the latest loaded first, so the same data loaded in the same
    order gives the same bytes.
    """
    fmt = format_of(path)
    return write_statements(dataset_quads(store) if fmt in QUAD_FORMATS else union_triples(store), path, fmt)


def write_statements(statements: Iterable[ox.Quad | ox.Triple], path: str | Path, fmt: ox.RdfFormat | None = None) -> int:
    """Write quads or triples to ``path`` atomically, in its format (or ``fmt``) with the usual
    prefixes; returns how many were written."""
    fmt = fmt or format_of(path)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    written = 0

    def counted(statements):
        nonlocal written
        for statement in statements:
            written += 1
            yield statement

    with atomic_path(path) as tmp:
        ox.serialize(counted(statements), str(tmp), fmt, prefixes=prefixes)
    return written


def write_graph(graph: rdflib.Graph, path: str | Path) -> None:
    """Write an rdflib graph (a validation report) in the format of ``path``, triples sorted, so the
    same graph with the same blank node labels gives the same bytes."""
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix == "sh"}
    write_sorted((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph), path, prefixes)


SORTED_RUN = 200_000  # triples sorted in memory at a time by write_sorted


def write_sorted(triples: Iterable[ox.Triple], path: str | Path, prefixes: dict[str, str]) -> None:
    """Write triples sorted by the texts of their terms, each once, in the format of ``path``:
    sorted on disk in runs of :data:`SORTED_RUN`, merged as they are written, so that the triples
    need not fit in memory."""
    with tempfile.TemporaryDirectory(prefix="kgbuild-sort-") as folder, atomic_path(path) as tmp:
        runs = [_sorted_run(chunk, Path(folder) / f"{number}.txt")
                for number, chunk in enumerate(_chunks(iter(triples), SORTED_RUN))]
        handles = [run.open(encoding="utf-8") for run in runs]
        try:
            lines = (line for line, _ in itertools.groupby(heapq.merge(*handles)))
            ox.serialize(_parsed(lines), str(tmp), format_of(path), prefixes={**PREFIXES, **prefixes})
        finally:
            for handle in handles:
                handle.close()


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _sorted_run(triples: list[ox.Triple], path: Path) -> Path:
    """Write ``triples`` to ``path`` as sorted lines of their terms' texts joined by NUL (which
    sorts below every character, so the lines sort as the tuples of texts do)."""
    lines = sorted({"\0".join((str(t.subject), str(t.predicate), str(t.object))) + "\n" for t in triples})
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _parsed(lines: Iterable[str]) -> Iterator[ox.Triple]:
    """The triples of lines written by :func:`_sorted_run`, in their order."""
    for chunk in _chunks(iter(lines), SORTED_RUN):
        yield from ox.parse("".join(line.replace("\0", " ")[:-1] + " .\n" for line in chunk), ox.RdfFormat.N_TRIPLES)


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph one."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unsupported RDF term {term!r}")


def dataset_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The default graph, then each named graph in IRI order."""
    yield from store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for graph in sorted(store.named_graphs(), key=str):
        yield from store.quads_for_pattern(None, None, None, graph)


def union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Every triple of the store's graphs once, each subject's triples together."""
    return iter(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True))


def readable_format(path: str | Path) -> ox.RdfFormat:
    """The RDF format of the file at ``path``; an error naming it when it is missing or of no known format."""
    if not Path(path).is_file():
        raise InputError("no such file", str(path))
    return format_of(path)


def read_store(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """Load an RDF file into a (new, in-memory) pyoxigraph store; triples go to the default graph."""
    path = Path(path)
    store = store if store is not None else ox.Store()
    rdf_format = readable_format(path)
    try:
        store.bulk_load(path=str(path), format=rdf_format)
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


class RdflibConverter:
    """pyoxigraph terms (or N-Triples texts of nodes) to rdflib terms, each converted once."""

    def __init__(self):
        self._terms: dict = {}

    def term(self, term):
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = _to_rdflib(term)
        return node


def to_rdflib_graph(quads: Iterable[ox.Quad | ox.Triple]) -> rdflib.Graph:
    """The triples of a store (the union of its graphs) or of any quads, as an rdflib Graph (for
    pySHACL and rdflib users)."""
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    convert = RdflibConverter().term
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
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
