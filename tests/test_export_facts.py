"""Reading eval-format facts back out of the RDF dataset (tests/eval_fixtures/graph.trig)."""

import json
from pathlib import Path

import pyoxigraph
import pytest

from kgbuild.errors import InputError
from kgbuild.evaluate import evaluate_facts
from kgbuild.export_facts import facts_from_file, facts_from_store, write_facts_dir

GRAPH = Path(__file__).parent / "eval_fixtures" / "graph.trig"
EVENT = "https://w3id.org/kgbuild/id/event/"


@pytest.fixture(scope="module")
def facts():
    return facts_from_file(GRAPH)


def by_id(items, suffix):
    return next(item for item in items if item["id"] == EVENT + suffix)


def test_one_entry_per_article_graph(facts):
    assert sorted(facts) == ["a1", "a2"]
    assert [len(facts["a1"][key]) for key in ("exchanges", "negotiations", "claims")] == [2, 1, 2]


def test_completed_exchange_fields(facts):
    swap = by_id(facts["a1"]["exchanges"], "swap146")
    assert swap == {
        "id": EVENT + "swap146",
        "kind": "prisoner_exchange",
        "date": "2025-06-10",
        "sides": ["Russia", "Ukraine"],
        "released_by": {"Ukraine": 146, "Russia": 146},
        "qualifier": "exact",
        "categories": ["seriously ill", "wounded"],
        "intermediary": ["United Arab Emirates"],
        "transit": ["Belarus"],
        "source_attribution": ["Russian Ministry of Defense", "TASS"],
        "evidence": "Moscow and Kyiv each freed 146 captives on Tuesday after Emirati mediation, the ministry said.",
    }


def test_planned_status_wins_over_release_qualifier(facts):
    handover = by_id(facts["a1"]["exchanges"], "list500")
    assert (handover["kind"], handover["qualifier"], handover["released_by"]) == ("list_handover", "planned", {"Russia": 500})
    assert handover["categories"] == ["young"]
    assert handover["source_attribution"] == ["Vladimir Medinsky"]


def test_shared_event_keeps_each_articles_own_numbers(facts):
    in_a2 = by_id(facts["a2"]["exchanges"], "swap146")
    assert in_a2["released_by"] == {"Ukraine": 140}
    assert in_a2["qualifier"] == "at_least"
    assert in_a2["intermediary"] == [] and in_a2["date"] is None
    assert in_a2["evidence"].startswith("Over 140")


def test_disagreeing_qualifiers_give_the_weakest_and_transit_may_be_a_place(facts):
    civilians = by_id(facts["a2"]["exchanges"], "civilians")
    assert civilians["kind"] == "civilian_return"
    assert civilians["released_by"] == {"Russia": 20, "Ukraine": 12}
    assert civilians["qualifier"] == "at_least"
    assert civilians["transit"] == ["Sumy"]
    assert civilians["categories"] == ["children", "civilians"]


def test_exchange_without_numbers_or_evidence_comes_last(facts):
    remains = facts["a2"]["exchanges"][-1]
    assert remains["id"] == EVENT + "remains"
    assert (remains["kind"], remains["released_by"], remains["qualifier"], remains["evidence"]) == (
        "remains_return", {}, "exact", None)


def test_negotiation_fields(facts):
    talks = facts["a1"]["negotiations"][0]
    assert talks["id"] == EVENT + "talks"
    assert (talks["name"], talks["date"], talks["location"]) == ("Istanbul talks", "2025-06-02", "Istanbul")
    assert talks["parties"] == ["Russia", "Ukraine"]
    # One delegation linked by kg:delegation, the other only by kg:atNegotiation; Umerov is named in a2 only.
    assert talks["heads"] == {"Russia": "Vladimir Medinsky", "Ukraine": "Rustem Umerov"}
    assert talks["host_or_mediator"] == ["Qatar", "Turkey"]
    assert talks["outcomes"] == ["further swaps agreed", "list of 500 names handed over"]
    assert talks["evidence"].startswith("At the Istanbul round")


def test_claim_attribution_falls_back_to_source_text(facts):
    first, second = facts["a1"]["claims"]
    assert (first["subject"], first["number"], first["qualifier"], first["attributed_to"]) == (
        "Russia", 6000, "approximately", "an official source")
    assert second["attributed_to"] is None
    deported = facts["a2"]["claims"][0]
    assert (deported["attributed_to"], deported["qualifier"], deported["statement"]) == (
        "Ukraine", "exact", "deported 19,000 children")


def test_actors_types_aliases_and_roles(facts):
    actors = {actor["name"]: actor for actor in facts["a1"]["actors"]}
    assert "Istanbul" not in actors  # a place, not an actor
    assert "Rustem Umerov" not in actors  # neither typed nor mentioned in a1
    assert actors["TASS"]["type"] == "Media"
    assert actors["Russian Ministry of Defense"]["type"] == "Organization"
    assert actors["United Arab Emirates"]["aliases"] == ["UAE"]
    assert actors["Vladimir Medinsky"]["roles"] == [
        {"role": "advisor", "of": "Vladimir Putin"},
        {"role": "head of delegation", "of": "Russia", "in": "Istanbul talks"},
    ]
    assert "roles" not in actors["Russia"]


def test_actor_mentioned_but_typed_in_another_graph(facts):
    actors = {actor["name"]: actor for actor in facts["a2"]["actors"]}
    assert actors["Ukraine"] == {"name": "Ukraine", "type": "State", "aliases": []}


def test_exported_event_ids_are_the_coreference_clusters(facts):
    gold = json.loads(json.dumps(facts))
    for article in gold.values():
        for exchange in article["exchanges"]:
            exchange["event_id"] = exchange.pop("id")
    report = evaluate_facts(gold, json.loads(json.dumps(facts)))
    assert report.micro.f1 == 1.0
    assert report.bcubed.mentions == 5 and report.bcubed.f1 == 1.0
    # Gold that keeps the two reports of the swap apart: the shared id over-merges them.
    for article_id, article in gold.items():
        for exchange in article["exchanges"]:
            exchange["event_id"] += "@" + article_id
    assert evaluate_facts(gold, json.loads(json.dumps(facts))).bcubed.precision == pytest.approx(0.8)


def test_n_quads_input_gives_the_same_facts(tmp_path, facts):
    store = pyoxigraph.Store()
    store.load(path=str(GRAPH), format=pyoxigraph.RdfFormat.TRIG)
    nquads = tmp_path / "graph.nq"
    store.dump(str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    assert facts_from_file(nquads) == facts
    assert facts_from_store(store) == facts


@pytest.mark.parametrize("name, content", [("broken.trig", "<a> <b> {"), ("graph.ttl", ""), ("missing.trig", None)])
def test_unreadable_input_is_an_input_error(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=name):
        facts_from_file(path)


def test_write_facts_dir_is_pretty_sorted_and_leaves_no_temp_files(tmp_path, facts):
    out = tmp_path / "facts" / "nested"
    written = write_facts_dir({**facts, "a3": {"actors": [{"name": "Türkiye"}]}}, out)
    assert sorted(path.name for path in out.iterdir()) == ["a1.json", "a2.json", "a3.json"]
    assert len(written) == 3
    text = (out / "a3.json").read_text(encoding="utf-8")
    assert "Türkiye" in text and text.endswith("\n")
    a1 = (out / "a1.json").read_text(encoding="utf-8")
    assert a1.startswith('{\n  "actors"')
    assert json.loads(a1) == facts["a1"]
    write_facts_dir({"a1": {"actors": []}}, out)  # replaces an existing file
    assert json.loads((out / "a1.json").read_text()) == {"actors": []}


def test_an_unnamed_source_described_by_more_than_the_word_is_listed_as_an_actor(facts):
    actors = {actor["name"]: actor["type"] for actor in facts["a1"]["actors"]}
    assert actors["an official source"] == "Organization"  # the claim's source text


def test_unnamed_sources_are_those_that_say_more_than_source():
    from kgbuild.export_facts import unnamed_sources

    assert unnamed_sources(["a Trump administration source", "sources", "officials", None, "local residents"]) == [
        "a Trump administration source"]


def test_a_claim_told_by_a_spokesperson_is_attributed_to_the_person_before_the_body():
    from kgbuild.corpus import Document
    from kgbuild.export_facts import eval_facts
    from kgbuild.facts import Actor, ArticleFacts, Attribution, Claim
    from kgbuild.rdf.iri import IriMinter

    actors = [Actor("organization/azerbaijani-foreign-ministry", "Azerbaijani Foreign Ministry", "Organization"),
              Actor("person/ruslan-zeynalov", "Ruslan Zeynalov", "Person")]
    claim = Claim(subject=None, statement="held: 23 Armenians", number=23,
                  attribution=Attribution(sources=[actors[0].key, actors[1].key]))
    facts = ArticleFacts(article_id="a", actors=actors, claims=[claim])
    [entry] = eval_facts(IriMinter(), Document(id="a", text="..."), facts)["claims"]
    assert entry["attributed_to"] == "Ruslan Zeynalov"
