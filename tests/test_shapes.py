"""The SHACL shapes: valid SHACL, and each shape accepts good data and flags bad data as intended.

Every file in tests/shapes/ is validated together with tests/shapes/base.ttl (a conforming article,
sentence, actors and talks). For each file the exact set of (focus node, shape, severity) results
is listed below, so a shape that fires on the wrong node, at the wrong severity, or not at all fails.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, SH, BNode, Graph, URIRef

from kgbuild.resources import ontology_file, shapes_file
from kgbuild.validate import SHAPES_NS, validate_graph

DATA = Path(__file__).parent / "shapes"
BASE_IRI = "https://w3id.org/kgbuild/id/"
V, W, I = "Violation", "Warning", "Info"

# file -> {(focus node relative to the id base, or "_:" for a blank node, shape local name, severity)}
EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    "base.ttl": set(),
    "article-ok.ttl": set(),
    "article-bad.ttl": {
        ("article/bad-url", "Article-url", V),
        ("article/bad-date", "Article-published-type", V),
        ("article/no-title", "Article-published-type", V),  # 30 February
        ("article/no-title", "Article-title", W),
        ("article/two-ids", "Article-articleId", V),
        ("article/two-ids", "Article-contentHash", V),
        ("article/two-ids", "Article-title-literal", V),
        ("article/undated", "Article-published", W),
        ("_:", "ArticleShape", V),
    },
    "mention-ok.ttl": set(),
    "mention-bad.ttl": {
        ("article/a1/m/reversed", "Mention-span-order", V),
        ("article/a1/m/empty", "Mention-span-order", V),
        ("article/a1/m/no-end", "Mention-beginIndex", V),
        ("article/a1/m/no-end", "Mention-endIndex", V),
        ("article/a1/m/string-offsets", "Mention-beginIndex", V),
        ("article/a1/m/string-offsets", "Mention-span-order", V),
        ("article/a1/m/orphan", "Mention-inArticle", V),
        ("article/a1/m/wrong-links", "Mention-inArticle", V),
        ("article/a1/m/wrong-links", "Mention-inSentence", V),
        ("article/a1/m/wrong-links", "Mention-anchorOf", V),
        ("_:", "MentionShape", V),
    },
    "sentence-ok.ttl": set(),
    "sentence-bad.ttl": {("article/a1/s/97-150", "Sentence-anchorOf", W)},
    "actor-ok.ttl": set(),
    "actor-bad.ttl": {
        ("actor/untyped-subclass", "ActorShape", V),
        ("_:", "ActorShape", V),
        ("actor/person/nameless", "Actor-name", V),
        ("actor/person/nameless", "Name-literal", V),
        ("actor/bad-ids", "Actor-wikidataId", V),
        ("actor/bad-ids", "Actor-sameAs", V),
        ("actor/bad-ids", "Actor-hasMention", V),
    },
    "place-ok.ttl": set(),
    "place-bad.ttl": {("place/nowhere", "Place-name", V), ("_:", "PlaceShape", V)},
    "event-ok.ttl": set(),
    "event-bad.ttl": {
        ("event/unsourced", "Fact-reportedIn", V),
        ("event/unsourced", "Event-date", V),
        ("event/bad-links", "Event-eventType", V),
        ("event/bad-links", "Event-place", V),
        ("event/bad-links", "Fact-evidence-type", V),
        ("event/bad-links", "Fact-attributedTo-type", V),
        ("event/bad-links", "Fact-sourceText", V),
        ("event/bad-links", "Fact-reportingMode", V),
        ("_:", "EventShape", V),
    },
    "exchange-ok.ttl": set(),
    "exchange-bad.ttl": {
        ("event/no-sides", "Exchange-side", W),
        ("event/no-sides", "Exchange-two-sides", W),
        ("event/no-sides", "Exchange-release", W),
        ("event/no-sides", "Exchange-status", W),
        ("event/no-sides", "Exchange-attributedTo", I),
        ("event/wrong-links", "Exchange-two-sides", W),
        ("event/wrong-links", "Exchange-side-type", V),
        ("event/wrong-links", "Exchange-status-type", V),
        ("event/wrong-links", "Exchange-release-type", V),
        ("event/wrong-links", "Exchange-category-type", V),
        ("event/wrong-links", "Exchange-intermediary-type", V),
        ("event/wrong-links", "Exchange-agreedAt-type", V),
        ("event/wrong-links", "Exchange-fulfils-type", V),
        ("event/fulfils-completed", "Exchange-fulfils-planned", W),
        ("event/kindless", "ExchangeShape", V),
    },
    "release-ok.ttl": set(),
    "release-bad.ttl": {
        ("release/negative", "Release-count", V),
        ("release/text-count", "Release-count", V),
        ("release/text-count", "Qualifier-type", V),  # two qualifiers
        ("release/no-side", "Release-releasedBy", V),
        ("release/no-side", "Release-count", V),  # 12.5
        ("release/no-side", "Qualifier-type", V),
        ("release/no-side", "Fact-evidence", W),
        ("release/loose", "Release-releasedBy", V),  # two sides, one a place
        ("release/loose", "Release-in-exchange", W),
        ("_:", "ReleaseShape", V),
    },
    "negotiation-ok.ttl": set(),
    "negotiation-bad.ttl": {
        ("event/vague-talks", "Negotiation-place", W),
        ("event/vague-talks", "Negotiation-date", W),
        ("event/vague-talks", "Negotiation-party", W),
        ("event/bad-talks", "Name-literal", V),
        ("event/bad-talks", "Negotiation-actor-type", V),
        ("event/bad-talks", "Negotiation-round", V),
        ("event/bad-talks", "Negotiation-outcome", V),
        ("event/bad-talks", "Negotiation-delegation-type", V),
        ("event/bad-talks", "Negotiation-status", V),
    },
    "delegation-ok.ttl": set(),
    "delegation-bad.ttl": {
        ("delegation/nobody", "Delegation-delegationOf", V),
        ("delegation/nobody", "Actor-name", V),  # neither a name nor the party it represents
        ("delegation/nobody", "Delegation-headedBy-type", V),
        ("delegation/nobody", "Delegation-atNegotiation-type", V),
        ("delegation/unlinked", "Delegation-atNegotiation", W),
        ("delegation/unlinked", "Delegation-reportedIn", W),
    },
    "role-ok.ttl": set(),
    "role-bad.ttl": {
        ("role/unsourced", "Fact-reportedIn", V),
        ("role/wrong-links", "Role-holder", V),
        ("role/wrong-links", "Role-roleName", V),
        ("role/wrong-links", "Role-roleOf-type", V),
        ("role/wrong-links", "Role-roleIn-type", V),
        ("_:", "RoleShape", V),
    },
    "claim-ok.ttl": set(),
    "claim-bad.ttl": {
        ("claim/fraction", "Claim-value", V),
        ("claim/fraction", "Claim-statement", V),
        ("claim/fraction", "Claim-claimSubject-type", V),
        ("claim/subjectless", "Claim-value", V),  # two values
        ("claim/subjectless", "Claim-claimSubject", W),
        ("_:", "ClaimShape", V),
    },
    # A disagreement conforms but is always reported, so readers see it.
    "disagreement-ok.ttl": {("disagreement/swap-ua", "Disagreement-reported", W)},
    "disagreement-bad.ttl": {
        ("disagreement/lonely", "Disagreement-conflictingValue", V),
        ("disagreement/lonely", "Disagreement-note", V),
        ("disagreement/lonely", "Disagreement-reported", W),
        ("disagreement/aimless", "Disagreement-aboutEvent", V),
        ("disagreement/aimless", "Disagreement-conflictingValue", V),
        ("_:", "DisagreementShape", V),
        ("_:", "Disagreement-reported", W),
    },
}


def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def load(name: str) -> Graph:
    graph = Graph().parse(DATA / "base.ttl", format="turtle")
    return graph.parse(DATA / name, format="turtle")


def focus_key(node) -> str:
    if isinstance(node, BNode):
        return "_:"
    assert node.startswith(BASE_IRI), node
    return node[len(BASE_IRI):]


def test_every_data_file_has_expectations():
    assert {path.name for path in DATA.glob("*.ttl")} == set(EXPECTED)


def test_shapes_file_is_valid_shacl():
    shacl_shacl = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(shapes(), shacl_graph=shacl_shacl)
    assert conforms, text


def test_every_constraint_shape_has_severity_message_and_a_known_target():
    graph = shapes()
    ontology = Graph().parse(ontology_file(), format="turtle")
    constraint_shapes = set(graph.subjects(RDF.type, SH.PropertyShape)) | set(graph.subjects(SH.severity, None))
    for shape in constraint_shapes:
        assert isinstance(shape, URIRef) and shape.startswith(SHAPES_NS), f"{shape}: shapes need kgsh: names"
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        messages = set(graph.objects(shape, SH.message)) or {
            m for sparql in graph.objects(shape, SH.sparql) for m in graph.objects(sparql, SH.message)}
        assert messages, f"{shape} has no sh:message"
        targets = set(graph.objects(shape, SH.targetClass))
        assert targets, f"{shape} has no sh:targetClass"
        for target in targets:
            assert (target, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in ontology, target
    for node_shape in graph.subjects(RDF.type, SH.NodeShape):
        assert graph.value(node_shape, SH.targetClass) is not None, node_shape
        assert graph.value(node_shape, RDFS.comment) is not None, node_shape


def test_every_constraint_shape_is_exercised_by_a_violating_file():
    graph = shapes()
    constraint_shapes = {str(s)[len(SHAPES_NS):] for s in graph.subjects(SH.severity, None)}
    exercised = {shape for results in EXPECTED.values() for _, shape, _ in results}
    assert constraint_shapes - exercised == set()
    assert exercised - constraint_shapes == set()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shape_results(name):
    result = validate_graph(load(name))
    found = {(focus_key(i.focus), str(i.shape)[len(SHAPES_NS):], i.severity) for i in result.issues}
    assert found == EXPECTED[name]
    assert result.conforms == all(severity != V for _, _, severity in EXPECTED[name])


def test_disagreement_warning_names_the_event_and_the_note():
    result = validate_graph(load("disagreement-ok.ttl"))
    (issue,) = result.issues
    assert "event/swap" in issue.message and "Ukraine released 146 or 150" in issue.message


def test_subclass_instances_are_targeted_through_the_ontology():
    """kg:ListHandover is checked by the kg:Exchange shapes because the ontology is mixed in."""
    graph = load("base.ttl")
    graph.parse(data="""
        @prefix kg: <https://w3id.org/kgbuild/ns#> .
        <https://w3id.org/kgbuild/id/event/handover> a kg:ListHandover ;
            kg:reportedIn <https://w3id.org/kgbuild/id/article/a1> .
        """, format="turtle")
    shapes_hit = {str(i.shape)[len(SHAPES_NS):] for i in validate_graph(graph).issues}
    assert {"Exchange-side", "Exchange-release", "Fact-evidence"} <= shapes_hit
