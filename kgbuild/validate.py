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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, SH, Dataset, Graph, Node, URIRef
from rdflib.plugins.stores.memory import Memory, SimpleMemory

from .errors import InputError
from .rdf.io import read_store, to_rdflib_graph
from .resources import ontology_file, shapes_file

SHAPES_NS = "https://w3id.org/kgbuild/shapes#"
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


@functools.cache
def shapes_graph() -> Graph:
    """The shipped SHACL shapes, parsed once per process."""
    return Graph().parse(shapes_file(), format="turtle")


@functools.cache
def ontology_graph() -> Graph:
    """The shipped ontology, parsed once per process (mixed into data graphs for subclass targets)."""
    return Graph().parse(ontology_file(), format="turtle")


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
    issues = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        issues.append(Issue(
            shape=report.value(result, SH.sourceShape),
            severity=SEVERITY_NAMES.get(severity, str(severity)),
            focus=report.value(result, SH.focusNode),
            message=str(report.value(result, SH.resultMessage) or ""),
            path=report.value(result, SH.resultPath),
            value=report.value(result, SH.value),
        ))
    rank = {name: i for i, name in enumerate(SEVERITY_NAMES.values())}
    issues.sort(key=lambda i: (rank.get(i.severity, len(rank)), str(i.shape), str(i.focus), i.message))
    return issues


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
