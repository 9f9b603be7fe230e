"""Talks without a named round place: "the Saudi city of Jeddah", "the capital Muscat",
"UN-sponsored talks", "talks co-chaired by X", "Separately, ...". Parse-level helpers on hand-built Docs."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from kgbuild.extract.hosts import _cue_beside_talks, is_hosted
from kgbuild.extract.negotiations import _separate
from kgbuild.extract.talk_places import place_named


def _doc(words, heads, deps, places=()):
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps,
              lemmas=[w.lower() for w in words], sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, i, i + 1, label="GPE") for i in places]
    return doc


def test_city_of_names_the_city():
    # "in the Saudi city of Jeddah"
    doc = _doc(["in", "the", "Saudi", "city", "of", "Jeddah"], [0, 3, 3, 0, 3, 4],
               ["ROOT", "det", "amod", "pobj", "prep", "pobj"], places=[5])
    assert place_named(doc[3]) == "Jeddah"


def test_capital_in_apposition_names_the_city():
    # "in the Omani capital Muscat"
    doc = _doc(["in", "the", "Omani", "capital", "Muscat"], [0, 3, 3, 0, 3],
               ["ROOT", "det", "amod", "pobj", "appos"], places=[4])
    assert place_named(doc[3]) == "Muscat"


def test_a_plain_noun_is_no_place():
    doc = _doc(["in", "the", "border", "area"], [0, 3, 3, 0], ["ROOT", "det", "compound", "pobj"])
    assert place_named(doc[3]) is None


def test_hyphenated_sponsor_beside_talks():
    # "UN-sponsored talks ended"
    doc = _doc(["UN", "-", "sponsored", "talks", "ended"], [3, 3, 3, 4, 4],
               ["amod", "punct", "amod", "nsubj", "ROOT"])
    assert _cue_beside_talks(doc[2])
    assert is_hosted(doc[3])


def test_cochaired_after_talks_even_when_misattached():
    # "talks co-chaired by Norway" with "chaired" hung on another verb
    doc = _doc(["talks", "co", "-", "chaired", "by", "Norway", "ended"], [6, 6, 6, 6, 3, 4, 6],
               ["nsubj", "advcl", "punct", "advcl", "agent", "pobj", "ROOT"], places=[5])
    assert _cue_beside_talks(doc[3])


def test_host_cue_away_from_talks_does_not_count():
    # "Qatar mediated the return; talks stalled": the cue is not written beside the talks
    doc = _doc(["Qatar", "mediated", "the", "return", "and", "talks", "stalled"], [1, 1, 3, 1, 1, 6, 1],
               ["nsubj", "ROOT", "det", "dobj", "cc", "nsubj", "conj"], places=[0])
    assert not _cue_beside_talks(doc[1])
    assert not is_hosted(doc[5])


def test_separately_marks_another_meeting():
    separately = _doc(["Separately", ",", "the", "ministers", "held", "talks"], [4, 4, 3, 4, 4, 4],
                      ["advmod", "punct", "det", "nsubj", "ROOT", "dobj"])
    separate_talks = _doc(["They", "held", "separate", "talks"], [1, 1, 3, 1], ["nsubj", "ROOT", "amod", "dobj"])
    same = _doc(["The", "ministers", "held", "talks"], [1, 2, 2, 2], ["det", "nsubj", "ROOT", "dobj"])
    assert _separate(separately[:]) and _separate(separate_talks[:])
    assert not _separate(same[:])


def test_country_named_as_venue_is_its_city_and_no_side(nlp):
    doc = nlp("Talks between the Yemeni government and the Houthis ended in Bern on Friday after ten days of "
              "negotiations in Switzerland. Switzerland said the talks were useful, and Swiss officials hoped "
              "for more. The deal freed 706 Houthis.")
    facts = doc._.kg_facts
    assert [(n.location, sorted(n.parties)) for n in facts.negotiations] == [("Bern", ["houthis", "yemen"])]
    assert [(r.side, r.count) for e in facts.exchanges for r in e.releases] == [("yemen", 706)]


def test_a_round_set_for_a_place_and_day_is_planned_beside_the_round_held(nlp):
    from kgbuild.corpus import Document
    from kgbuild.nlp.pipeline import make_document_doc
    import datetime as dt

    text = ("The second round of talks between the Sudanese army and the RSF closed in Jeddah on Friday. "
            "The mediators said the third round of talks will be held in Manama between July 8 and July 12.")
    doc = nlp(make_document_doc(nlp, Document(id="t", text=text, published=dt.date(2024, 6, 2))))
    rounds = {(n.location, n.status, n.date) for n in doc._.kg_facts.negotiations}
    assert rounds == {("Jeddah", "completed", dt.date(2024, 5, 31)), ("Manama", "planned", dt.date(2024, 7, 8))}


def test_a_round_to_come_without_a_day_is_no_round(nlp):
    doc = nlp("The two sides will hold talks in Manama, the mediators said.")
    assert doc._.kg_facts.negotiations == []
