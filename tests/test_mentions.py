"""Span repairs and filters of entity mentions, on hand-made Docs (no trained model needed)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kgbuild.extract.furniture import dateline_end
from kgbuild.extract.mentions import plausible, trimmed, whole_person_name
from kgbuild.extract.name_spans import with_listed_name_tail

NLP = spacy.blank("en")


def _doc(words, ents=(), lemmas=None, spaces=None):
    doc = Doc(NLP.vocab, words=words, lemmas=lemmas, spaces=spaces)
    doc.ents = [doc.char_span(*_offsets(doc, surface), label=label) for surface, label in ents]
    return doc


def _offsets(doc: Doc, surface: str) -> tuple[int, int]:
    start = doc.text.index(surface)
    return start, start + len(surface)


def _ent(doc: Doc, surface: str):
    return next(ent for ent in doc.ents if ent.text == surface)


def test_a_bracket_before_an_acronym_is_trimmed_from_the_name():
    doc = _doc(["The", "Popular", "Front", "(", "PF", ")", "freed", "them"], ents=[("The Popular Front (", "ORG")])
    assert trimmed(_ent(doc, "The Popular Front (")).text == "Popular Front"


def test_a_reporting_verb_ner_took_in_is_trimmed_from_the_name():
    words = ["their", "church", "organization", "announced", "on", "Sunday"]
    doc = Doc(NLP.vocab, words=words, pos=["PRON", "NOUN", "NOUN", "VERB", "ADP", "PROPN"])
    doc.ents = [doc.char_span(*_offsets(doc, "church organization announced"), label="ORG")]
    assert trimmed(_ent(doc, "church organization announced")).text == "church organization"
    named = Doc(NLP.vocab, words=["Doctors", "Without", "Borders", "said"], pos=["PROPN", "ADP", "PROPN", "VERB"])
    named.ents = [named.char_span(0, len("Doctors Without Borders"), label="ORG")]
    assert trimmed(_ent(named, "Doctors Without Borders")).text == "Doctors Without Borders"


def test_a_place_before_plural_regions_is_not_an_actor():
    words = ["in", "the", "Amhara", "and", "Afar", "regions"]
    doc = _doc(words, ents=[("Afar", "ORG")], lemmas=["in", "the", "Amhara", "and", "Afar", "region"])
    assert not plausible(_ent(doc, "Afar"), "ORG")
    other = _doc(["Afar", "rebels", "said"], ents=[("Afar", "ORG")], lemmas=["Afar", "rebel", "say"])
    assert plausible(_ent(other, "Afar"), "ORG")


def test_a_body_name_cut_at_the_comma_of_its_list_is_made_whole():
    words = ["said", "the", "State", "Commission", "on", "Prisoners", "of", "War", ",", "Hostages", "and", "Missing",
             "Persons", "of", "Azerbaijan", "."]
    doc = _doc(words, ents=[("State Commission on Prisoners of War ,", "ORG")])
    whole = with_listed_name_tail(_ent(doc, "State Commission on Prisoners of War ,"))
    assert whole.text == "State Commission on Prisoners of War , Hostages and Missing Persons of Azerbaijan"
    alone = _doc(["the", "State", "Commission", "on", "Prisoners", ",", "said", "it"], ents=[("State Commission on Prisoners ,", "ORG")])
    assert with_listed_name_tail(_ent(alone, "State Commission on Prisoners ,")).text == "State Commission on Prisoners"


def test_a_description_taken_into_a_persons_name_is_dropped_but_a_particle_stays():
    doc = _doc(["serviceman", "Babirov", "told", "reporters"], ents=[("serviceman Babirov", "PERSON")])
    assert whole_person_name(_ent(doc, "serviceman Babirov")).text == "Babirov"
    named = _doc(["dela", "Vega", "said"], ents=[("dela Vega", "PERSON")])
    assert whole_person_name(_ent(named, "dela Vega")).text == "dela Vega"


def test_a_title_case_place_and_a_long_dash_open_a_paragraph_as_a_dateline():
    words = ["Talks", "ended", ".", "\n\n", "Addis", "Abeba", "—", "The", "bureau", "began", "."]
    spaces = [True, False, False, False, True, True, True, True, True, False, False]
    doc = _doc(words, spaces=spaces)
    doc[4].is_sent_start = True
    for token in doc[5:]:
        token.is_sent_start = False
    assert dateline_end(doc[4:]) == 7
    inline = _doc(["Addis", "Abeba", "—", "The", "bureau", "began", "."])
    assert dateline_end(inline[0:]) == 3
    group = _doc(["Hamas", "—", "The", "group", "said", "."], ents=[("Hamas", "ORG")])
    assert dateline_end(group[0:]) == 0
