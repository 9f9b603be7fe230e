"""The dataset a build keeps on disk gives what an in-memory store of the same graphs gives."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kgbuild.rdf.io import write_statements, write_store
from kgbuild.rdf.spool import SpooledDataset

BASE = "https://example.org/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _graphs(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """Graphs that share nodes (and some triples) with one another and repeat some of their own lines."""
    rng = random.Random(seed)
    graphs = []
    for number in range(count):
        graph = f"{BASE}graph/article/a{number}"
        lines = [f"<{BASE}article/a{number}/s/{k}> {TYPE} <{BASE}Mention> <{graph}> ." for k in range(3)]
        for _ in range(12):
            node = f"{BASE}actor/{rng.randrange(5)}"
            lines.append(f"<{node}> {TYPE} <{BASE}Actor> <{graph}> .")
            lines.append(f"<{node}> <{BASE}name> \"name {rng.randrange(3)}\" <{graph}> .")
            lines.append(f"<{node}> <{BASE}mention> <{BASE}article/a{number}/s/{rng.randrange(3)}> <{graph}> .")
        graphs.append((graph, "\n".join(lines + lines[:4]) + "\n"))
    return graphs


def test_a_spooled_dataset_writes_the_bytes_of_a_store_loaded_in_the_same_order(tmp_path):
    graphs = _graphs(12)
    store = ox.Store()
    store.bulk_load(input="".join(text for _, text in graphs), format=ox.RdfFormat.N_QUADS)
    (tmp_path / "spool").mkdir()
    spool = SpooledDataset(tmp_path / "spool", frozenset({TYPE}))
    for number, (graph, text) in enumerate(graphs):
        spool.add(graph, text, f"<{BASE}article/a{number}")
    for name in ("graph.trig", "graph.ttl"):
        expected = write_store(store, tmp_path / f"store-{name}")
        statements = spool.dataset_quads() if name.endswith("trig") else spool.union_triples()
        assert write_statements(statements, tmp_path / name) == expected
        assert (tmp_path / name).read_bytes() == (tmp_path / f"store-{name}").read_bytes()
    spool.close()


def test_what_a_spooled_dataset_says_across_graphs(tmp_path):
    graphs = _graphs(6)
    spool = SpooledDataset(tmp_path, frozenset({TYPE}))
    for number, (graph, text) in enumerate(graphs):
        spool.add(graph, text, f"<{BASE}article/a{number}")
    assert spool.shared() == {f"<{BASE}actor/{k}>" for k in range(5)}  # the spans are each article's own
    neighbourhood = [triple.split(" ", 2) for triple in spool.neighbourhood([f"<{BASE}actor/0>"])]
    subjects = {s for s, _, _ in neighbourhood}
    assert f"<{BASE}actor/0>" in subjects and all("/s/" in s or s.endswith("actor/0>") for s in subjects)
    assert {p for s, p, _ in neighbourhood if "/s/" in s} == {TYPE}  # of values: their types
    graph = graphs[0][0]
    assert [t.triple for t in ox.parse(spool.ntriples(graph), ox.RdfFormat.N_TRIPLES)] == [q.triple for q in spool.quads(graph)]
    spool.close()


def test_sorting_on_disk_in_runs_gives_the_bytes_of_sorting_at_once(tmp_path, monkeypatch):
    from kgbuild.rdf import io

    triples = [ox.Triple(ox.BlankNode(f"b{n % 7}"), ox.NamedNode(f"{BASE}p{n % 3}"), ox.Literal(f"v{n % 11}")) for n in range(200)]
    io.write_sorted(triples, tmp_path / "once.ttl", {})
    monkeypatch.setattr(io, "SORTED_RUN", 9)
    io.write_sorted(reversed(triples), tmp_path / "runs.ttl", {})
    assert (tmp_path / "runs.ttl").read_bytes() == (tmp_path / "once.ttl").read_bytes()
    assert len(list(ox.parse((tmp_path / "runs.ttl").read_bytes(), ox.RdfFormat.TURTLE))) == len(set(triples))


def test_a_shared_value_is_read_once_however_many_nodes_point_to_it(tmp_path):
    """Thousands of events point to one actor: its type is read from the index once, not per event."""
    spool = SpooledDataset(tmp_path, frozenset({TYPE}))
    actor = f"<{BASE}actor/russia>"
    for number in range(4):
        graph, event = f"{BASE}graph/article/a{number}", f"<{BASE}event/e{number % 2}>"
        spool.add(graph, f"{actor} {TYPE} <{BASE}State> <{graph}> .\n{event} <{BASE}side> {actor} <{graph}> .\n",
                  f"<{BASE}article/a{number}")
    asked: list[str] = []
    spool._db.set_trace_callback(asked.append)
    first, second = spool.neighbourhood([f"<{BASE}event/e0>"]), spool.neighbourhood([f"<{BASE}event/e1>"])
    assert f"{actor} {TYPE} <{BASE}State>" in first & second
    assert sum(actor in query for query in asked) == 1  # the trace gives each query with its values bound
    spool.close()
