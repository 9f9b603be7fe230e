"""Mentions that make no actor, and the state a known body stands for, on hand-made Docs (no
trained model needed)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kgbuild.corpus import Document
from kgbuild.extract.actors import extract_actors
from kgbuild.extract.context import ArticleContext
from kgbuild.extract.furniture import credits_a_photo
from kgbuild.extract.incidental import designates_a_group, employs_a_reporter, named_to_describe_another
from kgbuild.nlp.gazetteer import Gazetteer

GAZ = Gazetteer.load()
NLP = spacy.blank("en")


def _span(doc: Doc, surface: str):
    start = doc.text.index(surface)
    return doc.char_span(start, start + len(surface))


def _parsed(words, heads, deps, ents=()):
    doc = Doc(NLP.vocab, words=words, heads=heads, deps=deps, pos=["PROPN"] * len(words))
    doc.ents = [doc.char_span(*_offsets(doc, surface), label=label) for surface, label in ents]
    return doc


def _offsets(doc: Doc, surface: str) -> tuple[int, int]:
    start = doc.text.index(surface)
    return start, start + len(surface)


def test_an_agency_as_a_photo_credit_is_furniture():
    for text in ("PHOTO: Reuters", "Maria Lopez / AP", "the freed men [Reuters]", "Handout via Xinhua", "KIEV | Xinhua | The talks"):
        doc = NLP(text)
        agency = "Reuters" if "Reuters" in text else "AP" if "AP" in text else "Xinhua"
        assert credits_a_photo(_span(doc, agency)), text
    assert not credits_a_photo(_span(NLP("the ministry told Reuters on Friday"), "Reuters"))


def test_an_outlet_of_a_reporter_is_incidental_unless_the_reporter_reports():
    saw = _parsed(["An", "AFP", "reporter", "saw", "them"], [2, 2, 3, 3, 3], ["det", "compound", "nsubj", "ROOT", "dobj"])
    saw[3].lemma_ = "see"
    assert employs_a_reporter(saw[1:2])
    reported = _parsed(["An", "Anadolu", "correspondent", "reported", "it"], [2, 2, 3, 3, 3], ["det", "compound", "nsubj", "ROOT", "dobj"])
    reported[3].lemma_ = "report"
    assert not employs_a_reporter(reported[1:2])


def test_a_person_named_to_describe_another_is_incidental():
    # "a close ally of Vladimir Putin": the person is named only to say who the ally is
    ally = _parsed(["a", "close", "ally", "of", "Vladimir", "Putin"], [2, 2, 2, 2, 5, 3],
                   ["det", "amod", "ROOT", "prep", "compound", "pobj"])
    ally[2].lemma_ = "ally"
    assert named_to_describe_another(ally[4:6])
    # "Vladimir Putin met the envoy": the person acts
    met = _parsed(["Vladimir", "Putin", "met", "the", "envoy"], [1, 2, 2, 4, 2], ["compound", "nsubj", "ROOT", "det", "dobj"])
    assert not named_to_describe_another(met[0:2])


def test_a_known_body_stands_for_its_state_and_a_known_group_for_itself():
    text = "The Israel Defense Forces and the Syrian Democratic Forces met the Sudanese Armed Forces."
    sentences = spacy.blank("en")
    sentences.add_pipe("sentencizer")
    doc = sentences(text)
    doc.ents = [doc.char_span(*_offsets(doc, name), label="ORG")
                for name in ("Israel Defense Forces", "Syrian Democratic Forces", "Sudanese Armed Forces")]
    document = Document(id="t", text=text)
    ctx = ArticleContext(doc, extract_actors(doc, GAZ, text), document)
    assert ctx.state_of("israel-defense-forces") == "israel"
    assert ctx.state_of("syrian-democratic-forces") == "syrian-democratic-forces"
    assert ctx.state_of("sudanese-armed-forces") == "sudanese-armed-forces"


def test_a_state_that_brands_a_group_is_incidental():
    # "considered a terrorist group by the United States and Britain"
    branded = _parsed(["considered", "a", "terrorist", "group", "by", "Washington", "and", "London"],
                      [0, 3, 3, 0, 3, 4, 5, 5], ["ROOT", "det", "amod", "oprd", "prep", "pobj", "cc", "conj"])
    branded[2].lemma_ = "terrorist"
    assert designates_a_group(branded[5:6]) and designates_a_group(branded[7:8])
    # "freed by the rebels": the agent acts
    freed = _parsed(["freed", "by", "Hamas"], [0, 0, 1], ["ROOT", "agent", "pobj"])
    assert not designates_a_group(freed[2:3])
