"""Actor extraction rules, on hand-made Docs (no trained model needed)."""

import pytest
import spacy

import kgbuild.nlp.pipeline  # noqa: F401  (registers the kgbuild_line_breaks component)
from kgbuild.extract.actors import extract_actors
from kgbuild.extract.furniture import is_headline_like
from kgbuild.extract.mentions import before_media_noun
from kgbuild.nlp.gazetteer import Gazetteer, normalize_name
from kgbuild.text import slugify

GAZ = Gazetteer.load()


def make_doc(text, ents):
    """A Doc of ``text`` with entities given as (surface, label[, occurrence])."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kgbuild_line_breaks")
    doc = nlp(text)
    spans = []
    for ent in ents:
        surface, label = ent[0], ent[1]
        nth = ent[2] if len(ent) > 2 else 0
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def names(index):
    return {a.name: a.type for a in index.actors}


def test_gazetteer_names_aliases_capitals_and_demonyms():
    doc = make_doc("Moscow and the Kremlin said Turkish mediators helped. Kyiv agreed.",
                   [("Moscow", "GPE"), ("Kremlin", "ORG"), ("Turkish", "NORP"), ("Kyiv", "PERSON")])
    index = extract_actors(doc, GAZ)
    assert names(index) == {"Russia": "State", "Turkey": "State", "Ukraine": "State"}
    russia = index.get("russia")
    assert {"Moscow", "Kremlin"} <= set(russia.aliases)
    assert [m.span.text for m in russia.mentions] == ["Moscow", "Kremlin"]
    assert russia.wikidata == "Q159"


def test_surname_joins_full_name_and_offsets_are_kept():
    text = "Negotiator Ivan Petrenko arrived. Later Petrenko spoke."
    doc = make_doc(text, [("Ivan Petrenko", "PERSON"), ("Petrenko", "PERSON", 1)])
    index = extract_actors(doc, GAZ)
    [person] = index.actors
    assert person.name == "Ivan Petrenko" and person.aliases == ["Petrenko"]
    assert [(m.span.start, text[m.span.start:m.span.end]) for m in person.mentions] == [(11, "Ivan Petrenko"), (40, "Petrenko")]
    assert person.mentions[1].sentence.text == "Later Petrenko spoke."


def test_shared_surname_is_not_merged():
    doc = make_doc("Anna Koval and Petro Koval met. Koval left.",
                   [("Anna Koval", "PERSON"), ("Petro Koval", "PERSON"), ("Koval", "PERSON", 2)])
    index = extract_actors(doc, GAZ)
    assert sorted(names(index)) == ["Anna Koval", "Petro Koval"]
    assert all(len(a.mentions) == 1 for a in index.actors)


def test_lone_capitalised_word_misread_as_person_is_dropped():
    doc = make_doc("Shelling hit Kherson overnight.", [("Kherson", "PERSON")])
    assert extract_actors(doc, GAZ).actors == []


def test_title_word_and_region_are_not_organizations():
    doc = make_doc("Ukraine's Defense Minister spoke. Troops entered the Sumy region.",
                   [("Ukraine", "GPE"), ("Defense", "ORG"), ("Sumy", "ORG")])
    assert names(extract_actors(doc, GAZ)) == {"Ukraine": "State"}


def test_headline_junk_is_filtered_but_body_names_kept():
    text = "Ministry Telegram Reveals Major Prisoner Swap Details\n\nThe Red Cross helped Sana Group staff."
    doc = make_doc(text, [("Prisoner Swap", "PERSON"), ("Red Cross", "ORG"), ("Sana Group", "ORG")])
    assert is_headline_like(doc[0:8])
    assert names(extract_actors(doc, GAZ)) == {"International Committee of the Red Cross": "Organization",
                                               "Sana Group": "Organization"}


def test_unqualified_ministry_joins_qualified_one():
    doc = make_doc("The Ukrainian Defence Ministry said so. The Ministry of Defence added details.",
                   [("Ukrainian Defence Ministry", "ORG"), ("Ministry of Defence", "ORG")])
    index = extract_actors(doc, GAZ)
    [ministry] = index.actors
    assert ministry.name == "Ukrainian Ministry of Defense" and "Ministry of Defence" in ministry.aliases


def test_unqualified_ministry_takes_the_state_named_before_it():
    doc = make_doc("Azerbaijan's army advanced. The Interior Ministry said it arrested two men.",
                   [("Azerbaijan", "GPE"), ("Interior Ministry", "ORG")])
    index = extract_actors(doc, GAZ)
    assert "Azerbaijani Interior Ministry" in names(index)


def test_ignored_names_and_unknown_places():
    doc = make_doc("It was posted on Telegram from Donetsk.", [("Telegram", "ORG"), ("Donetsk", "GPE")])
    assert extract_actors(doc, GAZ).actors == []


def test_resolve_phrases_and_ensure():
    doc = make_doc("Israel and Hamas agreed.", [("Israel", "GPE"), ("Hamas", "ORG")])
    index = extract_actors(doc, GAZ)
    assert index.resolve("the Israeli side") == "israel"
    assert index.resolve("Hamas") == "hamas"
    assert index.resolve("the Egyptian delegation") == "egypt" and "egypt" in index
    assert index.resolve("the weather") is None
    key = index.ensure("a source within the security services", "Organization")
    assert key == "organization/source-within-the-security-services"
    assert index.key_at(0, 6) == "israel"


def test_a_longer_mention_starting_at_a_word_covers_it():
    # "the Government of" + "Venezuela" is one mention of Venezuela: its first word is that mention
    text = "The Government of Venezuela agreed."
    doc = make_doc(text, [("Government of", "ORG"), ("Venezuela", "GPE")])
    index = extract_actors(doc, GAZ)
    assert index.key_at(text.index("Government"), text.index("Government") + len("Government")) == "venezuela"


def test_user_gazetteer_extends_and_rejects_bad_lines(tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"name": "Sana Group", "type": "Organization", "aliases": ["SG"]}\n', encoding="utf-8")
    gaz = Gazetteer.load([extra])
    assert gaz.lookup("SG").name == "Sana Group"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "X", "type": "Planet"}\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.jsonl:1: unknown actor type"):
        Gazetteer.load([bad])


def test_a_user_gazetteer_names_the_state_a_person_acts_for(tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"name": "Brahim Ghali", "type": "Person", "of": "Western Sahara"}\n', encoding="utf-8")
    assert Gazetteer.load([extra]).lookup("Brahim Ghali").of == "western-sahara"
    assert Gazetteer.load().lookup("Putin").of == "russia"


def test_normalize_and_slug():
    assert normalize_name("the Kremlin’s") == "kremlin"
    assert normalize_name("U.S.") == "us"
    assert slugify("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"


def test_nationality_alone_does_not_make_a_state_actor():
    doc = make_doc("Three Sudanese detainees were freed. The Turkish Foreign Minister welcomed it.",
                   [("Sudanese", "NORP"), ("Turkish", "NORP")])
    index = extract_actors(doc, GAZ)
    assert index.resolve("Sudanese") == "sudan"  # still resolvable for facts
    assert [a.name for a in index.salient()] == ["Turkey"]
    assert {a.name for a in index.salient({"sudan"})} == {"Sudan", "Turkey"}


def test_person_read_as_organization_after_a_description():
    doc = make_doc("The deal was negotiated by lawyer John Coale in Gedaref.", [("John Coale", "ORG"), ("Gedaref", "ORG")])
    doc[5].pos_ = "NOUN"  # "lawyer", as the tagger marks it
    assert names(extract_actors(doc, GAZ)) == {"John Coale": "Person"}


def test_organization_named_as_an_outlet_is_media():
    doc = make_doc("The group's Kanal Sever television said 40 were freed.", [("Kanal Sever", "ORG")])
    assert names(extract_actors(doc, GAZ)) == {"Kanal Sever": "Media"}


def test_acronym_defined_in_the_article_is_the_same_organization():
    text = "The National Liberation Army (ELN) freed two soldiers. The ELN said more would follow. ELN rebels left."
    doc = make_doc(text, [("National Liberation Army", "ORG"), ("ELN", "ORG", 1)])  # NER missed the last ELN
    [actor] = extract_actors(doc, GAZ).actors
    assert actor.name == "National Liberation Army" and actor.aliases == ["ELN"]
    assert [m.span.start for m in actor.mentions] == [4, 30, 59, 87]


def test_credit_lines_and_bylines_name_no_actors():
    text = ("GENEVA (Reuters) - Colombia freed nine rebels, the ombudsman said.\n\n"
            "Freed rebels board a bus. Photo by Ana Ruiz/AFP via Getty Images.")
    doc = make_doc(text, [("Reuters", "ORG"), ("Colombia", "GPE"), ("Ana Ruiz", "PERSON"), ("AFP", "ORG")])
    index = extract_actors(doc, GAZ)
    assert set(names(index)) >= {"Colombia"}
    salient = {a.name for a in index.salient()}
    assert "Colombia" in salient
    assert not salient & {"Reuters", "Agence France-Presse", "AFP", "Ana Ruiz"}


def test_the_agency_credited_on_a_line_of_its_own_is_an_actor():
    doc = make_doc("Colombia freed nine rebels, the ombudsman said.\n\nAFP", [("Colombia", "GPE"), ("AFP", "ORG")])
    salient = {a.name: a.type for a in extract_actors(doc, GAZ).salient()}
    assert salient == {"Colombia": "State", "Agence France-Presse": "Media"}


def test_a_name_that_lists_what_a_body_deals_with_is_whole():
    doc = make_doc("Peace came, the State Commission for Prisoners of War, Hostages and Missing Persons said.",
                   [("Missing Persons", "ORG")])
    assert names(extract_actors(doc, GAZ)) == {
        "State Commission for Prisoners of War, Hostages and Missing Persons": "Organization"}


def test_a_list_of_bodies_stays_a_list():
    doc = make_doc("Soldiers of the Armed Forces, National Guard and Border Guard Service came home.",
                   [("Border Guard Service", "ORG")])
    assert "Border Guard Service" in names(extract_actors(doc, GAZ))


@pytest.mark.parametrize("text, office, person", [
    ("The head of the Office of the Prime Minister Ana Lima said 10 were freed.", "Office of the Prime Minister", "Ana Lima"),
    ("The Ombudsman for Children in Chad Ali Musa said 10 were freed.", "Ombudsman for Children", "Ali Musa"),
])
def test_an_office_written_before_its_holder_is_a_title(text, office, person):
    doc = make_doc(text, [(office, "ORG"), (person, "PERSON")])
    found = names(extract_actors(doc, GAZ))
    assert person in found and office not in found


def test_a_photo_caption_names_no_actor():
    doc = make_doc("Baku freed 15 soldiers. Lusine Avetisyan holds a picture of her brother. Photo: AFP",
                   [("Lusine Avetisyan", "PERSON")])
    assert "Lusine Avetisyan" not in names(extract_actors(doc, GAZ))


def test_a_photo_link_after_a_headline_is_no_actor():
    doc = make_doc("Rebels free 12 hostages, Red Cross says View Photo\n\nThe rebels freed 12 hostages on Monday.",
                   [("View Photo", "PERSON")])
    assert "View Photo" not in names(extract_actors(doc, GAZ))


def test_lone_surname_read_as_organization_joins_the_person():
    doc = make_doc("Envoy Keith Kellogg arrived. Kellogg met officials.",
                   [("Keith Kellogg", "PERSON"), ("Kellogg", "ORG", 1)])
    assert names(extract_actors(doc, GAZ)) == {"Keith Kellogg": "Person"}


def test_names_inside_an_office_are_not_actors():
    doc = make_doc("Secretary of State Marco Rubio and the National Security Adviser spoke.",
                   [("State", "ORG"), ("Marco Rubio", "PERSON"), ("National Security", "ORG")])
    assert names(extract_actors(doc, GAZ)) == {"Marco Rubio": "Person"}


def test_a_dateline_place_is_not_an_actor():
    text = "NAIROBI, Kenya (AP) — Rwanda freed 12 soldiers on Friday."
    doc = make_doc(text, [("NAIROBI", "GPE"), ("Kenya", "GPE"), ("AP", "ORG"), ("Rwanda", "GPE")])
    salient = {a.name for a in extract_actors(doc, GAZ).salient()}
    assert "Rwanda" in salient and "Kenya" not in salient and "Associated Press" not in salient


@pytest.mark.parametrize("text", [
    "KASSALA  - The army freed 12 soldiers on Friday.",
    "MISRATA, Libya — The army freed 12 soldiers on Friday.",
    "MISRATA: The army freed 12 soldiers on Friday.",
])
def test_a_dateline_in_capitals_is_not_an_actor(text):
    place = text.split()[0].strip(",:")
    doc = make_doc(text, [(place, "ORG")])
    assert place not in {normalize_name(name).upper() for name in names(extract_actors(doc, GAZ))}


def test_a_byline_run_into_the_lead_names_no_actor():
    doc = make_doc("Jane Doe, Gulf Daily, May 3, 2024 Yesterday the army freed 12 soldiers.",
                   [("Jane Doe", "PERSON"), ("Gulf Daily", "ORG"), ("May 3, 2024 Yesterday", "DATE")])
    assert names(extract_actors(doc, GAZ)) == {}


def test_capitals_that_open_a_sentence_without_a_dash_stay_actors():
    doc = make_doc("NATO said the army freed 12 soldiers.", [("NATO", "ORG")])
    assert "NATO" in names(extract_actors(doc, GAZ))


def _salient_names(nlp, text):
    doc = nlp(text)
    return {a.name for a in doc._.kg_actors.salient()}


def test_units_people_served_in_are_not_actors_of_the_story(nlp):
    names = _salient_names(nlp, "Georgia said the freed men included servicemen of the National Guard and the Navy, "
                                "and members of the Third Assault Brigade.")
    assert "Georgia" in names
    assert not {"National Guard", "Navy", "Third Assault Brigade"} & names


def test_units_the_released_belonged_to_are_not_actors_of_the_story(nlp):
    names = _salient_names(nlp, "Georgia brought home 40 soldiers. The soldiers belonged to the Coast Guard "
                                "and the State Transport Service.")
    assert "Georgia" in names
    assert not {"Coast Guard", "State Transport Service"} & names


def test_a_whole_army_people_served_in_stays_an_actor(nlp):
    names = _salient_names(nlp, "The militia handed over 40 members of the Malian Armed Forces on Monday.")
    assert "Malian Armed Forces" in names


def test_facilities_are_places_not_actors(nlp):
    names = _salient_names(nlp, "The freed hostages were flown to Tbilisi International Airport and taken to "
                                "the Rustavi Medical Center, officials of Georgia said.")
    assert "Georgia" in names
    assert not any("Airport" in n or "Medical Center" in n for n in names)


def test_name_cut_before_its_place_is_made_whole():
    doc = make_doc("The Episcopal Conference of Peru welcomed the release.",
                   [("Episcopal Conference of", "ORG"), ("Peru", "GPE")])
    assert "Episcopal Conference of Peru" in names(extract_actors(doc, GAZ))


def test_group_noun_after_a_known_group_s_adjective_is_that_group(nlp):
    doc = nlp("A Saudi delegation arrived to hold talks with the Iran-backed Houthi militia, the Houthi-run "
              "al-Masirah TV reported.")
    keys = {a.key for a in doc._.kg_actors.actors}
    assert "houthis" in keys
    assert not any("militia" in key for key in keys)


def test_a_name_cut_after_its_middle_initial_is_one_person():
    """NER reads "Vladimir V. Putin" as "Vladimir V." and "Putin": one person, the known one."""
    doc = make_doc("President Vladimir V. Putin met Ali A. Khamenei on Monday.",
                   [("Vladimir V.", "PERSON"), ("Putin", "PERSON"), ("Ali A.", "PERSON"), ("Khamenei", "PERSON")])
    index = extract_actors(doc, GAZ)
    assert names(index) == {"Vladimir Putin": "Person", "Ali A. Khamenei": "Person"}
    assert [m.span.text for m in index.get("vladimir-putin").mentions] == ["Vladimir V. Putin"]


def test_a_given_name_used_alone_is_the_person_named_in_full():
    """"Abiy Ahmed" ... "Abiy's government": Ethiopian names are short to the given name."""
    doc = make_doc("Prime minister Abiy Ahmed spoke. The envoy of Abiy's government agreed.",
                   [("Abiy Ahmed", "PERSON"), ("Abiy", "ORG", 1)])
    index = extract_actors(doc, GAZ)
    assert names(index) == {"Abiy Ahmed": "Person"}
    assert [m.span.text for m in index.get("person/abiy-ahmed").mentions] == ["Abiy Ahmed", "Abiy"]


@pytest.mark.parametrize("words, outlet", [
    (["the", "Sever", "Info", "news", "website", "cited"], True),
    (["the", "Sever", "Info", "newspaper", "said"], True),
    (["the", "Sever", "Info", "news", "conference"], False),
    (["the", "Sever", "Info", "group", "said"], False),
])
def test_a_name_before_a_media_noun_or_phrase_is_an_outlet(words, outlet):
    doc = spacy.blank("en").make_doc(" ".join(words))
    assert before_media_noun(doc[1:3]) is outlet



def test_a_body_written_after_its_state_is_an_organization_of_that_state(nlp):
    doc = nlp("Armenia's state commission for missing persons said the list was complete, "
              "and Georgia's border service confirmed the handover.")
    actors = {a.name: a for a in doc._.kg_actors.actors}
    commission = actors["Armenia State Commission for Missing Persons"]
    assert commission.type == "Organization"
    assert "Armenia's state commission for missing persons" in commission.aliases
    assert actors["Georgia Border Service"].type == "Organization"


def test_a_body_the_gazetteer_knows_is_found_by_its_whole_name(nlp):
    doc = nlp("Israel's prison service said 90 prisoners had been freed.")
    assert doc._.kg_facts.exchanges[0].attribution.sources == ["israel-prison-service"]


def test_a_ministry_after_its_state_keeps_that_form_as_an_alias(nlp):
    doc = nlp("Qatar's Ministry of Foreign Affairs said the truce would hold.")
    ministry = next(a for a in doc._.kg_actors.actors if "Ministry" in a.name)
    assert "Qatar's Ministry of Foreign Affairs" in ministry.aliases


def test_a_name_used_for_a_site_anywhere_is_that_site_everywhere():
    text = "Kyiv freed the Sevmash defenders. The Sevmash plant fell in May."
    doc = make_doc(text, [("Kyiv", "GPE"), ("Sevmash", "ORG"), ("Sevmash", "ORG", 1)])
    assert "Sevmash" not in names(extract_actors(doc, GAZ))
    alone = make_doc("Kyiv freed the Sevmash defenders.", [("Kyiv", "GPE"), ("Sevmash", "ORG")])
    assert "Sevmash" in names(extract_actors(alone, GAZ))
