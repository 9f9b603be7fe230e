"""kgbuild.validate: graphs, datasets and files in, verdicts, counts and readable reports out."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SH, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kgbuild.errors import InputError
from kgbuild.rdf.vocab import KG
from kgbuild.validate import format_report, ontology_graph, shapes_graph, validate_file, validate_graph

DATA = Path(__file__).parent / "shapes"
ID = "https://w3id.org/kgbuild/id/"


def load(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(DATA / name, format="turtle")
    return graph


def test_conforming_graph():
    result = validate_graph(load("base.ttl", "exchange-ok.ttl"))
    assert result.conforms
    assert (result.violations, result.warnings, result.infos) == (0, 0, 0)
    assert result.issues == [] and "Conforms: True" in result.text


def test_counts_match_the_report_and_warnings_do_not_break_conformance():
    warnings_only = validate_graph(load("base.ttl", "sentence-bad.ttl"))
    assert warnings_only.conforms and (warnings_only.violations, warnings_only.warnings) == (0, 1)

    result = validate_graph(load("base.ttl", "exchange-bad.ttl"))
    assert not result.conforms
    by_severity = {s: sum(i.severity == s for i in result.issues) for s in ("Violation", "Warning", "Info")}
    assert (result.violations, result.warnings, result.infos) == tuple(by_severity.values())
    assert result.violations > 0 and result.warnings > 0 and result.infos > 0
    assert len(result.issues) == len(set(result.report.subjects(RDF.type, SH.ValidationResult)))


def test_the_callers_graph_is_left_as_it_was():
    graph = load("base.ttl", "release-bad.ttl")
    # One ontology triple already in the data must survive the run.
    graph.add((KG.PrisonerExchange, RDFS.subClassOf, KG.Exchange))
    before = Graph()
    before += graph
    validate_graph(graph)
    assert len(graph) == len(before) and isomorphic(graph, before)
    assert (KG.PrisonerExchange, RDFS.subClassOf, KG.Exchange) in graph


def test_dataset_is_validated_as_the_union_of_its_graphs():
    """Actors typed in one named graph satisfy references from another (an article's) graph."""
    background, facts = load("base.ttl"), load("exchange-ok.ttl")
    dataset = Dataset()
    for name, part in (("gazetteer", background), ("article/a1", facts)):
        named = dataset.graph(URIRef(ID + "graph/" + name))
        for triple in part:
            named.add(triple)
    assert validate_graph(dataset).conforms
    assert not validate_graph(facts).conforms  # alone, its sides are untyped


def test_pyoxigraph_store_input():
    store = ox.Store()
    store.load(path=str(DATA / "base.ttl"), format=ox.RdfFormat.TURTLE)
    store.load(path=str(DATA / "role-bad.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(ID + "graph/article/a1"))
    result = validate_graph(store)
    assert not result.conforms and result.violations == validate_graph(load("base.ttl", "role-bad.ttl")).violations


@pytest.mark.parametrize("suffix, rdflib_format", [
    (".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"), (".trig", "trig"), (".jsonld", "json-ld"),
])
def test_validate_file_formats(tmp_path, suffix, rdflib_format):
    graph = load("base.ttl", "claim-bad.ttl")
    expected = validate_graph(graph)
    path = tmp_path / f"graph{suffix}"
    if rdflib_format in ("nquads", "trig"):
        dataset = Dataset()
        named = dataset.graph(URIRef(ID + "graph/a1"))
        for triple in graph:
            named.add(triple)
        dataset.serialize(path, format=rdflib_format)
    else:
        graph.serialize(path, format=rdflib_format)
    result = validate_file(path)
    assert (result.conforms, result.violations, result.warnings) == (
        expected.conforms, expected.violations, expected.warnings)


def test_validate_file_catches_bad_datatypes_the_parser_lets_through(tmp_path):
    path = tmp_path / "bad-date.ttl"
    path.write_text((DATA / "base.ttl").read_text(encoding="utf-8").replace(
        '"2025-07-23"^^xsd:date ;\n    kg:publisherName', '"2025-02-30"^^xsd:date ;\n    kg:publisherName'),
        encoding="utf-8")
    result = validate_file(path)
    assert not result.conforms
    assert {str(i.shape).rsplit("#", 1)[1] for i in result.issues} == {"Article-published-type"}


@pytest.mark.parametrize("name, content", [
    ("missing.ttl", None),
    ("broken.ttl", "<a> <b> ."),
    ("binary.ttl", b"\x00\xff\xfe binary"),
    ("graph.docx", "<a> <b> <c> ."),
])
def test_validate_file_bad_input_names_the_file(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        validate_file(path)
    assert name in str(error.value)


def test_format_report_groups_by_shape_worst_first():
    graph = load("base.ttl", "exchange-bad.ttl")
    # Five releases without a count, to see the focus-node list cut short.
    for n in range(5):
        release = URIRef(f"{ID}release/uncounted-{n}")
        graph.add((release, RDF.type, KG.Release))
        graph.add((release, KG.releasedBy, URIRef(ID + "actor/russia")))
        graph.add((release, KG.reportedIn, URIRef(ID + "article/a1")))
        graph.add((release, KG.evidence, URIRef(ID + "article/a1/s/0-96")))
        graph.add((URIRef(ID + "event/no-sides"), KG.release, release))
    result = validate_graph(graph)
    text = format_report(result)
    assert text.splitlines()[0] == (f"The graph does NOT conform: {result.violations} violation(s), "
                                    f"{result.warnings} warning(s), {result.infos} info(s).")
    assert "Violation kgsh:Release-count: 5 result(s)" in text
    assert "A release needs a kg:count, an xsd:integer >= 0." in text
    assert "5 node(s): " in text and "and 2 more" in text
    assert "Warning kgsh:Exchange-two-sides: 2 result(s)" in text
    assert f"<{ID}event/no-sides>" in text
    headings = [line.split()[0] for line in text.splitlines() if line and not line.startswith((" ", "The graph"))]
    assert headings == sorted(headings, key=["Violation", "Warning", "Info"].index)
    assert headings.count("Info") == 1


def test_format_report_of_a_conforming_graph():
    text = format_report(validate_graph(load("base.ttl")))
    assert text == "The graph conforms: 0 violation(s), 0 warning(s), 0 info(s)."


def test_shapes_and_ontology_are_parsed_once():
    assert shapes_graph() is shapes_graph() and ontology_graph() is ontology_graph()
    assert len(shapes_graph()) > 0 and (KG.Exchange, RDF.type, OWL.Class) in ontology_graph()


def _named_graphs(store: ox.Store) -> list:
    """Each named graph of a kgbuild store as dataset validation takes it."""
    import hashlib

    from kgbuild.validate import NamedGraph

    graphs = []
    for name in store.named_graphs():
        quads = list(store.quads_for_pattern(None, None, None, name))
        digest = hashlib.sha256("\n".join(sorted(map(str, quads))).encode()).hexdigest()
        graphs.append(NamedGraph(name.value, digest, self_contained=not name.value.endswith("/graph/resolution")))
    return graphs


@pytest.mark.model
def test_dataset_validation_reuses_what_did_not_change_and_equals_validating_the_union(examples_build, tmp_path):
    from kgbuild.validate import validate_dataset

    store = ox.Store()
    store.bulk_extend(examples_build.store)
    cache = tmp_path / "validation.sqlite"
    first = validate_dataset(store, _named_graphs(store), cache)
    assert first.issues == validate_graph(store).issues and first.conforms

    # Break one article's graph: a release loses its article (a node of that graph only) and a
    # mention loses its type (an actor that several graphs describe now points to an untyped node).
    kg, rdf_type = "https://w3id.org/kgbuild/ns#", ox.NamedNode(str(RDF.type))
    reported_in = next(q for q in store.quads_for_pattern(None, ox.NamedNode(kg + "reportedIn"), None, None)
                       if "/release/" in q.subject.value)
    graph = reported_in.graph_name
    mention_type = next(store.quads_for_pattern(None, rdf_type, ox.NamedNode(kg + "Mention"), graph))
    store.remove(reported_in)
    store.remove(mention_type)

    again = validate_dataset(store, _named_graphs(store), cache)
    clean = validate_dataset(store, _named_graphs(store))
    union = validate_graph(store)
    assert again.issues == clean.issues == union.issues
    assert {i.focus for i in again.issues if i.severity == "Violation"} >= {URIRef(reported_in.subject.value)}
    assert any(i.value == URIRef(mention_type.subject.value) for i in again.issues)
    assert sorted(again.report.serialize(format="nt").splitlines()) == sorted(clean.report.serialize(format="nt").splitlines())


@pytest.mark.model
def test_dataset_validation_runs_in_batches_no_bigger_than_asked_with_the_same_report(examples_build, monkeypatch):
    import kgbuild.validate as validation

    store = ox.Store()
    store.bulk_extend(examples_build.store)
    graphs_per_run, neighbourhoods = [], []
    batches, run = validation._batches, validation._run

    def counted_batches(view, graphs, size):
        for batch in batches(view, graphs, size):
            graphs_per_run.append([view.size(g.name) for g in batch])
            yield batch

    def counted_triples(engine, data, wanted=None):
        if wanted is not None:
            neighbourhoods.append((len(wanted), data.count("\n")))
        else:
            whole_runs.append(data.count("\n"))
        return run(engine, data, wanted)

    whole_runs = []
    monkeypatch.setattr(validation, "_batches", counted_batches)
    monkeypatch.setattr(validation, "_run", counted_triples)
    batched = validation.validate_dataset(store, _named_graphs(store), triples_per_run=300, whole_run_triples=0)
    assert len(graphs_per_run) > 1 and all(sum(sizes) <= 300 or len(sizes) == 1 for sizes in graphs_per_run)
    assert sum(map(len, graphs_per_run)) == len(_named_graphs(store)) - 1
    assert len(whole_runs) == len(graphs_per_run)
    assert len(neighbourhoods) > 1 and all(triples <= 300 or nodes == 1 for nodes, triples in neighbourhoods)
    assert batched.issues == validate_graph(store).issues
    graphs_per_run.clear()
    whole_runs.clear()
    whole = validation.validate_dataset(store, _named_graphs(store))  # a first validation of a few graphs: one run
    assert graphs_per_run == [] and whole_runs == [len(store)]
    assert batched.report.serialize(format="nt") == whole.report.serialize(format="nt")


@pytest.mark.model
def test_graphs_validated_where_they_were_mapped_are_not_validated_again_and_give_the_same_report(examples_build,
                                                                                                 monkeypatch):
    """The results a Dask worker returns with the graphs it mapped (graph_results) take the place
    of the client's own runs over those graphs; a graph whose digest differs is validated again."""
    import kgbuild.validate as validation

    store = ox.Store()
    store.bulk_extend(examples_build.store)
    graphs = _named_graphs(store)
    own = [g for g in graphs if g.self_contained]
    validated = {}
    for graph in own:
        text = "".join(f"{q.subject} {q.predicate} {q.object} .\n"
                       for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph.name)))
        digest = graph.digest if graph is not own[0] else "an older graph"
        validated[graph.name] = (digest, validation.graph_results(validation.DEFAULT_ENGINE, {graph.name: text})[graph.name])
    graph_runs, run = [], validation._run

    def counted(engine, data, wanted=None):
        if wanted is None:
            graph_runs.append({line.split(" ", 1)[0] for line in data.splitlines()})
        return run(engine, data, wanted)

    monkeypatch.setattr(validation, "_run", counted)
    taken = validation.validate_dataset(store, graphs, whole_run_triples=0, validated=validated)
    assert validated == {}  # taken, not copied
    first_subject = next(store.quads_for_pattern(None, None, None, ox.NamedNode(own[0].name))).subject
    assert len(graph_runs) == 1 and str(first_subject) in graph_runs[0]  # only the changed graph again
    monkeypatch.setattr(validation, "_run", run)
    assert taken.report.serialize(format="nt") == validation.validate_dataset(store, graphs).report.serialize(format="nt")
    assert taken.issues == validate_graph(store).issues


@pytest.mark.model
def test_a_node_with_too_many_values_for_one_run_is_validated_in_parts_with_the_same_report(examples_build, monkeypatch):
    """An actor's mentions grow with the articles: its values on a predicate whose shapes check
    one value at a time go to several runs, each with the actor's other triples, and the report
    is the report of the union (here with one mention that lost its type)."""
    import kgbuild.validate as validation

    store = ox.Store()
    store.bulk_extend(examples_build.store)
    kg, rdf_type = "https://w3id.org/kgbuild/ns#", ox.NamedNode(str(RDF.type))
    has_mention = ox.NamedNode(kg + "hasMention")
    actor = max({q.subject for q in store.quads_for_pattern(None, has_mention, None, None)},
                key=lambda node: sum(1 for _ in store.quads_for_pattern(node, has_mention, None, None)))
    mention = next(store.quads_for_pattern(actor, has_mention, None, None)).object
    store.remove(next(store.quads_for_pattern(mention, rdf_type, None, None)))
    neighbourhood = validation.StoreView(store).neighbourhood([str(actor)])
    size = len(neighbourhood) // 3
    assert "<https://w3id.org/kgbuild/ns#hasMention>" in validation.predicates_checked_per_value()

    runs_of_actor, run = [], validation._run

    def counted(engine, data, wanted=None):
        if wanted == {str(actor)}:
            runs_of_actor.append(set(data.splitlines()))
        return run(engine, data, wanted)

    monkeypatch.setattr(validation, "_run", counted)
    parts = validation.validate_dataset(store, _named_graphs(store), triples_per_run=size, whole_run_triples=0)
    assert len(runs_of_actor) > 1 and all(len(lines) < len(neighbourhood) for lines in runs_of_actor)
    assert set().union(*runs_of_actor) == {triple + " ." for triple in neighbourhood}
    union = validate_graph(store)
    assert parts.issues == union.issues
    assert [i.value for i in parts.issues if i.focus == URIRef(actor.value)] == [URIRef(mention.value)]


def test_a_shared_node_whose_value_a_nested_shape_rejects_is_reported():
    """pySHACL's focus_nodes option would drop the values that sh:or and qualified shapes look at:
    a disagreement pointing to a node that is no release must fail however it is validated."""
    import hashlib

    from kgbuild.validate import NamedGraph, validate_dataset

    kg, base = "https://w3id.org/kgbuild/ns#", "https://example.org/"
    data = f"""
    <{base}d> a <{kg}Disagreement> ; <{kg}conflictingValue> <{base}nothing-1>, <{base}nothing-2> ;
        <{kg}aboutEvent> <{base}e> ; <{kg}disagreementNote> "a vs b" .
    """
    store = ox.Store()
    store.load(input=data, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(base + "graph/resolution"))
    store.load(input=f"<{base}d> <{kg}disagreementNote> \"a vs b\" .", format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(base + "graph/article/a"))
    graphs = [NamedGraph(g.value, hashlib.sha256(g.value.encode()).hexdigest(), not g.value.endswith("resolution"))
              for g in store.named_graphs()]
    whole = validate_graph(store)
    assert any(i.shape == URIRef("https://w3id.org/kgbuild/shapes#Disagreement-conflictingValue") for i in whole.issues)
    assert set(validate_dataset(store, graphs).issues) == set(whole.issues)  # the order of equal keys may differ


def test_a_graph_validation_report_is_written_to_a_file(tmp_path):
    result = validate_graph(load("base.ttl", "exchange-bad.ttl"))
    result.write_report(tmp_path / "report.ttl")
    assert Graph().parse(tmp_path / "report.ttl").isomorphic(result.report)
