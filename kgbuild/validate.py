"""SHACL validation of kgbuild graphs with pySHACL, and reports people can read.

The shipped shapes (shapes/kgbuild-shapes.ttl) are checked with the ontology mixed into the data
(what pySHACL's ``ont_graph`` does, without its copy of the data), so a shape that targets kg:Exchange also checks kg:PrisonerExchange
instances. Violations make a graph non-conforming; warnings and infos do not. Following the
pySHACL convention the library returns the verdict and the report; the CLI turns that into an
exit code (0 conforms, 1 violations, 2 bad input).

>>> result = validate_file("out/graph.trig")     # doctest: +SKIP
>>> print(format_report(result))                  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import starmap
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, RDFS, SH, XSD, BNode, Dataset, Graph, Literal, Node, URIRef
from rdflib.plugins.stores.memory import Memory, SimpleMemory

from .errors import InputError
from .rdf.io import (RdflibConverter, read_store, to_oxigraph, to_rdflib_graph, with_stable_blank_nodes, write_graph,
                     write_sorted)
from .rdf.iri import DEFAULT_BASE
from .rdf.spool import SpooledDataset, statement_lines
from .rdf.vocab import KG
from .resources import ontology_file, shapes_file
from .shacl_engines import DEFAULT_ENGINE, ontology_graph, shapes_graph
from .shacl_engines import engine as shacl_engine
from .validation_cache import ResultTexts, ValidationCache

SHAPES_NS = "https://w3id.org/kgbuild/shapes#"
Runner = Callable[[Callable, Iterable[tuple]], Iterable]  # like itertools.starmap: f(*args) for each, in order
SEVERITY_ORDER = (SH.Violation, SH.Warning, SH.Info)
SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
FOCUS_NODES_SHOWN = 3


@dataclass(frozen=True)
class Issue:
    """One SHACL validation result, in plain Python terms."""

    shape: Node  # sh:sourceShape
    severity: str  # "Violation", "Warning" or "Info"
    focus: Node  # sh:focusNode
    message: str
    path: Node | None = None  # sh:resultPath
    value: Node | None = None  # sh:value


@dataclass
class ValidationResult:
    """The outcome of validating one graph: the verdict, pySHACL's report, and counts.

    ``conforms`` is True when there is no Violation (warnings and infos are allowed).
    """

    conforms: bool
    report: Graph
    text: str
    violations: int
    warnings: int
    infos: int
    issues: list[Issue] = field(default_factory=list)

    def write_report(self, path: str | Path) -> None:
        """Write the report to ``path`` (in its format), triples sorted: the same report, the same bytes."""
        write_graph(self.report, path)


def validate_graph(data: Graph | Dataset | ox.Store) -> ValidationResult:
    """Validate ``data`` against the shipped shapes; a dataset is validated as the union of its graphs.

    The ontology is mixed into the data so that targets and sh:class reach subclass instances.
    pySHACL's ``ont_graph`` would copy the whole data graph for that; instead the ontology triples
    the graph lacks are added for the run and removed afterwards, so the caller's graph ends as it
    began (do not write to it from another thread meanwhile). Datasets and stores are copied once.
    """
    if isinstance(data, ox.Store):
        graph, borrowed = to_rdflib_graph(data), False
    elif isinstance(data, Dataset) or data.context_aware:
        graph, borrowed = Graph(), False
        graph.addN((s, p, o, graph) for s, p, o, _ in data.quads((None, None, None, None)))
    elif isinstance(data.store, (Memory, SimpleMemory)):
        graph, borrowed = data, True
    else:  # a store we should not write to (a remote endpoint, a read-only store)
        graph, borrowed = Graph(), False
        graph += data
    added = [triple for triple in ontology_graph() if triple not in graph]
    graph.addN((s, p, o, graph) for s, p, o in added)
    try:
        conforms, report, text = pyshacl.validate(
            graph, shacl_graph=shapes_graph(), inference="none",
            allow_warnings=True, allow_infos=True, inplace=True,
        )
    finally:
        if borrowed:
            for triple in added:
                graph.remove(triple)
    issues = report_issues(report)
    counts = {name: 0 for name in SEVERITY_NAMES.values()}
    for issue in issues:
        counts[issue.severity] += 1
    return ValidationResult(
        conforms=bool(conforms), report=report, text=text, violations=counts["Violation"],
        warnings=counts["Warning"], infos=counts["Info"], issues=issues,
    )


def validate_file(path: str | Path) -> ValidationResult:
    """Read an RDF file (.ttl, .trig, .nt, .nq, .jsonld) and validate it.

    Raises InputError, naming the file, when it is missing, unreadable or not valid RDF.
    """
    try:
        store = read_store(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    return validate_graph(store)


def report_issues(report: Graph) -> list[Issue]:
    """The results of a pySHACL report graph, sorted by severity, shape and focus node."""
    return _sorted_issues(_issue_of(dict(report.predicate_objects(result)))
                          for result in report.subjects(RDF.type, SH.ValidationResult))


def _sorted_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Issues by severity (worst first), shape, focus node and message."""
    rank = {name: i for i, name in enumerate(SEVERITY_NAMES.values())}
    return sorted(issues, key=lambda i: (rank.get(i.severity, len(rank)), str(i.shape), str(i.focus), i.message))


def shape_name(shape: Node | None) -> str:
    """A short name for a shape: ``kgsh:Release-count`` for shipped shapes."""
    if shape is None:
        return "(unknown shape)"
    if isinstance(shape, URIRef):
        return "kgsh:" + shape[len(SHAPES_NS):] if shape.startswith(SHAPES_NS) else f"<{shape}>"
    return "(anonymous shape)"


def format_report(result: ValidationResult) -> str:
    """A readable report: the verdict and counts, then one block per shape, worst first.

    Each block gives the shape, its severity, how many results it produced, and each distinct
    message with a few of the focus nodes it concerns.
    """
    verdict = "conforms" if result.conforms else "does NOT conform"
    lines = [f"The graph {verdict}: {result.violations} violation(s), {result.warnings} warning(s), "
             f"{result.infos} info(s)."]
    groups: dict[tuple[str, Node], list[Issue]] = defaultdict(list)
    for issue in result.issues:
        groups[(issue.severity, issue.shape)].append(issue)
    for (severity, shape), issues in groups.items():  # already in severity order
        lines.append("")
        lines.append(f"{severity} {shape_name(shape)}: {len(issues)} result(s)")
        by_message: dict[str, list[Node]] = defaultdict(list)
        for issue in issues:
            by_message[issue.message].append(issue.focus)
        for message, foci in by_message.items():
            shown = ", ".join(f"<{f}>" if isinstance(f, URIRef) else str(f) for f in foci[:FOCUS_NODES_SHOWN])
            more = f" and {len(foci) - FOCUS_NODES_SHOWN} more" if len(foci) > FOCUS_NODES_SHOWN else ""
            lines.append(f"  - {message}")
            lines.append(f"    {len(foci)} node(s): {shown}{more}")
    return "\n".join(lines)


# -- validating a dataset graph by graph, paying only for what changed ---------------------------

CACHE_FORMAT = 4  # 3: result texts kept compact (_compact); 4: in SQLite (kgbuild.validation_cache)
# Graphs, and shared nodes with their neighbourhoods, are validated together up to this many
# triples a run: the engine's memory grows with a run's data (rudof's by about 7 KiB a triple).
TRIPLES_PER_RUN = 20_000
# A first validation of a dataset of up to this many triples is one run over the union, shared
# nodes with the rest: the fastest way (a larger dataset goes in batches).
WHOLE_RUN_TRIPLES = 40_000


@dataclass(frozen=True)
class NamedGraph:
    """What dataset validation needs to know of one named graph of the store."""

    name: str  # the graph's IRI
    digest: str  # a hash of its quads: the same digest, the same triples
    # Whether it describes every node it points to (an article's graph types each actor, place and
    # span it uses); the resolution graph points to releases described in articles' graphs.
    self_contained: bool = True


def shapes_fingerprint(engine: str = DEFAULT_ENGINE) -> str:
    """What cached validation results depend on besides the data: the shapes, the ontology and the engine."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{engine}|{_engine_version(engine)}".encode())
    for path in (shapes_file(), ontology_file()):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


@functools.cache
def predicates_beyond_values() -> frozenset[str]:
    """Predicates the shapes follow from a value node (the later steps of sequence paths, such as
    kg:status in ``( kg:fulfils kg:status )``), in N-Triples form; with rdf:type, what validating
    a node needs of the nodes it points to."""
    shapes = shapes_graph()
    found = {RDF.type.n3()}
    for path in shapes.objects(None, SH.path):
        if isinstance(path, BNode) and shapes.value(path, RDF.first) is not None:
            for step in list(shapes.items(path))[1:]:
                todo = [step]
                while todo:  # the IRIs of the step, however nested (alternative or inverse paths)
                    node = todo.pop()
                    if isinstance(node, URIRef):
                        found.add(node.n3())
                    elif isinstance(node, BNode):
                        todo.extend(o for p, o in shapes.predicate_objects(node) if p != RDF.type)
    return frozenset(found)


# Parameters of a property shape that look at one value node at a time, and those that only
# describe the shape: a node's values on a path that only such shapes check can be validated in parts.
_PER_VALUE_PARAMETERS = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.flags, SH.minLength, SH.maxLength,
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.languageIn,
    SH["or"], SH["and"], SH.xone, SH["not"], SH.node})
_DESCRIPTIVE_PARAMETERS = frozenset({
    RDF.type, SH.path, SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, RDFS.comment, RDFS.label})


@functools.cache
def predicates_checked_per_value() -> frozenset[str]:
    """Predicates (in N-Triples form) whose every shape is a property shape on that predicate alone
    with constraints on each value by itself (sh:class, sh:datatype, ...; no counts, no SPARQL):
    validating a node's values for them in parts and putting the results together is validating
    them at once. (An actor's kg:hasMention is one: it grows with the articles.)"""
    shapes = shapes_graph()
    per_value, others = set(), set()
    for shape, path in shapes.subject_objects(SH.path):
        simple = isinstance(path, URIRef) and set(shapes.predicates(shape)) <= _PER_VALUE_PARAMETERS | _DESCRIPTIVE_PARAMETERS
        (per_value if simple else others).update(node.n3() for node in _iris_of_path(shapes, path))
    for parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        others.update(node.n3() for node in shapes.objects(None, parameter))
    queries = [str(query) for parameter in (SH.select, SH.ask) for query in shapes.objects(None, parameter)]
    others.update(iri for iri in per_value  # what a SPARQL constraint reads, by its local name to be safe
                  if any(re.search(rf"\b{re.escape(re.split('[#/]', iri[1:-1])[-1])}\b", query) for query in queries))
    return frozenset(per_value - others)


def _iris_of_path(shapes: Graph, path: Node) -> set[URIRef]:
    """The predicates a path names, however nested (sequences, alternatives, inverses)."""
    found, todo = set(), [path]
    while todo:
        node = todo.pop()
        if isinstance(node, URIRef):
            found.add(node)
        elif isinstance(node, BNode):
            todo.extend(o for p, o in shapes.predicate_objects(node) if p != RDF.type)
    return found


def _in_parts(node: str, neighbourhood: set[str], size: int) -> Iterator[set[str]]:
    """The neighbourhood of one node, too large for a run, in parts of about ``size`` triples:
    each holds what the shapes need of the node at once (its triples on other predicates, with
    their values' triples) and some of its values on :func:`predicates_checked_per_value`, with
    those values' triples. The union of the parts' results is the result of the whole."""
    per_value = predicates_checked_per_value()
    of_value: dict[str, list[str]] = defaultdict(list)
    at_once, one_by_one = [], []
    for triple in neighbourhood:
        subject, predicate, value = triple.split(" ", 2)
        if subject != node:
            of_value[subject].append(triple)
        else:
            (one_by_one if predicate in per_value else at_once).append((triple, value))
    core = {line for triple, value in at_once for line in (triple, *of_value.get(value, ()))}
    part = set(core)
    for triple, value in sorted(one_by_one):
        lines = (triple, *of_value.get(value, ()))
        if len(part) > len(core) and len(part) + len(lines) > size:
            yield part
            part = set(core)
        part.update(lines)
    yield part


def validate_dataset(data: ox.Store | SpooledDataset, graphs: Iterable[NamedGraph], cache_file: str | Path | None = None,
                     triples_per_run: int | None = None, whole_run_triples: int | None = None,
                     engine: str = DEFAULT_ENGINE, runner: Runner = starmap,
                     validated: dict[str, tuple[str, dict[str, list[str]]]] | None = None) -> ValidationResult:
    """Validate the union of the graphs of ``data`` (a store, or a dataset on disk) with the SHACL
    ``engine`` named (:mod:`kgbuild.shacl_engines`), reusing what ``cache_file`` kept from the last run.
    The engine's runs go through ``runner`` (``starmap``: here, one after another; or on threads
    or the workers of a cluster, results in order). ``validated`` holds the results of
    self-contained graphs already validated elsewhere (graph IRI -> its digest and
    :func:`graph_results`, as the workers of a cluster return them with the graphs they map);
    they are taken, not copied.

    A node described by one self-contained graph only is checked with that graph alone, so its
    results are kept by the graph's digest and recomputed only when the graph changes. A node that
    several graphs describe (an actor, a place, an event reported by several articles), or that a
    graph which is not self-contained describes, is checked against everything the dataset says
    of it and the types of the nodes it points to; its results are kept until one of its graphs
    changes (for a graph that is not self-contained: until what it says of the node changes).
    A first validation of at most ``whole_run_triples`` triples (WHOLE_RUN_TRIPLES) runs once over
    their union (the fastest way). Otherwise graphs are validated as many at a time as hold
    ``triples_per_run`` triples (TRIPLES_PER_RUN), and shared nodes as many as have that many in
    their neighbourhoods (a graph or node with more alone): memory grows with the neighbourhood of
    the most widely shared node (an actor with all its mentions), not with the whole dataset. The
    outcome is the same as validating the union at once, with a report that does not depend on
    what was cached or on the batch sizes; the shapes may look at a node's own triples, its
    values' types and sequence paths.
    """
    graphs = sorted(graphs, key=lambda g: g.name)
    triples_per_run = TRIPLES_PER_RUN if triples_per_run is None else triples_per_run
    whole_run_triples = WHOLE_RUN_TRIPLES if whole_run_triples is None else whole_run_triples
    cache = ValidationCache(cache_file, shapes_fingerprint(engine))
    try:
        _validate(data, graphs, cache, triples_per_run, whole_run_triples, engine, runner, validated)
        results = ResultTexts(cache.results())
    except BaseException:
        cache.close(save=False)
        raise
    cache.close(save=True)
    return DatasetValidationResult(results)


def _validate(data: ox.Store | SpooledDataset, graphs: list[NamedGraph], cache: ValidationCache, triples_per_run: int,
              whole_run_triples: int, engine: str, runner: Runner,
              validated: dict[str, tuple[str, dict[str, list[str]]]] | None) -> None:
    """Bring ``cache`` up to date for :func:`validate_dataset`: it then holds the dataset's results."""
    view = StoreView(data) if isinstance(data, ox.Store) else data
    layout = _Layout.of(view, graphs)

    def up_to_date(graph: NamedGraph) -> bool:
        return cache.graph(graph.name) == (graph.digest, layout.shared_of[graph.name])

    for graph in graphs:
        digest, found = (validated or {}).pop(graph.name, (None, None))
        if graph.self_contained and digest == graph.digest:
            _keep_graph_results([graph], {graph.name: set(found)}, found, layout, cache)
    stale = [g for g in graphs if g.self_contained and not up_to_date(g)]
    in_flight: deque = deque()  # what each run sent to the runner is about, in order

    def graph_runs(batches: Iterable[list[NamedGraph]], also: list[NamedGraph] = ()) -> Iterator[tuple]:
        for batch in batches:
            texts = {g.name: view.ntriples(g.name) for g in (*batch, *also)}
            in_flight.append({g.name: {line.split(" ", 1)[0] for line in statement_lines(texts[g.name])} for g in batch})
            yield engine, "".join(texts.values())

    if not cache.has_nodes() and len(stale) == sum(g.self_contained for g in graphs) and \
            sum(view.size(g.name) for g in graphs) <= whole_run_triples:
        found = _run(*next(graph_runs([stale], also=[g for g in graphs if not g.self_contained])))
        _keep_graph_results(stale, in_flight.popleft(), found, layout, cache)
        for node in layout.graphs_of:
            cache.keep_node(node, layout.graphs_of[node], found.get(node, []))
    else:
        batches = list(_batches(view, stale, triples_per_run))
        for batch, found in zip(batches, runner(_run, graph_runs(batches))):
            _keep_graph_results(batch, in_flight.popleft(), found, layout, cache)
    dirty = [node for node in sorted(layout.graphs_of) if cache.node_graphs(node) != layout.graphs_of[node]]

    def neighbourhood_runs() -> Iterator[tuple]:
        for batch, neighbourhood in _neighbourhoods(view, dirty, triples_per_run):
            in_flight.append(batch)
            yield engine, "".join(t + " .\n" for t in sorted(neighbourhood)), set(batch)

    checked: dict[str, set[str]] = defaultdict(set)  # a node validated in parts has the results of each
    for found in runner(_run, neighbourhood_runs()):
        for node in in_flight.popleft():
            checked[node].update(found.get(node, ()))
    for node in dirty:
        cache.keep_node(node, layout.graphs_of[node], sorted(checked.get(node, ())))
    cache.keep_only((g.name for g in graphs if g.self_contained), layout.graphs_of)


@dataclass
class _Layout:
    """Which nodes several graphs share, read from the store one graph at a time: each graph's
    shared nodes, and for each shared node a digest of the graphs that describe it (with their
    digests, or what a graph that is not self-contained says of the node)."""

    shared_of: dict[str, str]  # graph IRI -> a digest of its shared subjects
    graphs_of: dict[str, str]  # shared node -> digest of where it is described

    @classmethod
    def of(cls, view: StoreView | SpooledDataset, graphs: list[NamedGraph]) -> _Layout:
        where: dict = {}  # shared node -> a running sha256 of where it is described
        shared_of = {}
        for graph in graphs:
            if graph.self_contained:
                said = {node: graph.digest for node in view.shared_subjects(graph.name)}
            else:  # a node it describes changes with what it says of that node, not with the whole graph
                lines: dict[str, list[str]] = defaultdict(list)
                for quad in view.quads(graph.name):
                    lines[str(quad.subject)].append(str(quad))
                said = {node: hashlib.sha256("\n".join(sorted(texts)).encode()).hexdigest() for node, texts in lines.items()}
            shared_of[graph.name] = _digest_of(sorted(said))
            for node, digest in said.items():
                where.setdefault(node, hashlib.sha256()).update(f"{graph.name} {digest}\n".encode())
        return cls(shared_of, {node: hasher.hexdigest() for node, hasher in where.items()})


def _batches(view: StoreView | SpooledDataset, graphs: list[NamedGraph], size: int) -> Iterator[list[NamedGraph]]:
    """``graphs`` in consecutive lists of about ``size`` triples (a larger graph alone)."""
    batch, triples = [], 0
    for graph in graphs:
        mine = view.size(graph.name)
        if batch and triples + mine > size:
            yield batch
            batch, triples = [], 0
        batch.append(graph)
        triples += mine
    if batch:
        yield batch


def _neighbourhoods(view: StoreView | SpooledDataset, nodes: list[str], size: int) -> Iterator[tuple[list[str], set[str]]]:
    """``nodes`` in consecutive batches, each with its neighbourhood, of about ``size`` triples
    (a node with more alone, in parts when the shapes allow: :func:`_in_parts`)."""
    batch, triples = [], set()
    for node in nodes:
        mine = view.neighbourhood([node])
        if batch and len(triples) + len(mine) > size:
            yield batch, triples
            batch, triples = [], set()
        if len(mine) > size:
            yield from (([node], part) for part in _in_parts(node, mine, size))
            continue
        batch.append(node)
        triples |= mine
    if batch:
        yield batch, triples


def graph_results(engine: str, ntriples: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """Validate self-contained graphs (graph IRI -> N-Triples) in one run of the SHACL ``engine``;
    each graph's results, by focus node, for the nodes it describes (which of them other graphs
    describe too, and are validated with those, is known only once every graph is mapped)."""
    found = _run(engine, "".join(ntriples.values()))
    subjects = {graph: {line.split(" ", 1)[0] for line in statement_lines(text)} for graph, text in ntriples.items()}
    return {graph: {node: found[node] for node in sorted(nodes) if node in found} for graph, nodes in subjects.items()}


def _keep_graph_results(graphs: list[NamedGraph], subjects: dict[str, set[str]], found: dict[str, list[str]],
                        layout: _Layout, cache: ValidationCache) -> None:
    """Keep each graph's results for the nodes it alone describes (of the ``subjects`` it has:
    those no other graph describes, which the layout does not list as shared), from the results
    ``found`` of a run over them."""
    for graph in graphs:
        mine = subjects[graph.name].difference(layout.graphs_of)
        cache.keep_graph(graph.name, graph.digest, layout.shared_of[graph.name],
                         {node: found[node] for node in sorted(mine) if node in found})


def _digest_of(nodes: list[str]) -> str:
    """A digest of a graph's shared nodes (sorted): what its kept results also depend on."""
    return hashlib.sha256("\n".join(nodes).encode()).hexdigest()


def _engine_version(engine: str) -> str:
    """The version of the package behind a SHACL engine (its results may change with it)."""
    from importlib.metadata import version

    return version({"rudof": "pyrudof"}.get(engine, engine))


def _node(text: str) -> Node:
    """The IRI or blank node written ``<iri>`` or ``_:label`` (how nodes are kept in the cache)."""
    return URIRef(text[1:-1]) if text.startswith("<") else BNode(text[2:])


class SharedSubjects:
    """Which subjects a store's graphs share: a node is described elsewhere when some quad of
    the store has it as subject in another graph. Answers are remembered for shared nodes only
    (few: actors, places, events), so asking about every subject of every graph costs about one
    pass over the quads whatever the corpus size."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.shared: set = set()
        self._graph = None
        self._alone: set = set()  # subjects of self._graph found in no other graph

    def elsewhere(self, subject, graph: ox.NamedNode) -> bool:
        """Whether ``subject`` (a pyoxigraph node) is described in a graph other than ``graph``."""
        if subject in self.shared:
            return True
        if graph != self._graph:
            self._graph, self._alone = graph, set()
        if subject in self._alone:
            return False
        for quad in self.store.quads_for_pattern(subject, None, None, None):
            if quad.graph_name != graph:
                self.shared.add(subject)
                return True
        self._alone.add(subject)
        return False



class StoreView:
    """What dataset validation reads of a pyoxigraph store, as :class:`SpooledDataset` gives it of
    a dataset on disk: a graph's quads, a graph's subjects other graphs describe too, and the
    neighbourhood of nodes."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._shared = SharedSubjects(store)
        self._values_said: dict = {}  # shared node -> what validation needs of it as a value (its type)

    def quads(self, graph: str) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def size(self, graph: str) -> int:
        """How many quads a graph has."""
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def shared_subjects(self, graph: str) -> list[str]:
        name = ox.NamedNode(graph)
        subjects = {q.subject for q in self.store.quads_for_pattern(None, None, None, name)}
        return sorted(str(s) for s in subjects if self._shared.elsewhere(s, name))

    def ntriples(self, graph: str) -> str:
        return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in self.quads(graph))

    def neighbourhood(self, nodes: list[str]) -> set[str]:
        """Everything the dataset says of ``nodes``, and what validating them needs of their values,
        as triples (``s p o``, N-Triples without the final dot)."""
        beyond = [ox.NamedNode(text[1:-1]) for text in sorted(predicates_beyond_values())]
        triples, values = set(), set()
        for text in nodes:
            node = to_oxigraph(_node(text))
            for quad in self.store.quads_for_pattern(node, None, None, None):
                triples.add(f"{quad.subject} {quad.predicate} {quad.object}")
                if not isinstance(quad.object, ox.Literal):
                    values.add(quad.object)
        for value in values:
            said = self._values_said.get(value)
            if said is None:
                said = {f"{q.subject} {q.predicate} {q.object}"
                        for predicate in beyond for q in self.store.quads_for_pattern(value, predicate, None, None)}
                if value in self._shared.shared:  # an actor is the value of thousands of nodes: read once
                    self._values_said[value] = said
            triples |= said
        return triples


def _run(engine: str, ntriples: str, wanted: set[str] | None = None) -> dict[str, list[str]]:
    """Validate ``ntriples`` (with the ontology mixed in) with the SHACL ``engine`` named; each
    focus node's results as stable texts. (A function of plain data: a runner may call it in
    another process.)

    With ``wanted`` (nodes in N-Triples form), only those nodes are focus nodes: the shapes are
    given them as targets instead of their classes (:func:`_shapes_targeting`), so the typed value
    nodes a neighbourhood brings along are not validated for nothing. pySHACL's ``focus_nodes``
    is not used: it would also drop the value nodes that nested shapes (sh:or,
    sh:qualifiedValueShape) check, and change the outcome."""
    shapes = shapes_graph() if wanted is None else _shapes_targeting(ntriples, wanted)
    report = with_stable_blank_nodes(shacl_engine(engine)(ntriples, shapes))
    found: dict[str, set[str]] = defaultdict(set)
    for result in report.subjects(RDF.type, SH.ValidationResult):
        lines, todo, seen = [], [result], set()
        while todo:
            node = todo.pop()
            seen.add(node)
            for p, o in report.predicate_objects(node):
                lines.append(f"{node.n3()} {p.n3()} {_ntriples(o)} .")
                if isinstance(o, BNode) and o not in seen:
                    todo.append(o)
        found[report.value(result, SH.focusNode).n3()].add(_compact("\n".join(sorted(lines))))
    return {node: sorted(texts) for node, texts in found.items()}


# A result's text names the same few namespaces many times over; the results of a large build
# (hundreds of thousands, held until the report is written, and kept in the cache) are kept with
# each written as one control character, which N-Triples always escapes and so never holds.
_NAMESPACES = (("<" + str(SH), "\x01"), ("<" + str(RDF), "\x02"), ("<" + str(XSD), "\x03"),
               ("<" + os.path.commonprefix([DEFAULT_BASE, str(KG)]), "\x04"))  # kgbuild's IRIs and terms
_FIRST_SUBJECT = "\x05"  # the text's first subject, written again on every line


def _compact(text: str) -> str:
    """A result's N-Triples text, shorter (:func:`_expanded` gives it back)."""
    for namespace, mark in _NAMESPACES:
        text = text.replace(namespace, mark)
    first, rest = text.split(" ", 1)
    return f"{first} {rest.replace(first, _FIRST_SUBJECT)}"


def _expanded(text: str) -> str:
    """The N-Triples of a result text kept by :func:`_compact`."""
    first, rest = text.split(" ", 1)
    text = f"{first} {rest.replace(_FIRST_SUBJECT, first)}"
    for namespace, mark in _NAMESPACES:
        text = text.replace(mark, namespace)
    return text


def _shapes_targeting(ntriples: str, nodes: set[str]) -> Graph:
    """The shapes with each class target replaced by the ``nodes`` of that class (or of a
    subclass, as pySHACL reads ``sh:targetClass``): every node is checked by exactly the shapes
    that target it, and no other node is a focus node. (The shapes target classes only.)"""
    targeted = Graph()
    for triple in shapes_graph():
        if triple[1] != SH.targetClass:
            targeted.add(triple)
    rdf_type = RDF.type.n3()
    types: dict[str, set[Node]] = {node: set() for node in nodes}
    for line in statement_lines(ntriples):
        subject, predicate, rest = line.split(" ", 2)
        if predicate == rdf_type and subject in types and rest.startswith("<"):
            types[subject].add(URIRef(rest[1:rest.index(">")]))
    for shape, target in shapes_graph().subject_objects(SH.targetClass):
        for node, node_types in types.items():
            if not node_types.isdisjoint(_classes_under(target)):
                targeted.add((shape, SH.targetNode, _node(node)))
    return targeted


@functools.cache
def _classes_under(cls: Node) -> frozenset[Node]:
    """``cls`` and its subclasses in the ontology."""
    return frozenset(ontology_graph().transitive_subjects(RDFS.subClassOf, cls))


def _ntriples(term: Node) -> str:
    """A term as N-Triples writes it (rdflib's ``n3()`` writes long literals in Turtle's triple quotes)."""
    if not isinstance(term, Literal):
        return term.n3()
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    return f'"{text}"' + (f"^^<{term.datatype}>" if term.datatype else "")


class DatasetValidationResult(ValidationResult):
    """The outcome of validating a dataset, kept as the texts of its results (from :func:`_run`,
    whose blank nodes are named by their content) on disk: the issues, the readable text and the
    report graph (each several times their size in memory) are made only when asked for, and
    :meth:`write_report` writes its bytes from the texts. The report's own node is ``_:report``."""

    def __init__(self, results: ResultTexts):
        self.results = results
        counts = dict.fromkeys(SEVERITY_NAMES.values(), 0)
        for text in results:
            severity = _severity_of(text)
            counts[severity] = counts.get(severity, 0) + 1
        self.violations, self.warnings, self.infos = counts["Violation"], counts["Warning"], counts["Info"]
        self.conforms = not self.violations

    @functools.cached_property
    def issues(self) -> list[Issue]:
        return _sorted_issues(_issue_of(_result_fields(text)[1]) for text in self.results)

    @functools.cached_property
    def text(self) -> str:
        return format_report(self)

    @functools.cached_property
    def report(self) -> Graph:
        report = Graph()
        report.bind("sh", SH)
        convert = RdflibConverter().term
        report.addN((convert(t.subject), convert(t.predicate), convert(t.object), report) for t in self._triples())
        return report

    def _triples(self) -> Iterator[ox.Triple]:
        """The report's triples (in no particular order: the writer sorts them), read from the
        result texts as they are needed, each text parsed once: nothing kept per result."""
        node, result_type = ox.BlankNode("report"), to_oxigraph(SH.ValidationResult)
        rdf_type, sh_result = to_oxigraph(RDF.type), to_oxigraph(SH.result)
        yield ox.Triple(node, rdf_type, to_oxigraph(SH.ValidationReport))
        yield ox.Triple(node, to_oxigraph(SH.conforms), to_oxigraph(Literal(self.conforms)))
        for text in self.results:
            for triple in ox.parse(_expanded(text), ox.RdfFormat.N_TRIPLES):
                yield triple
                if triple.predicate == rdf_type and triple.object == result_type:
                    yield ox.Triple(node, sh_result, triple.subject)

    def write_report(self, path: str | Path) -> None:
        """Write the report as :func:`kgbuild.rdf.io.write_graph` writes :attr:`report`, the same bytes."""
        write_sorted(self._triples(), path, {"sh": str(SH)})


def _result_fields(text: str) -> tuple[Node, dict[Node, Node]]:
    """One result's text (from :func:`_run`): its node and what it says (one value per predicate)."""
    convert = RdflibConverter().term
    triples = [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in ox.parse(_expanded(text), ox.RdfFormat.N_TRIPLES)]
    result = next(s for s, p, o in triples if p == RDF.type and o == SH.ValidationResult)
    return result, {p: o for s, p, o in triples if s == result}


_SEVERITY = _compact(f"{SH.resultSeverity.n3()} <{SH}")


def _severity_of(text: str) -> str:
    """The severity name of a result's text (its one sh:resultSeverity line; a severity outside
    SHACL's namespace counts as a violation, as SHACL reads it)."""
    start = text.find(_SEVERITY)
    return "Violation" if start < 0 else text[start + len(_SEVERITY):text.index(">", start + len(_SEVERITY))]


def _issue_of(fields: dict[Node, Node]) -> Issue:
    """The issue a result's fields describe."""
    severity = fields.get(SH.resultSeverity)
    return Issue(shape=fields.get(SH.sourceShape), severity=SEVERITY_NAMES.get(severity, str(severity)),
                 focus=fields.get(SH.focusNode), message=str(fields.get(SH.resultMessage) or ""),
                 path=fields.get(SH.resultPath), value=fields.get(SH.value))
