"""Load rates and query times of kgbuild's triple stores on a graph of over a million triples.

    python benchmarks/bench_store.py --copies 370 --keep /tmp/big    # build the graph, keep it
    python benchmarks/bench_store.py --graph /tmp/big/graph.trig     # re-use a graph
    python benchmarks/bench_store.py --articles 100000 --protocols   # a generated graph, embedded loads only

The graph comes from generated articles: ``--copies`` copies of the bundled sample articles with
new ids (as in bench_build.py), built with ``kgbuild build --no-validate`` (about 300 quads per
article, so 370 copies of the 11 samples give about 1.2 million quads), or, with ``--articles N``,
the facts of N synthetic articles mapped to RDF without NLP (bench_views.py's generator, about 90
quads per article). Then, each timed:

1. ``kgbuild load FILE --store`` into a new store (Oxigraph's bulk loader, straight from the
   file), into a store that already holds a graph (graph by graph, each replaced in a
   transaction), and again into the first (nothing changes); then the offline load of
   docs/triple-stores.md, ``oxigraph load --location DIR --file FILE``;
2. load into a fresh Oxigraph server (``kgbuild serve``'s server) through the Graph Store
   Protocol (one PUT per article graph), and into another through SPARQL Update (graphs packed
   into requests of up to 50,000 triples);
3. every query in queries/ and a few of our own, on the embedded store (best of 3, all rows
   read) and on the server over HTTP (best of 3, whole JSON answer read).

``--protocols`` with no value skips 2 and 3.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgbuild.query import query_text, run_query, with_prefixes  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from kgbuild.errors import StoreError  # noqa: E402
from kgbuild.rdf.io import write_store  # noqa: E402
from kgbuild.store.embedded import load_files, open_store, read_datasets  # noqa: E402
from kgbuild.store.remote import Endpoint  # noqa: E402
from kgbuild.store.server import oxigraph_executable, start_server  # noqa: E402

OWN_QUERIES = {
    "own/quads-per-graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n) LIMIT 10",
    "own/most-mentioned-actors": "SELECT ?actor (COUNT(DISTINCT ?m) AS ?mentions) WHERE { ?actor kg:hasMention ?m } "
                                 "GROUP BY ?actor ORDER BY DESC(?mentions) LIMIT 10",
    "own/actors-per-article": "SELECT ?article ?actor (COUNT(DISTINCT ?m) AS ?mentions) WHERE { ?actor kg:hasMention ?m . "
                              "?m kg:inArticle ?article } GROUP BY ?article ?actor",
    "own/articles-of-one-actor": "SELECT DISTINCT ?article WHERE { GRAPH ?g { ?actor kg:name \"Ukraine\" ; "
                                 "kg:hasMention ?m . ?m kg:inArticle ?article } }",
}


def build_graph(copies: int, folder: Path) -> Path:
    """Build the graph of ``copies`` copies of the sample articles; returns its TriG file."""
    from bench_build import make_corpus

    corpus = folder / "corpus.jsonl"
    articles, _ = make_corpus(copies, corpus)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kgbuild.cli", "build", str(corpus), "--out", str(folder / "out"),
                    "--no-validate", "-q"], check=True)
    print(f"built {articles} articles in {time.perf_counter() - started:.0f} s")
    return folder / "out" / "graph.trig"


def generated_graph(articles: int, folder: Path) -> Path:
    """The TriG file of ``articles`` synthetic articles (bench_views.py's generator, no NLP)."""
    from bench_views import synthesize

    started = time.perf_counter()
    path = folder / "graph.trig"
    write_store(synthesize(articles), path)
    print(f"generated {articles} articles in {time.perf_counter() - started:.0f} s")
    return path


def embedded_loads(graph: Path, quads: int, folder: Path) -> None:
    """``kgbuild load`` into a new store, into one already in use, again; then the offline
    ``oxigraph load`` into a new store."""
    used = open_store(folder / "used")
    used.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"),
                     ox.Literal("already here"), ox.NamedNode("https://example.org/graph")))
    del used  # release its lock
    for label, path in (("embedded store, new (bulk loader)", folder / "embedded"),
                        ("embedded store, in use (graph by graph)", folder / "used"),
                        ("embedded store, again (unchanged)", folder / "embedded")):
        seconds, report = timed(lambda: load_files([graph], path))
        print(f"load  {label:42s} {seconds:7.1f} s  {quads / seconds:10,.0f} quads/s  ({report.summary()})", flush=True)
    shutil.rmtree(folder / "used")
    try:
        command = [oxigraph_executable(), "load", "--location", str(folder / "offline"), "--file", str(graph)]
    except StoreError as exc:  # the oxigraph command is missing
        print(f"load  {'oxigraph load (offline)':42s} skipped: {exc}")
        return
    seconds, _ = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    loaded = len(ox.Store.read_only(str(folder / "offline")))
    print(f"load  {'oxigraph load --location (offline)':42s} {seconds:7.1f} s  {quads / seconds:10,.0f} quads/s  "
          f"({loaded:,} quads)", flush=True)
    shutil.rmtree(folder / "offline")


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def best_of(runs: int, action) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        seconds, rows = timed(action)
        times.append(seconds)
    return min(times), rows


def embedded_rows(store, query: str) -> int:
    result = run_query(store, query)
    return sum(1 for _ in result) if hasattr(result, "variables") else 1


def server_rows(url: str, query: str) -> int:
    body = urllib.parse.urlencode({"query": with_prefixes(query)}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        answer = json.load(response)
    return len(answer["results"]["bindings"]) if "results" in answer else 1


def server_load(server, protocol: str, dataset) -> None:
    """Load ``dataset`` into a fresh server through the Graph Store Protocol or SPARQL Update."""
    update = protocol == "update"
    endpoint = Endpoint(server.update_url if update else server.store_url)
    seconds, _ = timed(lambda: endpoint.load(dataset, update=update))
    label = f"Oxigraph server, {'SPARQL Update' if update else 'Graph Store Protocol'}"
    print(f"load  {label:38s} {seconds:7.1f} s  {len(dataset) / seconds:10,.0f} triples/s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, help="an existing TriG graph (skips the build)")
    parser.add_argument("--copies", type=int, default=370, help="copies of the sample articles (default 370)")
    parser.add_argument("--articles", type=int, help="generate the graph of this many synthetic articles instead")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--protocols", nargs="*", choices=("gsp", "update"), default=["gsp", "update"],
                        help="server loads to time, each into a fresh server (default: gsp update; none: no server)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        graph = args.graph
        if graph is None:
            folder = args.keep or tmp
            folder.mkdir(parents=True, exist_ok=True)
            graph = generated_graph(args.articles, folder) if args.articles else build_graph(args.copies, folder)
        seconds, dataset = timed(lambda: read_datasets([graph]))
        quads = len(dataset)
        print(f"graph: {graph} ({quads:,} quads in {sum(1 for _ in dataset.named_graphs()):,} graphs), "
              f"parsed in {seconds:.1f} s")

        embedded_loads(graph, quads, tmp)
        if not args.protocols:
            return
        store = open_store(tmp / "embedded")
        for protocol in args.protocols[:-1]:
            server = start_server(tmp / f"served-{protocol}", writable=True)
            try:
                server_load(server, protocol, dataset)
            finally:
                server.stop()
        server = start_server(tmp / "served", writable=True)
        try:
            server_load(server, args.protocols[-1], dataset)

            queries = {f"queries/{p.name}": query_text(str(p)) for p in sorted((ROOT / "queries").glob("*.rq"))}
            queries.update(OWN_QUERIES)
            print(f"\n{'query':42s} {'embedded':>10s} {'server':>10s} {'rows':>8s}")
            for name, query in queries.items():
                try:
                    local, rows = best_of(3, lambda: embedded_rows(store, query))
                    remote, _ = best_of(3, lambda: server_rows(server.query_url, query))
                except Exception as exc:  # a query another module ships may not run yet; report and go on
                    print(f"{name:42s} failed: {str(exc).splitlines()[0][:80]}")
                    continue
                print(f"{name:42s} {local * 1000:8.0f} ms {remote * 1000:8.0f} ms {rows:8d}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
