"""NetworkX views and relationship queries on a hand-written dataset (tests/data/views/network.trig)."""

import json
from pathlib import Path

import networkx as nx
import pytest

from kgbuild.cli import main
from kgbuild.errors import KgbuildError
from kgbuild.rdf.io import read_store
from kgbuild.views import (actor_event_graph, actor_network, central, communities, load_view_data, mediator_graph,
                           mediators, neighbours, path, source_graph, timeline)
from kgbuild.views.export import export_graph

NETWORK = Path(__file__).parent / "data" / "views" / "network.trig"
ID = "https://w3id.org/kgbuild/id/"


@pytest.fixture(scope="module")
def store():
    return read_store(NETWORK)


@pytest.fixture(scope="module")
def data(store):
    return load_view_data(store)


def names(data, iris):
    return {data.actor_name(i) for i in iris}


def test_one_record_per_event_merges_the_reports_of_every_article(data):
    assert set(data.events) == {ID + f"event/{e}" for e in ("e1", "e2", "e3", "e4", "n1")}
    e1 = data.events[ID + "event/e1"]
    assert data.article_ids(e1.articles) == ["a1", "a2"]
    assert {side: sorted(counts) for side, counts in e1.releases.items()} == {
        ID + "actor/ruritania": [90, 95], ID + "actor/freedonia": [90]}
    assert e1.disagreements == ["Ruritania released: 90 (a1) vs 95 (a2)"]
    assert e1.fulfils == {ID + "event/e2"}
    assert data.events[ID + "event/e2"].fulfilled_by == {ID + "event/e1"}
    n1 = data.events[ID + "event/n1"]
    assert n1.kind == "negotiation" and n1.rounds == {2}
    assert names(data, n1.heads[ID + "actor/ruritania"]) == {"Ivan Kol"}


def test_actor_network_has_only_actors_and_carries_events_on_edges(data):
    graph = actor_network(data)
    assert set(graph) <= set(data.actors)
    assert not any("place/" in n or "article/" in n or "event/" in n for n in graph)
    edge = graph.edges[ID + "actor/ruritania", ID + "actor/freedonia"]
    assert set(edge["events"]) == {ID + "event/e1", ID + "event/e2", ID + "event/n1"}
    assert edge["count"] == edge["weight"] == 3
    assert edge["kinds"] == ["negotiation", "prisoner_exchange"]
    assert edge["articles"] == ["a1", "a2"]
    assert {"Example Wire", "Example Times", "Freedonian Ministry of Defence"} <= set(edge["sources"])
    assert graph.nodes[ID + "actor/qatar"]["label"] == "Qatar"
    # delegation heads take part in the talks, and the cited ministry takes part in nothing
    assert graph.has_edge(ID + "actor/person/ivan-kol", ID + "actor/person/mara-vell")
    assert ID + "actor/organization/freedonian-ministry" not in graph


def test_actor_network_by_kind(data):
    talks = actor_network(data, "negotiation")
    assert set(talks) == {ID + f"actor/{a}" for a in ("ruritania", "freedonia", "turkey", "person/ivan-kol",
                                                      "person/mara-vell")}
    exchanges = actor_network(data, "exchange")
    assert ID + "actor/turkey" not in exchanges and ID + "actor/borduria" in exchanges


def test_bipartite_mediator_and_source_views(data):
    bipartite = actor_event_graph(data)
    events = {n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 1}
    assert events == set(data.events)
    assert nx.is_bipartite(bipartite)
    assert bipartite.edges[ID + "actor/qatar", ID + "event/e1"]["roles"] == ["intermediary"]

    mediator = mediator_graph(data)
    assert mediator.is_directed()
    assert mediator.edges[ID + "actor/qatar", ID + "actor/ruritania"]["count"] == 2
    assert mediator.has_edge(ID + "actor/turkey", ID + "actor/freedonia")
    assert not mediator.has_edge(ID + "actor/ruritania", ID + "actor/qatar")

    sources = source_graph(data)
    assert sources.edges["outlet:Example Times", ID + "event/e1"]["articles"] == ["a2"]
    assert sources.has_edge(ID + "actor/red-cross", ID + "event/e3")
    assert sources.nodes[ID + "actor/red-cross"]["type"] == "source"


def test_actors_are_found_by_any_alias_in_any_case(data):
    assert data.find_actor("fredonia") == ID + "actor/freedonia"
    assert data.find_actor("TÜRKIYE") == ID + "actor/turkey"
    assert data.find_actor("icrc") == ID + "actor/red-cross"
    assert data.find_actor(ID + "actor/qatar") == ID + "actor/qatar"
    with pytest.raises(KgbuildError, match="did you mean 'Ruritania'"):
        data.find_actor("Ruritanla")


def test_path_lists_the_events_and_articles_on_each_hop(data):
    rows = path(data, "Doha", "red cross")
    assert [(r["from"], r["to"]) for r in rows] == [
        ("Qatar", "Freedonia"), ("Freedonia", "Borduria"), ("Borduria", "International Committee of the Red Cross")]
    assert [e["event"] for e in rows[1]["events"]] == [ID + "event/e4"]
    assert rows[1]["articles"] == ["a3"]
    with pytest.raises(KgbuildError, match="same actor"):
        path(data, "Qatar", "Qatari")


def test_a_person_who_hosted_the_talks_takes_part_in_them():
    """"Turkish Foreign Minister X opened the session": X's host role links X to the round."""
    store = read_store(NETWORK)
    store.load(b"""@base <https://w3id.org/kgbuild/id/> . @prefix kg: <https://w3id.org/kgbuild/ns#> .
        <graph/article/a1> {
            <actor/person/selim-aras> a kg:Person ; kg:name "Selim Aras" .
            <role/r1> a kg:Role ; kg:holder <actor/person/selim-aras> ; kg:roleName "host" ;
                kg:roleOf <actor/turkey> ; kg:roleIn <event/n1> .
            <role/r2> a kg:Role ; kg:holder <actor/person/selim-aras> ; kg:roleName "Foreign Minister" ;
                kg:roleOf <actor/turkey> .
        }""", "application/trig")
    data = load_view_data(store)
    assert data.events[ID + "event/n1"].participants[ID + "actor/person/selim-aras"] == {"host"}
    rows = path(data, "Selim Aras", "Mara Vell")
    assert [(r["from"], r["to"]) for r in rows] == [("Selim Aras", "Mara Vell")]
    assert [e["event"] for e in rows[0]["events"]] == [ID + "event/n1"]


def test_path_between_unconnected_actors_is_empty(data):
    talks_only = actor_network(data, "negotiation")
    assert path(data, "Turkey", "Syldavia", graph=talks_only) == []


def test_neighbours_with_and_without_kind(data):
    rows = neighbours(data, "Freedonian")
    assert rows[0]["actor"] == "Ruritania" and rows[0]["events"] == 3
    assert {r["actor"] for r in rows} == {"Ruritania", "Qatar", "Turkey", "Borduria", "Ivan Kol", "Mara Vell"}
    assert {r["actor"] for r in neighbours(data, "Freedonia", kind="exchange")} == {"Ruritania", "Qatar", "Borduria"}
    qatar = next(r for r in rows if r["actor"] == "Qatar")
    assert qatar["roles"] == ["intermediary"] and qatar["first"] == "2025-02-20" and qatar["last"] == "2025-03-04"


def test_mediators_between_two_sides(data):
    rows = mediators(data, "Ruritania", "Freedonia")
    assert [(r["mediator"], r["role"], r["times"]) for r in rows] == [("Qatar", "intermediary", 2), ("Turkey", "host", 1)]
    assert rows[0]["first"] == "2025-02-20" and rows[0]["last"] == "2025-03-04"
    assert mediators(data, "Syldavia", "Borduria")[0]["mediator"] == "International Committee of the Red Cross"
    assert mediators(data, "Borduria", "Freedonia") == []


def test_central_communities_and_timeline(data):
    degree = central(data, "degree")
    assert degree[0]["actor"] == "Freedonia"
    assert central(data, "betweenness")[0]["actor"] in {"Freedonia", "Borduria"}
    with pytest.raises(KgbuildError):
        central(data, "pagerank")
    groups = communities(data)
    members = [a for g in groups for a in g["actors"]]
    assert sorted(members) == sorted(data.actor_name(n) for n in actor_network(data))
    assert len(members) == len(set(members))
    rows = timeline(data, "Qatari")
    assert [(r["date"], r["status"], r["role"]) for r in rows] == [
        ("2025-02-20", "planned", "intermediary"), ("2025-03-04", "completed", "intermediary")]


def test_export_is_gephi_and_cytoscape_friendly(data, tmp_path):
    graph = actor_network(data)
    export_graph(graph, tmp_path / "g.graphml")
    export_graph(graph, tmp_path / "g.gexf")
    export_graph(graph, tmp_path / "g.json")
    for name in ("g.graphml", "g.gexf"):
        assert "None" not in (tmp_path / name).read_text()
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[ID + "actor/qatar"]["label"] == "Qatar"
    assert back.edges[ID + "actor/ruritania", ID + "actor/freedonia"]["articles"] == "a1; a2"
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.nodes[ID + "actor/borduria"]["label"] == "Borduria"
    cyto = json.loads((tmp_path / "g.json").read_text())
    node = next(n["data"] for n in cyto["elements"]["nodes"] if n["data"]["id"] == ID + "actor/freedonia")
    assert node["name"] == "Freedonia" and "Fredonia" in node["aliases"]
    assert len(cyto["elements"]["edges"]) == graph.number_of_edges()


def test_cli_graph_commands(capsys, tmp_path):
    assert main(["graph", "path", str(NETWORK), "Doha", "ICRC", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["to"] for r in rows][-1] == "International Committee of the Red Cross"
    assert main(["graph", "mediators", str(NETWORK), "ruritania", "freedonia"]) == 0
    out = capsys.readouterr().out
    assert "Qatar" in out and "Turkey" in out and "(2 rows)" in out
    assert main(["graph", "neighbours", str(NETWORK), "Freedonia", "--kind", "negotiation", "--format", "json"]) == 0
    assert {r["actor"] for r in json.loads(capsys.readouterr().out)} == {"Ruritania", "Turkey", "Ivan Kol", "Mara Vell"}
    assert main(["graph", "timeline", str(NETWORK), "Nowhere Land"]) == 2
    assert "no actor called 'Nowhere Land'" in capsys.readouterr().err
    assert main(["graph", "export", str(NETWORK), "--out", str(tmp_path / "m.gexf"), "--view", "mediators"]) == 0
    assert nx.read_gexf(tmp_path / "m.gexf").is_directed()
    assert main(["graph", "central"]) == 2  # neither a file nor a store


@pytest.mark.parametrize("source", ["network", "synthetic"])
def test_a_graph_file_gives_the_views_a_store_of_it_gives(source, tmp_path):
    """A graph file is read without a store (GraphFile keeps only what the views use): the view
    data, every table (the claims table through its SPARQL query) and the exports are those of
    the in-memory and of the on-disk store of the same file."""
    from kgbuild.store import load_files
    from kgbuild.views import VIEWS, build_view, table_rows
    from kgbuild.views.data import GraphFile, open_dataset
    from kgbuild.views.tables import TABLES

    from .synthetic import write_synthetic

    graph_file = NETWORK if source == "network" else write_synthetic(tmp_path, actor_count=60)
    load_files([graph_file], tmp_path / "kgstore")
    sources = {"file": open_dataset(graph_file), "memory": read_store(graph_file),
               "disk": open_dataset(store_path=tmp_path / "kgstore")}
    assert isinstance(sources["file"], GraphFile)
    views = {name: load_view_data(dataset) for name, dataset in sources.items()}
    assert views["file"] == views["memory"] == views["disk"] and len(views["file"].events) >= 5
    for table in TABLES:
        rows = [table_rows(table, views[name], dataset) for name, dataset in sources.items()]
        assert rows[0] == rows[1] == rows[2] and rows[0], table
    for view in VIEWS:
        for name in sources:
            export_graph(build_view(views[name], view), tmp_path / f"{view}-{name}.graphml")
        exported = {(tmp_path / f"{view}-{name}.graphml").read_bytes() for name in sources}
        assert len(exported) == 1, view


def test_a_graph_file_that_does_not_parse_is_one_line_naming_it(tmp_path, capsys):
    bad = tmp_path / "bad.trig"
    bad.write_text(f"<{ID}graph/g> {{ <{ID}a> <{ID}b> . }}\n", encoding="utf-8")
    assert main(["graph", "central", str(bad)]) == 2
    assert main(["table", "claims", str(tmp_path / "missing.trig")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"kgbuild: error: {bad}: not valid TRIG") and err[1].endswith("missing.trig: no such file")
