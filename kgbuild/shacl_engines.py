"""SHACL engines, looked up by name: each validates triples against a shapes graph and returns a
report graph written as pySHACL writes it, so that the report does not depend on the engine.

- ``pyshacl``: pySHACL, the reference (pure Python, on an rdflib copy of the data).
- ``rudof``: rudof's native engine (Rust, through ``pyrudof``, the extra ``kgbuild[rudof]``), the
  default when installed, several times faster. Its results
  (focus node, shape, constraint component, value) are written out with the shape's own severity,
  message and path, as pySHACL writes them. rudof does not run SPARQL-based constraints the way
  the shapes write them, so shapes with ``sh:sparql`` go to pySHACL, and only when the data has a
  node they target. Shapes with targets must be IRIs (as kgbuild's are): rudof also reports the
  failures of the blank shapes inside an sh:or, which pySHACL leaves out. rudof does not flag an
  ill-typed literal (``"2025-02-30"^^xsd:date``) under ``sh:datatype``; kgbuild writes every date
  from a date, so its own graphs hold none.
"""

from __future__ import annotations

import functools
import importlib.util
from collections import defaultdict
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, BNode, Graph, Node, URIRef

from .errors import KgbuildError
from .rdf.io import RdflibConverter, to_rdflib_graph
from .resources import ontology_file, shapes_file

DEFAULT_ENGINE = "rudof" if importlib.util.find_spec("pyrudof") else "pyshacl"  # the same report, rudof faster

_RESULT_MESSAGE = ox.NamedNode(str(SH.resultMessage))


@functools.cache
def shapes_graph() -> Graph:
    """The shipped SHACL shapes, parsed once per process."""
    return Graph().parse(shapes_file(), format="turtle")


@functools.cache
def ontology_graph() -> Graph:
    """The shipped ontology, parsed once per process (mixed into data graphs for subclass targets)."""
    return Graph().parse(ontology_file(), format="turtle")


def pyshacl_report(ntriples: str, shapes: Graph) -> Graph:
    """pySHACL's report on the N-Triples ``ntriples`` with the ontology mixed in."""
    import pyshacl

    data = to_rdflib_graph(ox.parse(ntriples, ox.RdfFormat.N_TRIPLES))
    data.addN((s, p, o, data) for s, p, o in ontology_graph() if (s, p, o) not in data)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                    allow_infos=True, inplace=True)
    return report


def rudof_report(ntriples: str, shapes: Graph) -> Graph:
    """rudof's results on the N-Triples ``ntriples`` (with the ontology), as pySHACL writes them;
    the shapes with SPARQL-based constraints are run by pySHACL."""
    import pyrudof

    core, sparql = _split_sparql_shapes(shapes)
    session = pyrudof.Rudof(pyrudof.RudofConfig())
    session.read_data(_ontology_ntriples() + ntriples, format=pyrudof.RDFFormat.NTriples)
    session.read_shacl(core, format=pyrudof.ShaclFormat.NTriples)
    report = Graph()
    if len(session.validate_shacl()):
        found: dict = defaultdict(dict)  # result node -> predicate -> value (the messages apart)
        messages: dict = defaultdict(list)
        convert = RdflibConverter().term
        for t in ox.parse(session.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples),
                          ox.RdfFormat.N_TRIPLES):
            if t.predicate == _RESULT_MESSAGE:
                messages[t.subject].append(convert(t.object))
            else:
                found[t.subject][convert(t.predicate)] = convert(t.object)
        for result, values in found.items():
            # a nested, blank shape's failure (a member of an sh:or) is part of its outer shape's result
            if values.get(RDF.type) == SH.ValidationResult and isinstance(values.get(SH.sourceShape), URIRef):
                _add_result(report, values, messages[result], shapes)
    if len(sparql) and _targets_any(ntriples, sparql):
        report += pyshacl_report(ntriples, sparql)
    return report


ENGINES: dict[str, Callable[[str, Graph], Graph]] = {"pyshacl": pyshacl_report, "rudof": rudof_report}


def engine(name: str) -> Callable[[str, Graph], Graph]:
    """The SHACL engine called ``name``."""
    if name not in ENGINES:
        raise KgbuildError(f"unknown SHACL engine {name!r}: choose one of {', '.join(sorted(ENGINES))}")
    if name == "rudof" and importlib.util.find_spec("pyrudof") is None:
        raise KgbuildError("the rudof SHACL engine needs pyrudof: pip install 'kgbuild[rudof]' (or use pyshacl)")
    return ENGINES[name]


def _add_result(report: Graph, found: dict, messages: list, shapes: Graph) -> None:
    """One result of rudof's report, as pySHACL writes it: the shape's severity, messages and path."""
    shape = found.get(SH.sourceShape)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    for predicate in (SH.focusNode, SH.sourceShape, SH.sourceConstraintComponent, SH.value):
        if predicate in found:
            report.add((node, predicate, found[predicate]))
    report.add((node, SH.resultSeverity, shapes.value(shape, SH.severity) or SH.Violation))
    for message in list(shapes.objects(shape, SH.message)) or [m for m in messages if getattr(m, "language", None)]:
        report.add((node, SH.resultMessage, message))
    path = shapes.value(shape, SH.path)
    if path is not None:
        report.add((node, SH.resultPath, _copy(path, shapes, report)))


def _copy(node: Node, source: Graph, target: Graph) -> Node:
    """``node`` in ``target``: a blank node (a path's list or alternatives) copied with all it says."""
    if not isinstance(node, BNode):
        return node
    copy = BNode()
    for p, o in source.predicate_objects(node):
        target.add((copy, p, _copy(o, source, target)))
    return copy


def _split_sparql_shapes(shapes: Graph) -> tuple[str, Graph]:
    """(the shapes without SPARQL-based constraints, as N-Triples (written much faster than Turtle
    when a run targets thousands of nodes); those with, each with what it says)."""
    if shapes is shapes_graph():
        return _shipped_split()
    return _split(shapes)


@functools.cache
def _shipped_split() -> tuple[str, Graph]:
    """The shipped shapes split once per process (runs over classes' targets use them as they are)."""
    return _split(shapes_graph())


def _split(shapes: Graph) -> tuple[str, Graph]:
    """See :func:`_split_sparql_shapes`."""
    core, with_sparql = Graph(), Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
        with_sparql.bind(prefix, namespace)
    for triple in shapes:
        core.add(triple)
    for shape in set(shapes.subjects(SH.sparql, None)):
        for triple in _closure(shape, shapes):
            core.remove(triple)
            with_sparql.add(triple)
    for declaration in shapes.subject_objects(SH.declare):  # the prefixes the SPARQL constraints use
        for triple in _closure(declaration[1], shapes):
            with_sparql.add(triple)
        with_sparql.add((declaration[0], SH.declare, declaration[1]))
    return core.serialize(format="nt"), with_sparql


def _closure(node: Node, graph: Graph) -> list[tuple[Node, Node, Node]]:
    """What ``graph`` says of ``node`` and, recursively, of the blank nodes it points to."""
    triples, todo, seen = [], [node], set()
    while todo:
        subject = todo.pop()
        seen.add(subject)
        for p, o in graph.predicate_objects(subject):
            triples.append((subject, p, o))
            if isinstance(o, BNode) and o not in seen:
                todo.append(o)
    return triples


def _targets_any(ntriples: str, shapes: Graph) -> bool:
    """Whether some node of ``ntriples`` is a target of ``shapes`` (by class, subclass or node)."""
    if any(shapes.objects(None, SH.targetNode)):
        return True
    return any(f" {RDF.type.n3()} {c.n3()} .\n" in ntriples for target in shapes.objects(None, SH.targetClass)
               for c in ontology_graph().transitive_subjects(RDFS.subClassOf, target))


@functools.cache
def _ontology_ntriples() -> str:
    """The ontology as N-Triples, mixed into the data for rudof (subclass targets, sh:class)."""
    return ontology_graph().serialize(format="nt")
