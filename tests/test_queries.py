"""The competency-question queries (queries/*.rq) on a hand-written dataset (tests/data/queries/dataset.trig).

Each query is run the way ``kgbuild query`` runs it (kgbuild.query.run_query) and its rows are
compared with the answers worked out by hand from the dataset. GROUP_CONCAT lists have no order in
SPARQL, so lists are compared as sets.
"""

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild.query import run_query
from kgbuild.query_params import bind_parameters, declared_parameters

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
DATASET = Path(__file__).parent / "data" / "queries" / "dataset.trig"
ID = "https://w3id.org/kgbuild/id/"
COMPETENCY_QUESTIONS = [
    "cq1-exchanges-between-sides", "cq2-delegations", "cq3-facts-of-article", "cq4-attributed-and-hedged",
    "cq5-multi-source-disagreements", "cq6-mediators", "cq7-planned-then-completed", "cq8-person-roles",
    "cq9-released-per-side", "cq10-actor-connections",
]
# parameters that make each query find something in the hand-written dataset (the defaults are for examples/)
ON_THE_DATASET = {"cq3-facts-of-article": {"article": "a1"}}


@pytest.fixture(scope="module")
def store():
    store = ox.Store()
    store.load(path=str(DATASET), format=ox.RdfFormat.TRIG)
    return store


def query(name: str) -> str:
    """The text of queries/<name>.rq."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def rows(store, name: str, params: dict | None = None) -> list[dict]:
    """The solutions of queries/<name>.rq (or of a query text) with ``params`` bound, as dicts of
    plain strings (None for unbound), in the query's order."""
    result = run_query(store, str(QUERIES / f"{name}.rq") if name in COMPETENCY_QUESTIONS else name, params=params)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def items(value: str | None, separator: str = ", ") -> set[str]:
    return set(value.split(separator)) if value else set()


def local(iri: str | None) -> str | None:
    return iri[len(ID):] if iri else iri


def test_every_competency_question_has_a_commented_query():
    assert sorted(p.stem for p in QUERIES.glob("*.rq")) == sorted(COMPETENCY_QUESTIONS)
    for path in QUERIES.glob("*.rq"):
        text = path.read_text(encoding="utf-8")
        header = text[:text.index("PREFIX")]
        assert text.startswith(f"# {path.stem.split('-')[0].upper()}"), path.name
        assert all(line.startswith("#") or not line.strip() for line in header.splitlines()), path.name
        assert "Parameters" in header and "Columns:" in header, path.name


@pytest.mark.parametrize("name", COMPETENCY_QUESTIONS)
def test_each_parameter_is_documented_with_its_default_and_has_one_values_line(name):
    text = query(name)
    declared = declared_parameters(text)
    marked = re.findall(r"VALUES \?\w+ \{([^{}]*)\}\s*# PARAMETER (\w+)", text)
    assert sorted(p.name for p in declared) == sorted(n for _, n in marked)
    written = {n: re.findall(r'"[^"]*"(?:\^\^\S+)?|\S+', data) for data, n in marked}
    for parameter in declared:
        values = [re.sub(r'^"(.*)"(\^\^xsd:date)?$|^kg:', r"\1", v) for v in written[parameter.name]]
        assert parameter.default == (", ".join(values) if values != ["UNDEF"] else "any"), parameter.name
    if declared:
        assert "Parameters: none" not in text


@pytest.mark.parametrize("name", COMPETENCY_QUESTIONS)
def test_query_declares_its_prefixes(store, name):
    """Runs as written, without the prefixes kgbuild adds, so it works in any triple store."""
    store.query(query(name))


@pytest.mark.parametrize("name", COMPETENCY_QUESTIONS)
def test_same_answers_when_the_default_graph_is_not_the_union(store, name):
    """The queries read the named graphs themselves, so the store's union setting does not matter."""
    text = bind_parameters(query(name), ON_THE_DATASET.get(name, {}))
    plain = store.query(text, use_default_graph_as_union=False)
    names = [v.value for v in plain.variables]
    without_union = [{n: (s[n].value if s[n] is not None else None) for n in names} for s in plain]
    assert without_union == rows(store, text)
    assert without_union


def test_cq1_exchanges_between_two_sides(store):
    found = rows(store, "cq1-exchanges-between-sides", {"side": "Russia", "other": "Kyiv"})  # a name, an alias
    assert {(r["sideA"], r["sideB"]) for r in found} == {("Russia", "Ukraine")}
    table = [(local(r["exchange"]), r["date"], r["kind"], r["status"], items(r["releasedBySideA"], " | "),
              items(r["releasedBySideB"], " | "), items(r["intermediaries"]), items(r["transit"]), items(r["articles"]))
             for r in found]
    uae = {"United Arab Emirates"}
    assert table == [
        ("event/c0", "", "CivilianReturn", "Completed", {"9"}, set(), set(), set(), {"a2"}),
        ("event/e1", "2025-05-23", "PrisonerExchange", "Completed", {"146"}, {"146", "at least 150"}, uae, {"Belarus"},
         {"a1", "a2"}),
        ("event/p1", "2025-06-02", "PrisonerExchange", "Planned", {"1000"}, {"1000"}, set(), set(), {"a1"}),
        ("event/p2", "2025-06-02", "CivilianReturn", "Planned", set(), set(), set(), set(), {"a1"}),
        ("event/e2", "2025-06-09", "PrisonerExchange", "Completed", {"320"}, {"320"}, uae, {"Belarus"}, {"a3"}),
        ("event/r1", "2025-06-11", "RemainsReturn", "Completed", {"about 1200"}, {"27"}, set(), set(), {"a3"}),
        ("event/c1", "2025-06-20", "CivilianReturn", "Completed", {"20"}, {"6"}, {"Qatar"}, set(), {"a3"}),
    ]


def test_cq1_parameters_choose_sides_status_and_period(store):
    swapped = rows(store, "cq1-exchanges-between-sides", {"side": "Ukraine", "other": "Russia"})
    e1 = next(r for r in swapped if r["exchange"] == ID + "event/e1")
    assert items(e1["releasedBySideA"], " | ") == {"146", "at least 150"} and e1["releasedBySideB"] == "146"
    completed = rows(store, "cq1-exchanges-between-sides", {"side": "Russia", "status": "Completed"})
    assert [local(r["exchange"]) for r in completed] == ["event/c0", "event/e1", "event/e2", "event/r1", "event/c1"]
    caucasus = rows(store, "cq1-exchanges-between-sides", {"side": "Azerbaijan", "other": "Armenia"})
    assert [(local(r["exchange"]), r["releasedBySideA"], r["releasedBySideB"]) for r in caucasus] == [("event/e3", "5", "5")]
    # the period: c0 has no date of its own, its article's (24 May) places it
    june = rows(store, "cq1-exchanges-between-sides", {"from": "2025-05-24", "to": "2025-06-10", "status": "Completed"})
    assert [local(r["exchange"]) for r in june] == ["event/c0", "event/e2"]


def test_cq1_with_both_sides_open_lists_every_exchange_once(store):
    found = rows(store, "cq1-exchanges-between-sides")
    assert len(found) == len({r["exchange"] for r in found}) == 8
    ukraine = rows(store, "cq1-exchanges-between-sides", {"side": "Ukraine"})
    assert {r["sideA"] for r in ukraine} == {"Ukraine"} and len(ukraine) == 7


def test_cq2_delegation_heads_per_round(store):
    found = rows(store, "cq2-delegations")
    table = [(local(r["talks"]), r["talksName"], r["round"], r["date"], r["place"], r["hosts"], r["sideName"], r["heads"],
              items(r["articles"])) for r in found]
    assert table == [
        ("event/n0", "Istanbul talks", "1", "2025-05-16", "Istanbul", "Turkey", "Russia", "Vladimir Medinsky", {"a2"}),
        ("event/n1", "Istanbul talks", "2", "2025-06-02", "Istanbul", "Turkey", "Russia", "Vladimir Medinsky", {"a1", "a3"}),
        ("event/n1", "Istanbul talks", "2", "2025-06-02", "Istanbul", "Turkey", "Ukraine", "Rustem Umerov", {"a1"}),
        ("event/n2", "Abu Dhabi talks", "", "2025-06-14", "Abu Dhabi", "United Arab Emirates", "", "", {"a3"}),
    ]
    assert found[-1]["side"] is None


def test_cq3_facts_of_one_article_with_their_sentences(store):
    found = rows(store, "cq3-facts-of-article", {"article": "a1"})
    exchange = "completed prisoner exchange between Russia and Ukraine (Russia released 146; Ukraine released 146)"
    plan = "planned prisoner exchange between Russia and Ukraine (Russia released 1000; Ukraine released 1000)"
    assert [(local(r["fact"]), r["type"], r["summary"], r["start"], r["end"]) for r in found] == [
        ("event/e1", "PrisonerExchange", exchange, "0", "101"),
        ("release/e1-a1-ru", "Release", "Russia released 146", "0", "101"),
        ("release/e1-a1-ua", "Release", "Ukraine released 146", "0", "101"),
        ("delegation/n1-ru", "Delegation", "Russia delegation headed by Vladimir Medinsky", "102", "190"),
        ("delegation/n1-ua", "Delegation", "Ukraine delegation headed by Rustem Umerov", "102", "190"),
        ("event/n1", "Negotiation", "Istanbul talks", "102", "190"),
        ("role/a1-medinsky", "Role", "Vladimir Medinsky, head of delegation of Russia", "102", "190"),
        ("event/p2", "CivilianReturn", "planned return of civilians between Russia and Ukraine", "191", "280"),
        ("event/p1", "PrisonerExchange", plan, "191", "280"),
        ("release/p1-a1-ru", "Release", "Russia released 1000", "191", "280"),
        ("release/p1-a1-ua", "Release", "Ukraine released 1000", "191", "280"),
        ("role/a1-fidan", "Role", "Hakan Fidan, Foreign Minister of Turkey", "281", "330"),
    ]
    assert found[0]["sentence"].startswith("Russia and Ukraine each freed 146 captives")


def test_cq3_shared_event_shows_each_articles_own_sentence_and_numbers(store):
    found = {local(r["fact"]): r for r in rows(store, "cq3-facts-of-article", {"article": "a2"})}
    assert set(found) == {"event/e1", "release/e1-a2-ru", "release/e1-a2-ua", "event/c0", "release/c0-a2-ru",
                          "claim/a2-holds", "event/n0", "delegation/n0-ru", "role/a2-medinsky"}
    assert found["event/e1"]["sentence"].startswith("At least 150 Ukrainians")
    assert found["event/e1"]["summary"].endswith("Ukraine released 150)")
    assert found["release/e1-a2-ua"]["summary"] == "Ukraine released at least 150"
    assert found["claim/a2-holds"]["summary"] == "Russia holds Ukrainian prisoners of war: about 6000"
    assert found["role/a2-medinsky"]["summary"] == "Vladimir Medinsky, presidential aide of Russia"


def attributed(store, source: str) -> list[tuple]:
    found = rows(store, "cq4-attributed-and-hedged", {"source": source})
    return [(local(r["fact"]), r["type"], r["sources"], r["sourceText"], r["mode"], r["hedged"], r["articleId"])
            for r in found]


def test_cq4_facts_attributed_to_a_source_and_which_are_hedged(store):
    assert attributed(store, "TASS") == [
        ("event/e2", "PrisonerExchange", "TASS", "TASS", "Reported", "true", "a3"),
        ("event/r1", "RemainsReturn", "TASS", "", "Asserted", "false", "a3"),
    ]


def test_cq4_source_text_only_and_per_article_attribution(store):
    # e1 is also reported by a1 (attributed to the ministry): only a2's report cites "a source in Kyiv"
    assert attributed(store, "source in kyiv") == [
        ("event/e1", "PrisonerExchange", "", "a source in Kyiv", "Reported", "true", "a2")]
    assert attributed(store, "defence ministry") == [
        ("event/e1", "PrisonerExchange", "Russian Defence Ministry", "the Russian Defence Ministry", "Reported", "true", "a1")]
    claim = rows(store, "cq4-attributed-and-hedged", {"source": "Coordination Headquarters"})
    assert [(local(r["fact"]), r["summary"], r["mode"], r["hedged"]) for r in claim] == [
        ("claim/a2-holds", "Russia holds Ukrainian prisoners of war: about 6000", "Estimated", "true")]
    assert attributed(store, "nobody at all") == []


def test_cq5_events_with_several_reports_and_their_disagreements(store):
    found = rows(store, "cq5-multi-source-disagreements")
    note = "Ukraine released: 146 (a1) vs 150 (a2)"
    assert [(local(r["event"]), r["reports"], items(r["articles"]), r["sideName"], r["count"], r["countArticles"], r["note"])
            for r in found] == [
        ("event/e1", "2", {"a1", "a2"}, "Ukraine", "146", "a1", note),
        ("event/e1", "2", {"a1", "a2"}, "Ukraine", "150", "a2", note),
        ("event/n1", "2", {"a1", "a3"}, None, None, None, None),
    ]


def test_cq5_count_disagreement_found_without_a_disagreement_node(store):
    without = ox.Store()
    without.extend(q for q in store if q.graph_name != ox.NamedNode(ID + "graph/resolution"))
    found = rows(without, "cq5-multi-source-disagreements")
    assert [(local(r["event"]), r["sideName"], r["count"], r["note"]) for r in found] == [
        ("event/e1", "Ukraine", "146", None), ("event/e1", "Ukraine", "150", None), ("event/n1", None, None, None)]


def test_cq6_mediators_between_two_sides(store):
    found = rows(store, "cq6-mediators", {"side": "Russia", "other": "Ukraine"})
    assert [(r["mediatorName"], r["exchanges"], r["completed"], r["firstDate"], r["lastDate"], items(r["articles"]))
            for r in found] == [
        ("United Arab Emirates", "2", "2", "2025-05-23", "2025-06-09", {"a1", "a2", "a3"}),
        ("Qatar", "1", "1", "2025-06-20", "2025-06-20", {"a3"}),
    ]
    caucasus = rows(store, "cq6-mediators", {"side": "Armenia", "other": "Azerbaijan"})
    assert [(r["mediatorName"], r["exchanges"]) for r in caucasus] == [("United Arab Emirates", "1")]
    anyone = rows(store, "cq6-mediators")
    assert [(r["mediatorName"], r["exchanges"]) for r in anyone] == [("United Arab Emirates", "3"), ("Qatar", "1")]


def test_cq7_planned_exchanges_with_a_later_completed_one(store):
    found = rows(store, "cq7-planned-then-completed")
    assert [(local(r["planned"]), r["plannedDate"], r["agreedAt"], local(r["completed"]), r["completedDate"], r["match"])
            for r in found] == [
        ("event/p1", "2025-06-02", "Istanbul talks (2025-06-02)", "event/e2", "2025-06-09", "fulfils"),
        # c0 (dated by its article, 24 May) came before the plan; c1 is the first one after it
        ("event/p2", "2025-06-02", "Istanbul talks (2025-06-02)", "event/c1", "2025-06-20", "compatible"),
    ]


def test_cq7_without_the_link_the_first_compatible_exchange_is_found(store):
    without = ox.Store()
    without.extend(q for q in store if q.graph_name != ox.NamedNode(ID + "graph/resolution"))
    found = rows(without, "cq7-planned-then-completed")
    assert [(local(r["planned"]), local(r["completed"]), r["match"]) for r in found] == [
        ("event/p1", "event/e2", "compatible"), ("event/p2", "event/c1", "compatible")]


def person(store, name: str) -> list[tuple]:
    found = rows(store, "cq8-person-roles", {"person": name})
    return [(r["relation"], r["roleName"], r["roleOf"], local(r["event"]), r["eventLabel"], r["eventDate"],
             items(r["articles"])) for r in found]


def test_cq8_roles_and_events_of_a_person(store):
    medinsky = [
        ("delegation head", "head of delegation", "Russia", "event/n0", "Istanbul talks", "2025-05-16", {"a2"}),
        ("delegation head", "head of delegation", "Russia", "event/n1", "Istanbul talks", "2025-06-02", {"a1", "a3"}),
        ("role", "head of delegation", "Russia", "event/n1", "Istanbul talks", "2025-06-02", {"a1"}),
        ("role", "presidential aide", "Russia", None, "", "", {"a2"}),
    ]
    assert person(store, "Vladimir Medinsky") == medinsky
    assert person(store, "Medinsky") == medinsky  # an alias
    assert person(store, "Hakan Fidan") == [
        ("role", "Foreign Minister", "Turkey", None, "", "", {"a1"}),
        ("source", None, None, "event/n1", "Istanbul talks", "2025-06-02", {"a3"}),
    ]


def released(store, start: str, end: str) -> list[tuple]:
    found = rows(store, "cq9-released-per-side", {"from": start, "to": end})
    return [(r["sideName"], int(r["released"]), int(r["exchanges"]), int(r["approximate"])) for r in found]


def test_cq9_released_per_side_counts_each_event_once(store):
    # e1 counts once with the larger report (Ukraine 150, not 146 + 150); remains (r1) and plans are left out
    assert released(store, "2025-01-01", "2025-12-31") == [
        ("Russia", 146 + 9 + 320 + 20, 4, 0), ("Ukraine", 150 + 320 + 6, 3, 1), ("Armenia", 5, 1, 0), ("Azerbaijan", 5, 1, 0)]
    assert released(store, "2025-06-01", "2025-06-30") == [
        ("Russia", 340, 2, 0), ("Ukraine", 326, 2, 0), ("Armenia", 5, 1, 0), ("Azerbaijan", 5, 1, 0)]
    # c0 has no date of its own: the publication date of its article (24 May) places it
    assert released(store, "2025-05-24", "2025-05-31") == [("Russia", 9, 1, 0)]
    assert released(store, "2024-01-01", "2024-12-31") == []


def test_cq10_actor_pairs_with_shared_events(store):
    found = rows(store, "cq10-actor-connections")
    pairs = {frozenset((r["nameA"], r["nameB"])): int(r["events"]) for r in found}
    assert len(found) == len(pairs)
    assert all(r["actorA"] < r["actorB"] for r in found)
    assert [int(r["events"]) for r in found] == sorted(pairs.values(), reverse=True)
    ru, ua, uae, tr = "Russia", "Ukraine", "United Arab Emirates", "Turkey"
    am, az, med, umerov = "Armenia", "Azerbaijan", "Vladimir Medinsky", "Rustem Umerov"
    assert pairs == {
        frozenset(p): n for p, n in [
            ((ru, ua), 9), ((ru, uae), 2), ((ua, uae), 2), ((ru, "Qatar"), 1), ((ua, "Qatar"), 1),
            ((am, az), 2), ((am, uae), 2), ((az, uae), 2), ((ru, tr), 2), ((ua, tr), 2),
            ((med, ru), 2), ((med, ua), 2), ((med, tr), 2),
            ((umerov, ru), 1), ((umerov, ua), 1), ((umerov, tr), 1), ((med, umerov), 1)]
    }
    russia_ukraine = next(r for r in found if {r["nameA"], r["nameB"]} == {ru, ua})
    assert items(russia_ukraine["eventList"], " ") == {ID + f"event/{e}" for e in
                                                      ("e1", "e2", "p1", "p2", "c0", "c1", "r1", "n0", "n1")}
    assert items(russia_ukraine["articles"]) == {"a1", "a2", "a3"}


@pytest.mark.model
@pytest.mark.parametrize("name", COMPETENCY_QUESTIONS)
def test_queries_find_something_on_the_examples_build_with_their_defaults(examples_build, name):
    assert rows(examples_build.store, name)


def test_service_is_refused_unless_remote_requests_are_allowed(tmp_path, capsys):
    from kgbuild.cli import main

    graph = tmp_path / "g.ttl"
    graph.write_text("<http://ex.org/a> <http://ex.org/SERVICE> \"SERVICE\" .\n", encoding="utf-8")
    remote = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert main(["query", str(graph), remote]) == 2
    assert "SERVICE" in capsys.readouterr().err
    # the word in an IRI, a string or a comment is no SERVICE clause
    assert main(["query", str(graph), "SELECT * WHERE { ?s <http://ex.org/SERVICE> 'SERVICE' } # SERVICE"]) == 0


def test_cli_query_binds_parameters_and_picks_columns(capsys):
    from kgbuild.cli import main

    cq1 = str(QUERIES / "cq1-exchanges-between-sides.rq")
    assert main(["query", str(DATASET), cq1, "--param", "side=Azerbaijan", "--columns", "sideA,sideB,exchange"]) == 0
    out = capsys.readouterr().out
    assert out == f"sideA,sideB,exchange\nAzerbaijan,Armenia,{ID}event/e3\n"
    assert main(["query", str(DATASET), cq1, "--param", "side=Azerbaijan", "--format", "json", "--columns", "sideB"]) == 0
    assert json.loads(capsys.readouterr().out)["head"]["vars"] == ["sideB"]


def test_cli_query_errors_are_one_line_and_no_rows_is_a_note(capsys):
    from kgbuild.cli import main

    cq3 = str(QUERIES / "cq3-facts-of-article.rq")
    assert main(["query", str(DATASET), cq3, "--param", "id=a1"]) == 2
    assert main(["query", str(DATASET), cq3, "--columns", "fact,nothing"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"kgbuild: error: {cq3} has no parameter 'id'; its parameters are article"
    assert err[1].startswith("kgbuild: error: unknown column 'nothing'; the columns are fact, type, summary")
    assert main(["query", str(DATASET), cq3, "--param", "article=a9", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out == "fact,type,summary,sentence,start,end\n"
    assert err == f"kgbuild: no rows: {cq3} matches nothing with article=a9\n"


@pytest.mark.parametrize("command", ["query", "table"])
def test_the_help_and_the_readmes_name_only_query_files_that_exist(command, capsys):
    from kgbuild.cli import main

    with pytest.raises(SystemExit):
        main([command, "--help"])
    texts = [capsys.readouterr().out, (ROOT / "README.md").read_text(encoding="utf-8"),
             (QUERIES / "README.md").read_text(encoding="utf-8")]
    named = {name for text in texts for name in re.findall(r"queries/([\w.-]+\.rq)", text)}
    assert named and all((QUERIES / name).is_file() for name in named), named
