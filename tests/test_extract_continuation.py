"""Article-level rules: details in later sentences join the exchange they continue, gapped
delegation heads, "the government" as the article's state. Parse-level helpers are tested on
hand-built Docs; whole-article behaviour on the trained pipeline (marked ``model``)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from kgbuild.corpus import Document
from kgbuild.extract.exchange_details import military_with_civilians
from kgbuild.extract.roles import _gapped_group


def _doc(words, heads, deps):
    lemmas = [{"led": "lead", "thanked": "thank", "was": "be"}.get(w, w.lower()) for w in words]
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)


def test_gapped_clause_names_the_second_delegation():
    # "The Russian side was led by Medinsky and the Ukrainian side by Umerov"
    words = ["The", "Russian", "side", "was", "led", "by", "Medinsky", "and", "the", "Ukrainian", "side", "by", "Umerov"]
    heads = [2, 2, 4, 4, 4, 4, 5, 6, 10, 10, 6, 10, 11]
    deps = ["det", "amod", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "det", "amod", "conj", "prep", "pobj"]
    doc = _doc(words, heads, deps)
    assert _gapped_group(doc[12]).i == 10
    assert _gapped_group(doc[6]) is None  # the first head is found by the ordinary passive rule


def test_gapped_clause_needs_a_lead_verb():
    # "The Russian side was thanked by Medinsky and the Ukrainian side by Umerov"
    words = ["The", "Russian", "side", "was", "thanked", "by", "Medinsky", "and", "the", "Ukrainian", "side", "by", "Umerov"]
    heads = [2, 2, 4, 4, 4, 4, 5, 6, 10, 10, 6, 10, 11]
    deps = ["det", "amod", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "det", "amod", "conj", "prep", "pobj"]
    assert _gapped_group(_doc(words, heads, deps)[12]) is None


def test_breakdown_naming_soldiers_and_civilians_names_both_groups():
    nlp = spacy.blank("en")
    both = nlp("Among them were 33 soldiers and 51 civilians")
    assert military_with_civilians({t.lower_ for t in both}) == {"military", "civilians"}
    assert military_with_civilians({t.lower_ for t in nlp("All 84 soldiers came home")}) == set()


def _facts(nlp, text):
    from kgbuild.nlp.pipeline import make_document_doc

    document = Document(id="t", text=text, published=dt.date(2025, 3, 3))
    return nlp(make_document_doc(nlp, document))._.kg_facts


@pytest.mark.model
def test_later_sentences_add_source_mediator_and_categories(nlp):
    facts = _facts(nlp, "Russia and Ukraine exchanged 120 prisoners each on Saturday. "
                        "The released men were handed over to the International Committee of the Red Cross, "
                        "Ukraine's human rights commissioner Dmytro Lubinets said. "
                        "Among the freed were wounded soldiers as well as civilians.")
    [exchange] = facts.exchanges
    names = {facts.actor(k).name for k in exchange.intermediaries + exchange.attribution.sources}
    assert {"International Committee of the Red Cross", "Dmytro Lubinets"} <= names
    assert {"wounded", "military", "civilians"} <= set(exchange.categories)


@pytest.mark.model
def test_background_figures_and_negations_do_not_attach(nlp):
    facts = _facts(nlp, "Azerbaijan released 12 Armenian soldiers on Tuesday. "
                        "Armenia says more than 20 Armenians are still held in Azerbaijan, according to Prime Minister Nikol Pashinyan. "
                        "No Azerbaijani prisoners were released, officials in Baku said.")
    [exchange] = facts.exchanges
    assert exchange.attribution.sources == []
    assert [(r.side, r.count) for r in exchange.releases] == [("azerbaijan", 12)]


def test_gapped_clause_with_a_titled_name():
    # "The Russian side was led by Medinsky and the Ukrainian side by his counterpart Umerov"
    words = ["The", "Russian", "side", "was", "led", "by", "Medinsky", "and", "the", "Ukrainian", "side", "by",
             "his", "counterpart", "Umerov"]
    heads = [2, 2, 4, 4, 4, 4, 5, 6, 10, 10, 6, 10, 13, 11, 13]
    deps = ["det", "amod", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "det", "amod", "conj", "prep",
            "poss", "pobj", "appos"]
    assert _gapped_group(_doc(words, heads, deps)[14]).i == 10


@pytest.mark.model
def test_a_minister_who_opens_the_talks_hosts_them_for_his_state(nlp):
    facts = _facts(nlp, "Delegations of Armenia and Azerbaijan met in Almaty on Friday for talks on the border. "
                        "Kazakh Foreign Minister Murat Nurtleu opened the session and wished both sides success.")
    [talks] = facts.negotiations
    assert talks.hosts == ["kazakhstan"]
    hosting = [r for r in facts.roles if r.role == "host"]
    assert [(facts.actor(r.person).name, r.of, r.negotiation) for r in hosting] == [
        ("Murat Nurtleu", "kazakhstan", talks.id)]
