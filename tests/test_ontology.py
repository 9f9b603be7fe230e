"""The ontology: it parses, documents every term, aligns to the standard vocabularies, and the
generated KG namespace matches it."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

from kgbuild.facts import CATEGORIES
from kgbuild.rdf import genvocab
from kgbuild.rdf.vocab import KG
from kgbuild.resources import ontology_file, shapes_file

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
KG_NS = str(KG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def kg_terms(graph: Graph) -> set[URIRef]:
    return {node for triple in graph for node in triple if isinstance(node, URIRef) and node.startswith(KG_NS)}


def test_ontology_header(ontology):
    header = URIRef(KG_NS.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (OWL.versionInfo, RDFS.label, RDFS.comment):
        assert ontology.value(header, predicate) is not None, predicate


def test_every_term_is_declared_with_label_and_comment(ontology):
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(KG_NS)}
    assert kg_terms(ontology) == declared, "kg: terms used in the ontology but never declared"
    for term in declared:
        assert ontology.value(term, RDF.type) is not None, term
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


@pytest.mark.parametrize("term, predicate, parent", [
    (KG.Actor, RDFS.subClassOf, SEM.Actor), (KG.Actor, RDFS.subClassOf, PROV.Agent),
    (KG.Person, RDFS.subClassOf, KG.Actor), (KG.Person, RDFS.subClassOf, SCHEMA.Person),
    (KG.Organization, RDFS.subClassOf, PROV.Organization), (KG.State, RDFS.subClassOf, SCHEMA.Country),
    (KG.MediaOutlet, RDFS.subClassOf, SCHEMA.NewsMediaOrganization), (KG.Delegation, RDFS.subClassOf, KG.Organization),
    (KG.Place, RDFS.subClassOf, SEM.Place), (KG.Event, RDFS.subClassOf, SEM.Event),
    (KG.Event, RDFS.subClassOf, PROV.Activity), (KG.PrisonerExchange, RDFS.subClassOf, KG.Exchange),
    (KG.ListHandover, RDFS.subClassOf, KG.Exchange), (KG.Negotiation, RDFS.subClassOf, KG.Event),
    (KG.Role, RDFS.subClassOf, SEM.Role), (KG.Claim, RDFS.subClassOf, PROV.Entity),
    (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle), (KG.Mention, RDFS.subClassOf, NIF.String),
    (KG.Sentence, RDFS.subClassOf, NIF.Sentence), (KG.Qualifier, RDFS.subClassOf, SKOS.Concept),
    (KG.name, RDFS.subPropertyOf, SKOS.prefLabel), (KG.alias, RDFS.subPropertyOf, SCHEMA.alternateName),
    (KG.beginIndex, RDFS.subPropertyOf, NIF.beginIndex), (KG.anchorOf, RDFS.subPropertyOf, NIF.anchorOf),
    (KG.reportedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom), (KG.attributedTo, RDFS.subPropertyOf, PROV.wasAttributedTo),
    (KG.date, RDFS.subPropertyOf, SEM.hasTimeStamp), (KG.side, RDFS.subPropertyOf, SEM.hasActor),
    (KG.transit, RDFS.subPropertyOf, SEM.hasPlace), (KG.agreedAt, RDFS.subPropertyOf, SEM.subEventOf),
    (KG.published, RDFS.subPropertyOf, SCHEMA.datePublished), (KG.url, RDFS.subPropertyOf, SCHEMA.url),
])
def test_alignment_to_standard_vocabularies(ontology, term, predicate, parent):
    assert (term, predicate, parent) in ontology


def test_code_lists_are_skos(ontology):
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    for code_class, members in [(KG.Qualifier, 4), (KG.Status, 2), (KG.ReportingMode, 4),
                                (KG.Category, len(CATEGORIES)), (KG.EventType, 4)]:
        values = set(ontology.subjects(RDF.type, code_class))
        assert len(values) == members, code_class
        for value in values:
            assert (value, RDF.type, SKOS.Concept) in ontology
            assert ontology.value(value, SKOS.prefLabel) is not None
            assert set(ontology.objects(value, SKOS.inScheme)) & schemes, value


def test_event_types_carry_cameo_and_plover_codes(ontology):
    codes = {(event_type, str(code), code.datatype) for event_type in ontology.subjects(RDF.type, KG.EventType)
             for code in ontology.objects(event_type, SKOS.notation)}
    assert (KG.ReleasePersons, "0841", KG.CAMEOCode) in codes
    assert (KG.ReleasePersons, "RETREAT", KG.PLOVERCode) in codes
    assert (KG.Negotiate, "046", KG.CAMEOCode) in codes
    assert (KG.Mediate, "045", KG.CAMEOCode) in codes
    assert (KG.SignAgreement, "AGREE", KG.PLOVERCode) in codes
    assert (KG.CAMEOCode, RDF.type, RDFS.Datatype) in ontology


def test_generated_vocab_is_up_to_date(ontology):
    assert genvocab.render(ontology) == genvocab.VOCAB_FILE.read_text(encoding="utf-8"), (
        "kgbuild/rdf/vocab.py is stale: run python -m kgbuild.rdf.genvocab")
    assert genvocab.main(["--check"]) == 0


def test_vocab_has_every_term_and_refuses_unknown_ones(ontology):
    for term in kg_terms(ontology):
        assert getattr(KG, term[len(KG_NS):]) == term
    with pytest.raises(AttributeError):
        KG.NoSuchTerm  # noqa: B018


def test_shapes_use_only_ontology_terms(ontology):
    shapes = Graph().parse(shapes_file(), format="turtle")
    assert kg_terms(shapes) - kg_terms(ontology) == set()
