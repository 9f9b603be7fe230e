"""Time and peak memory of the NetworkX views on a large synthetic dataset.

    python benchmarks/bench_views.py --articles 100000
    python benchmarks/bench_views.py --articles 100000 --keep /tmp/views-100k --source store

Synthesizes the facts of N articles (no NLP) about many conflicts, each exchange and round of
talks reported by two articles (one event IRI in two article graphs, as after resolution),
turns them into quads with kgbuild's own RDF mapping and writes them as graph.trig, and loads
that into an on-disk store (``--keep DIR`` keeps both, and reuses them when there). Then, in a
fresh process for each source, so that peak RSS is the views' own, as ``kgbuild graph ...
graph.trig`` and ``kgbuild graph ... --store PATH`` do: opens the dataset (a graph file is read
once, keeping what the views use), reads the view data,
builds the actor network, and times ``path`` and ``mediators`` for a few pairs, ``neighbours``,
degree centrality and the exchanges table; then prints the peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kgbuild.corpus import Document  # noqa: E402
from kgbuild.facts import (Actor, ArticleFacts, Attribution, Exchange, Mention, Negotiation, Release,  # noqa: E402
                           Span)
from kgbuild.rdf.iri import IriMinter  # noqa: E402
from kgbuild.rdf.mapping import article_quads  # noqa: E402

OUTLETS = [f"Outlet {i}" for i in range(50)]
MEDIATORS = [f"mediator-{i}" for i in range(30)]
START = dt.date(2022, 1, 1)


def world(articles: int) -> list[dict]:
    """Conflicts: two states, a ministry and two negotiators each, and two usual mediators (the
    next conflict shares one of them, so the actor network is connected)."""
    return [{"sides": [f"state-{c}a", f"state-{c}b"], "ministry": f"ministry-{c}",
             "heads": {f"state-{c}a": f"person-{c}a", f"state-{c}b": f"person-{c}b"},
             "mediators": [MEDIATORS[c % len(MEDIATORS)], MEDIATORS[(c + 1) % len(MEDIATORS)]]}
            for c in range(max(5, articles // 200))]


def actor(key: str, kind: str, text: str) -> Actor:
    name = key.replace("-", " ").title()
    start = text.find(name)
    span = Span(start, start + len(name), name)
    return Actor(key, name, kind, mentions=[Mention(span, Span(0, len(text), text))])


def article(index: int, conflicts: list[dict], rng: random.Random) -> tuple[Document, ArticleFacts, dict]:
    """One article; articles 2k and 2k+1 report the same exchange (and talks), with their own counts."""
    event = index // 2
    conflict = conflicts[event % len(conflicts)]
    mediator = conflict["mediators"][(event // len(conflicts)) % 2]
    a, b = conflict["sides"]
    day = START + dt.timedelta(days=event % 1200)
    talks = event % 3 == 0
    keys = [a, b, mediator, conflict["ministry"]] + (list(conflict["heads"].values()) if talks else [])
    text = " ".join(k.replace("-", " ").title() for k in keys) + "."
    facts = ArticleFacts(f"art-{index}")
    kinds = {a: "State", b: "State", mediator: "State", conflict["ministry"]: "Organization"}
    facts.actors = [actor(k, kinds.get(k, "Person"), text) for k in keys]
    evidence = Span(0, len(text), text)
    count = 10 + event % 90
    facts.exchanges.append(Exchange(
        "prisoner_exchange", sorted([a, b]), [Release(a, count), Release(b, count + rng.choice((0, 0, 0, 5)))],
        intermediaries=[mediator], date=day, evidence=evidence,
        attribution=Attribution([conflict["ministry"]], "the ministry", "reported"),
        negotiation=0 if talks else None))
    event_keys = {("exchange", 0): (f"art-{event * 2}", "exchange", 0)}
    if talks:
        facts.negotiations.append(Negotiation(f"talks {event}", date=day, parties=[a, b], hosts=[mediator],
                                              heads=dict(conflict["heads"]), evidence=evidence))
        event_keys[("negotiation", 0)] = (f"art-{event * 2}", "negotiation", 0)
    document = Document(f"art-{index}", text, published=day + dt.timedelta(days=1), publisher=rng.choice(OUTLETS))
    return document, facts, event_keys


def synthesize(articles: int) -> ox.Store:
    rng = random.Random(1)
    conflicts = world(articles)
    minter = IriMinter()
    store = ox.Store()
    batch: list[ox.Quad] = []
    for index in range(articles):
        document, facts, event_keys = article(index, conflicts, rng)
        batch.extend(article_quads(minter, document, facts, event_keys))
        if len(batch) > 500_000:
            store.bulk_extend(batch)
            batch = []
    store.bulk_extend(batch)
    return store


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s", flush=True)
    return result


def generate(articles: int, folder: Path) -> None:
    """Write the synthetic dataset as ``folder``/graph.trig and load it into ``folder``/kgstore."""
    from kgbuild.rdf.io import write_store
    from kgbuild.store import load_files

    store = timed(f"synthesize {articles} articles", synthesize, articles)
    print(f"{'quads':<44} {len(store):>10}")
    timed("write graph.trig", write_store, store, folder / "graph.trig")
    del store
    report = timed("load it into a new on-disk store", load_files, [folder / "graph.trig"], folder / "kgstore")
    print(f"{'  ':<44} {report.summary()}", flush=True)


def views(articles: int, source: str, folder: Path) -> None:
    """Open the dataset from ``source`` (``file`` or ``store``) and time the views on it."""
    from kgbuild.views import actor_network, central, load_view_data, mediators, neighbours, path
    from kgbuild.views.data import open_dataset
    from kgbuild.views.tables import exchange_rows

    started = time.perf_counter()
    if source == "file":
        store = timed("read graph.trig (what the views use)", open_dataset, folder / "graph.trig")
    else:
        store = timed("open the on-disk store", open_dataset, None, folder / "kgstore")
    data = timed("read view data (whole-store scans)", load_view_data, store)
    print(f"{'actors / events':<44} {len(data.actors):>5} / {len(data.events)}")
    print(f"{'peak RSS so far':<44} {peak_rss_mib():8.0f} MiB", flush=True)
    graph = timed("build the actor network", actor_network, data)
    print(f"{'actor network nodes / edges':<44} {graph.number_of_nodes():>5} / {graph.number_of_edges()}")
    conflicts = world(articles)
    far = conflicts[-1]["heads"][conflicts[-1]["sides"][0]]
    pairs = [(conflicts[0]["sides"][0], far), (conflicts[1]["sides"][1], conflicts[-2]["sides"][0])]
    for first, second in pairs:
        rows = timed(f"path {first} -> {second}", path, data, first.replace("-", " "), second.replace("-", " "),
                     graph=graph)
        print(f"{'  hops':<44} {max((r['hop'] for r in rows), default=0):>5}")
    for conflict in conflicts[:3]:
        first, second = conflict["sides"]
        rows = timed(f"mediators {first} {second}", mediators, data, first, second)
        print(f"{'  mediators / times':<44} {len(rows):>5} / {sum(r['times'] for r in rows)}")
    rows = timed("neighbours of a mediator", neighbours, data, MEDIATORS[0].replace("-", " "), graph=graph)
    print(f"{'  neighbours':<44} {len(rows):>5}")
    timed("degree centrality", central, data, "degree", graph=graph)
    rows = timed("exchanges table", exchange_rows, data)
    print(f"{'  rows':<44} {len(rows):>5}")
    print(f"{'total (' + source + ')':<44} {time.perf_counter() - started:8.2f} s")
    print(f"{'peak RSS (' + source + ')':<44} {peak_rss_mib():8.0f} MiB", flush=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--source", choices=("file", "store"), nargs="+", default=["file", "store"],
                        help="read the views from graph.trig, from the on-disk store, or both (default)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the generated dataset here (reused when there)")
    parser.add_argument("--run", nargs=2, metavar=("STEP", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        step, folder = args.run[0], Path(args.run[1])
        generate(args.articles, folder) if step == "generate" else views(args.articles, step, folder)
        return

    def child(step: str, folder: Path) -> None:
        subprocess.run([sys.executable, __file__, "--articles", str(args.articles), "--run", step, str(folder)],
                       check=True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "graph.trig").is_file() or not (folder / "kgstore").is_dir():
            child("generate", folder)
        for source in args.source:
            print()
            child(source, folder)


if __name__ == "__main__":
    main()
