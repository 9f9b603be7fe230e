"""Facts -> RDF: golden TriG by graph isomorphism, IRIs, and round trips through both parsers."""

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kgbuild.corpus import Document
from kgbuild.errors import KgbuildError
from kgbuild.facts import (Actor, ArticleFacts, Attribution, Claim, Exchange, Mention, Negotiation, Release, Role,
                           Span)
from kgbuild.rdf.io import read_store, write_store
from kgbuild.rdf.iri import IriMinter
from kgbuild.rdf.mapping import article_quads

from .rdf_compare import assert_isomorphic, named_graphs

GOLDEN = Path(__file__).parent / "data" / "golden_article.trig"
TEXT = ("Armenia and Azerbaijan swapped 5 detainees each on Monday, the Azerbaijani Foreign Ministry said. "
        "Talks in Abu Dhabi were chaired by Emirati officials.")


def sample() -> tuple[Document, ArticleFacts]:
    doc = Document(id="am-az-1", text=TEXT, title="Detainees swapped", url="https://example.org/news/am az",
                   published=dt.date(2025, 3, 5), publisher="Example Wire")
    cut = TEXT.index("Talks")
    s1 = Span(0, cut - 1, TEXT[:cut - 1])
    s2 = Span(cut, len(TEXT), TEXT[cut:])

    def mention(surface, sentence):
        start = TEXT.index(surface)
        return Mention(Span(start, start + len(surface), surface), sentence)

    actors = [
        Actor("armenia", "Armenia", "State", [], [mention("Armenia", s1)], "Q399"),
        Actor("azerbaijan", "Azerbaijan", "State", ["Azerbaijani"], [mention("Azerbaijan", s1)], "Q227"),
        Actor("organization/azerbaijani-foreign-ministry", "Azerbaijani Foreign Ministry", "Organization", [],
              [mention("Azerbaijani Foreign Ministry", s1)]),
        Actor("united-arab-emirates", "United Arab Emirates", "State", ["Emirati"], [mention("Emirati", s2)], "Q878"),
        Actor("person/ana-petrosyan", "Ana Petrosyan", "Person"),
    ]
    facts = ArticleFacts(
        article_id="am-az-1", actors=actors,
        negotiations=[Negotiation(name="Abu Dhabi talks", id="n1", location="Abu Dhabi", parties=["armenia", "azerbaijan"],
                                  heads={"armenia": "person/ana-petrosyan"}, hosts=["united-arab-emirates"], round=2,
                                  outcomes=["detainee swap"], evidence=s2)],
        exchanges=[Exchange(kind="prisoner_exchange", sides=["armenia", "azerbaijan"],
                            releases=[Release("armenia", 5), Release("azerbaijan", 5, "at_least")],
                            categories=["civilians"], intermediaries=["united-arab-emirates"], transit=["Abu Dhabi"],
                            date=dt.date(2025, 3, 3), negotiation="n1", evidence=s1,
                            attribution=Attribution(["organization/azerbaijani-foreign-ministry"], "the Azerbaijani Foreign Ministry",
                                                    "reported"))],
        roles=[Role("person/ana-petrosyan", "head of delegation", "armenia", "n1", s2)],
        claims=[Claim("azerbaijan", "holds detainees", 20, "approximately", Attribution(mode="estimated"), s1)],
    )
    return doc, facts


def dataset_of(quads) -> Dataset:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=data.decode(), format="nquads")
    return dataset


def test_article_graph_matches_golden():
    doc, facts = sample()
    quads = article_quads(IriMinter(), doc, facts)
    assert {q.graph_name.value for q in quads} == {"https://w3id.org/kgbuild/id/graph/article/am-az-1"}
    expected = Dataset()
    expected.parse(GOLDEN, format="trig")
    [(name, expected_graph)] = named_graphs(expected).items()
    [(actual_name, actual_graph)] = named_graphs(dataset_of(quads)).items()
    assert actual_name == name
    assert_isomorphic(expected_graph, actual_graph)


def test_same_facts_give_same_iris_and_other_base_is_used():
    doc, facts = sample()
    first = sorted(str(q) for q in article_quads(IriMinter(), doc, facts))
    assert first == sorted(str(q) for q in article_quads(IriMinter(), *sample()))
    other = article_quads(IriMinter("http://data.example.com/kg"), doc, facts)
    assert all(q.subject.value.startswith("http://data.example.com/kg/") for q in other)


def test_iris_are_valid_whatever_the_input():
    minter = IriMinter()
    assert minter.article("a b<c>\"d").value == "https://w3id.org/kgbuild/id/article/a%20b%3Cc%3E%22d"
    assert minter.actor("person/José O'Brien").value.endswith("actor/person/jose-o-brien")
    cyrillic = {minter.actor(f"person/{name}").value for name in ("Владимир Мединский", "Рустем Умеров")}
    assert len(cyrillic) == 2  # names with no ASCII form do not collide
    with pytest.raises(KgbuildError, match="--base"):
        IriMinter("not an iri")


def test_written_files_parse_in_pyoxigraph_and_rdflib(tmp_path):
    doc, facts = sample()
    store = ox.Store()
    store.extend(article_quads(IriMinter(), doc, facts))
    for name in ("g.trig", "g.ttl", "g.nq"):
        write_store(store, tmp_path / name)
        reread = read_store(tmp_path / name)
        assert len(reread) == len(store)
        rdflib_graph = Dataset()
        rdflib_graph.parse(tmp_path / name, format={"trig": "trig", "ttl": "turtle", "nq": "nquads"}[name.split(".")[1]])
        assert len(rdflib_graph) + sum(len(g) for g in rdflib_graph.graphs() if g.identifier != rdflib_graph.default_graph.identifier) >= len(store)
    assert (tmp_path / "g.trig").read_bytes() == _rewritten(store, tmp_path)


def _rewritten(store, tmp_path):
    write_store(store, tmp_path / "again.trig")
    return (tmp_path / "again.trig").read_bytes()


def test_one_claim_node_for_the_same_figure_and_subject_across_articles():
    doc, facts = sample()
    other = Document(id="am-az-2", text=TEXT, published=dt.date(2025, 3, 6))
    anonymous = Claim(None, "were wounded", 20, "approximately", Attribution(), facts.claims[0].evidence)
    facts.claims.append(anonymous)

    def claim_nodes(document):
        return {q.subject.value for q in article_quads(IriMinter(), document, facts)
                if q.predicate.value.endswith("#value")}

    first, second = claim_nodes(doc), claim_nodes(other)
    assert len(first) == 2 and len(second) == 2
    assert len(first & second) == 1  # Azerbaijan's 20 is one claim; the subject-less 20 is each article's own


def test_badly_escaped_urls_become_valid_iris():
    from pyoxigraph import NamedNode

    from kgbuild.rdf.iri import safe_iri

    assert NamedNode(safe_iri("http://ex.org/%zz")).value == "http://ex.org/%25zz"
    assert NamedNode(safe_iri("http://ex.org/a#b#c")).value == "http://ex.org/a#b%23c"
    assert safe_iri("http://ex.org/a%20b") == "http://ex.org/a%20b"
