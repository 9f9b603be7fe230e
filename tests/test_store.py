"""The embedded on-disk store: idempotent loading, graph replacement, export, and the CLI around it."""

import json
import subprocess

import pyoxigraph as ox
import pytest

from kgbuild.cli import main
from kgbuild.errors import InputError, StoreError
from kgbuild.store.embedded import export_store, load_dataset, load_files, open_store, read_datasets
from kgbuild.store.server import oxigraph_executable

from .synthetic import write_synthetic

BASE = "https://w3id.org/kgbuild/id/"
KG = "https://w3id.org/kgbuild/ns#"


def node(local: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + local)


def article_quads(article_id: str, names: list[str]) -> list[ox.Quad]:
    """A small article graph: the article and the actors it names."""
    graph = node(f"graph/article/{article_id}")
    article = node(f"article/{article_id}")
    quads = [ox.Quad(article, ox.NamedNode(KG + "articleId"), ox.Literal(article_id), graph)]
    for name in names:
        actor = node("actor/" + name.lower().replace(" ", "-"))
        quads += [ox.Quad(actor, ox.NamedNode(KG + "name"), ox.Literal(name), graph),
                  ox.Quad(actor, ox.NamedNode(KG + "mentionedIn"), article, graph)]
    return quads


def write_trig(path, quads) -> str:
    ox.serialize(quads, str(path), ox.RdfFormat.TRIG)
    return str(path)


def stored(path) -> set:
    store = open_store(path, create=False)
    quads = set(store)
    del store  # release the store's lock before the next open
    return quads


@pytest.fixture
def two_articles(tmp_path):
    quads = article_quads("talks-a", ["Rustem Umerov", "Vladimir Medinsky"]) + article_quads("swap-b", ["Turkey"])
    return write_trig(tmp_path / "graph.trig", quads), quads


def test_loading_twice_gives_the_same_quads(tmp_path, two_articles):
    trig, quads = two_articles
    first = load_files([trig], tmp_path / "store")
    second = load_files([trig], tmp_path / "store")
    assert stored(tmp_path / "store") == set(quads)
    assert (first.graphs, first.replaced, first.quads) == (2, 2, len(quads))
    assert (second.replaced, second.unchanged) == (0, 2)


def test_a_new_store_is_bulk_loaded_from_the_files_and_a_loaded_one_graph_by_graph(tmp_path, two_articles, capsys):
    trig, quads = two_articles
    ttl = tmp_path / "extra.ttl"
    ttl.write_text(f'<{BASE}actor/x> <{KG}name> "X" .\n', encoding="utf-8")
    default = ox.Quad(node("actor/x"), ox.NamedNode(KG + "name"), ox.Literal("X"), ox.DefaultGraph())
    assert main(["load", trig, str(ttl), "--store", str(tmp_path / "store")]) == 0
    assert capsys.readouterr().out.startswith(f"kgbuild: loaded {len(quads) + 1} quads in 3 graphs -> ")
    first = load_files([trig], tmp_path / "other")
    assert first.bulk and (first.graphs, first.replaced, first.quads) == (2, 2, len(quads))
    assert "bulk load into an empty store" in first.summary()
    assert stored(tmp_path / "store") == set(quads) | {default}
    again = load_files([trig], tmp_path / "store")
    assert not again.bulk and "bulk load" not in again.summary() and (again.replaced, again.unchanged) == (0, 2)
    built = load_dataset(read_datasets([trig]), open_store(tmp_path / "built"))  # kgbuild build --store
    assert built.bulk and built.quads == len(quads)


def test_a_first_load_that_fails_on_a_file_leaves_the_new_store_empty(tmp_path, two_articles):
    trig, _ = two_articles
    bad = tmp_path / "bad.trig"
    bad.write_text(f"<{BASE}graph/g> {{ <{BASE}a> <{KG}name> . }}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.trig: not valid TRIG"):
        load_files([trig, bad], tmp_path / "store")
    assert stored(tmp_path / "store") == set()
    assert load_files([trig], tmp_path / "store").bulk
    for missing in (tmp_path / "missing.trig", tmp_path / "graph.csv"):
        with pytest.raises(InputError, match="no such file"):
            load_files([trig, missing], tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_the_offline_oxigraph_bulk_load_gives_the_quads_of_the_file(tmp_path):
    """docs/triple-stores.md: `oxigraph load --location DIR --file graph.trig` before `oxigraph serve`."""
    try:
        oxigraph = oxigraph_executable()
    except StoreError:
        pytest.skip("the oxigraph command is not installed")
    trig = write_synthetic(tmp_path, actor_count=120)
    subprocess.run([oxigraph, "load", "--location", str(tmp_path / "served"), "--file", str(trig)],
                   check=True, capture_output=True, timeout=300)
    in_file = set(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    load_files([trig], tmp_path / "embedded")
    served = stored(tmp_path / "served")  # stores write integers in canonical form ("000" as "0")
    assert len(in_file) > 1000 and len(served) == len(in_file) and served == stored(tmp_path / "embedded")


def test_a_rebuilt_article_replaces_its_graph_and_leaves_the_others(tmp_path, two_articles):
    trig, quads = two_articles
    load_files([trig], tmp_path / "store")
    rebuilt = article_quads("talks-a", ["Rustem Umerov", "Recep Tayyip Erdogan"]) + article_quads("new-c", ["Qatar"])
    report = load_files([write_trig(tmp_path / "rebuilt.trig", rebuilt)], tmp_path / "store")
    expected = set(rebuilt) | {q for q in quads if q.graph_name == node("graph/article/swap-b")}
    assert stored(tmp_path / "store") == expected
    assert (report.graphs, report.replaced) == (2, 2)


def gazetteer_quads(names: list[str]) -> list[ox.Quad]:
    """The gazetteer graph of a build that names ``names``: each actor's name and Wikidata id."""
    graph = node("graph/gazetteer")
    return [ox.Quad(node("actor/" + name.lower()), ox.NamedNode(KG + predicate), ox.Literal(value), graph)
            for name in names for predicate, value in (("name", name), ("wikidataId", "Q" + str(len(name))))]


def test_two_builds_share_the_gazetteer_graph_and_both_keep_their_actors(tmp_path):
    """The gazetteer graph describes the actors of every build loaded, not only of the last one."""
    first = article_quads("a", ["Qatar"]) + gazetteer_quads(["Qatar", "Turkey"])
    second = article_quads("b", ["Egypt"]) + gazetteer_quads(["Egypt", "Turkey"])
    load_files([write_trig(tmp_path / "first.trig", first)], tmp_path / "store")
    report = load_files([write_trig(tmp_path / "second.trig", second)], tmp_path / "store")
    assert stored(tmp_path / "store") == set(first) | set(second)
    assert (report.replaced, report.unchanged) == (2, 0)
    again = load_files([write_trig(tmp_path / "second.trig", second)], tmp_path / "store")
    assert (again.replaced, again.unchanged) == (0, 2)


def test_default_graph_of_a_turtle_file_is_replaced_on_reload(tmp_path):
    ttl = tmp_path / "extra.ttl"
    ttl.write_text(f'<{BASE}actor/x> <{KG}name> "Old name" .\n', encoding="utf-8")
    load_files([ttl], tmp_path / "store")
    ttl.write_text(f'<{BASE}actor/x> <{KG}name> "New name" .\n', encoding="utf-8")
    load_files([ttl], tmp_path / "store")
    assert [q.object.value for q in stored(tmp_path / "store")] == ["New name"]


def test_blank_nodes_are_not_doubled_by_a_second_load(tmp_path):
    trig = tmp_path / "b.trig"
    trig.write_text(f'<{BASE}graph/g> {{ _:b <{KG}name> "anonymous" ; <{KG}p> _:c . }}\n', encoding="utf-8")
    load_files([trig], tmp_path / "store")
    load_files([trig], tmp_path / "store")
    assert len(stored(tmp_path / "store")) == 2


def test_load_into_an_open_store_keeps_it_usable(tmp_path, two_articles):
    trig, quads = two_articles
    store = ox.Store()
    report = load_dataset(read_datasets([trig]), store)
    assert set(store) == set(quads) and report.quads == len(quads)


def test_a_store_in_use_gives_a_clear_error(tmp_path):
    held = open_store(tmp_path / "store")
    with pytest.raises(StoreError, match="in use by another process"):
        open_store(tmp_path / "store")
    del held


def test_a_missing_store_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no kgbuild store"):
        open_store(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize("fmt, quad_format", [("trig", True), ("nq", True), ("jsonld", True), ("ttl", False), ("nt", False)])
def test_export_writes_the_dataset_or_the_union_of_its_graphs(tmp_path, two_articles, fmt, quad_format):
    trig, quads = two_articles
    store = ox.Store()
    load_dataset(read_datasets([trig]), store)
    out = tmp_path / f"dump.{fmt}"
    written = export_store(store, out, fmt)
    back = set(ox.parse(path=str(out), format=export_format(fmt)))
    if quad_format:
        assert back == set(quads) and written == len(quads)
    else:
        union = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in back} == union and written == len(union)


def export_format(fmt: str) -> ox.RdfFormat:
    from kgbuild.store.embedded import EXPORT_FORMATS

    return EXPORT_FORMATS[fmt]


def test_export_of_one_graph_and_of_an_unknown_graph(tmp_path, two_articles):
    trig, quads = two_articles
    store = ox.Store()
    load_dataset(read_datasets([trig]), store)
    graph = node("graph/article/swap-b")
    export_store(store, tmp_path / "one.trig", graph=graph.value)
    assert set(ox.parse(path=str(tmp_path / "one.trig"))) == {q for q in quads if q.graph_name == graph}
    with pytest.raises(StoreError, match="no graph"):
        export_store(store, tmp_path / "none.trig", graph=BASE + "graph/article/missing")
    assert not (tmp_path / "none.trig").exists()


def test_cli_load_query_export(tmp_path, two_articles, capsys):
    trig, quads = two_articles
    store = str(tmp_path / "kgstore")
    assert main(["load", trig, "--store", store, "-q"]) == 0
    assert main(["load", trig, "--store", store]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    query = "SELECT ?name WHERE { ?a kg:name ?name } ORDER BY ?name"
    assert main(["query", "--store", store, query, "--format", "json"]) == 0
    names = [b["name"]["value"] for b in json.loads(capsys.readouterr().out)["results"]["bindings"]]
    assert names == ["Rustem Umerov", "Turkey", "Vladimir Medinsky"]
    assert main(["export", "--store", store, "--format", "nq", "--out", str(tmp_path / "d.nq")]) == 0
    assert set(ox.parse(path=str(tmp_path / "d.nq"))) == set(quads)


def test_cli_query_refuses_updates_and_needs_exactly_one_source(tmp_path, two_articles, capsys):
    trig, quads = two_articles
    store = str(tmp_path / "kgstore")
    main(["load", trig, "--store", store, "-q"])
    assert main(["query", "--store", store, "DELETE WHERE { ?s ?p ?o }"]) == 2
    assert stored(store) == set(quads)
    assert main(["query", trig, "ASK {}", "--store", store]) == 2
    assert main(["query", "ASK {}"]) == 2
    assert main(["query", "--store", str(tmp_path / "absent"), "ASK {}"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "one of them" in err and "no kgbuild store" in err
    assert "Traceback" not in err


@pytest.mark.model
def test_build_writes_into_the_store_as_well_as_the_files(tmp_path, capsys):
    from tests.conftest import EXAMPLES

    store = tmp_path / "kgstore"
    assert main(["build", str(EXAMPLES), "--out", str(tmp_path / "out"), "--store", str(store), "-q"]) in (0, 1)
    assert stored(store) == set(read_datasets([tmp_path / "out" / "graph.trig"]))
    assert main(["build", str(EXAMPLES), "--store", str(store), "--no-validate", "-q"]) == 0
    assert stored(store) == set(read_datasets([tmp_path / "out" / "graph.trig"]))
    assert main(["build", str(EXAMPLES), "-q"]) == 2
    assert "--out DIR, --store PATH" in capsys.readouterr().err
