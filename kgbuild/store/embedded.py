"""The embedded triple store: an on-disk Oxigraph store that works with no server and no set-up.

Loading is idempotent. Each graph present in the input (an article's named graph, or the default
graph when the input has triples there) replaces the graph of the same name in the store, in one
transaction per graph; graphs the input does not mention are left alone. The gazetteer graph is
the exception: every build has one, describing the known actors its articles name, so it is
merged with the one in the store (two builds loaded into one store keep the descriptions of the
actors of both). Loading the same file twice therefore gives the same quads, and re-building an
article replaces it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from ..errors import InputError, StoreError
from ..files import atomic_path
from ..rdf.iri import is_shared_graph
from ..rdf.io import PREFIXES, QUAD_FORMATS, dataset_quads, format_of, read_store, readable_format, union_triples

DEFAULT_STORE = Path("kgstore")
EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
}

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass
class LoadReport:
    """What a load did, for the summary line and for callers of the API."""

    target: str
    graphs: int = 0
    replaced: int = 0
    unchanged: int = 0
    quads: int = 0
    seconds: float = 0.0
    bulk: bool = False  # the store was empty and filled by Oxigraph's bulk loader

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        parts = f"{self.quads} quads in {self.graphs} graphs"
        if self.unchanged:
            parts += f" ({self.replaced} replaced, {self.unchanged} unchanged)"
        how = ", bulk load into an empty store" if self.bulk else ""
        return f"{parts} -> {self.target} in {self.seconds:.1f}s ({self.quads_per_second:,.0f} quads/s{how})"


def open_store(path: str | Path = DEFAULT_STORE, *, create: bool = True) -> ox.Store:
    """Open the on-disk store at ``path`` (created when missing, unless ``create`` is false)."""
    path = Path(path)
    if not create and not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: no kgbuild store here; create one with `kgbuild load GRAPH.trig --store {path}`")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a folder; --store takes the folder of an Oxigraph store")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{path}: the store is in use by another process (a running `kgbuild serve`?); "
                             "stop it, or load and query through its endpoint") from None
        raise StoreError(f"{path}: cannot open the store: {exc}") from None


def graph_names(dataset: ox.Store) -> list[GraphName]:
    """The graphs of ``dataset`` that hold quads: the default graph first, then named graphs by IRI."""
    names: list[GraphName] = []
    if next(iter(dataset.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        names.append(ox.DefaultGraph())
    names += sorted(dataset.named_graphs(), key=str)
    return names


def graph_quads(dataset: ox.Store, graph: GraphName) -> Iterator[ox.Quad]:
    return dataset.quads_for_pattern(None, None, None, graph)


def replace_graph(store: ox.Store, graph: GraphName, quads: Iterable[ox.Quad]) -> bool:
    """Make ``graph`` in ``store`` hold exactly ``quads``, atomically; False when it already did."""
    new = set(quads)
    known = isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)
    old = set(graph_quads(store, graph)) if known else set()
    if new == old:
        return False
    if not old:
        store.extend(new)
        return True
    target = "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"
    lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in new)
    body = lines if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{lines}\n}}"
    store.update(f"DROP SILENT {target} ;\nINSERT DATA {{\n{body}\n}}")
    return True


def merge_graph(store: ox.Store, graph: GraphName, quads: Iterable[ox.Quad]) -> bool:
    """Add ``quads`` to ``graph`` in ``store``; False when it held them all already."""
    missing = [q for q in quads if q not in store]
    store.extend(missing)
    return bool(missing)


def load_dataset(dataset: ox.Store, store: ox.Store, *, target: str = "store", progress: bool = False) -> LoadReport:
    """Replace each graph of ``store`` that ``dataset`` holds with the dataset's version of it
    (merge it, for the gazetteer graph).

    An empty store is filled with one bulk load (about twice as fast): it has nothing to replace
    and no reader yet, and should that load fail, loading again repairs it.
    """
    started = time.perf_counter()
    report = LoadReport(target=target)
    names = graph_names(dataset)
    with tqdm(total=len(dataset), desc="loading", unit="quad", unit_scale=True, disable=not progress,
              file=sys.stderr) as bar:
        if is_empty(store):
            try:
                store.bulk_extend(_counted(dataset, bar))
            except OSError as exc:
                raise StoreError(f"{target}: bulk load failed: {exc}") from None
            names, report.replaced, report.quads, report.bulk = [], len(names), len(dataset), True
        for graph in names:
            quads = list(graph_quads(dataset, graph))
            try:
                changed = (merge_graph if is_shared_graph(graph) else replace_graph)(store, graph, quads)
            except OSError as exc:
                raise StoreError(f"{target}: writing graph {graph} failed: {exc}") from None
            report.replaced += changed
            report.unchanged += not changed
            report.quads += len(quads)
            bar.update(len(quads))
    store.flush()
    report.graphs = report.replaced + report.unchanged
    report.seconds = time.perf_counter() - started
    return report


def is_empty(store: ox.Store) -> bool:
    return next(iter(store), None) is None


def _counted(quads: Iterable[ox.Quad], bar: tqdm, every: int = 10_000) -> Iterator[ox.Quad]:
    for number, quad in enumerate(quads, 1):
        yield quad
        if number % every == 0:
            bar.update(every)
    bar.update(bar.total - bar.n)


def read_datasets(paths: Iterable[str | Path]) -> ox.Store:
    """Read RDF files into one in-memory dataset (triple formats go to the default graph)."""
    dataset = ox.Store()
    for path in paths:
        read_store(path, dataset)
    return dataset


def load_files(paths: Iterable[str | Path], store_path: str | Path = DEFAULT_STORE, *,
               progress: bool = False) -> LoadReport:
    """``kgbuild load GRAPH.trig --store PATH``: load RDF files into the on-disk store at ``store_path``.

    A new (empty) store is filled by Oxigraph's bulk loader straight from the files, never
    holding the graph in memory; a file it cannot parse empties the store again, so a failed
    first load leaves no half of it. Otherwise the files are read into memory and each of their
    graphs replaces the store's (:func:`load_dataset`).

    >>> load_files(["out/graph.trig"], "kgstore").summary()    # doctest: +SKIP
    """
    paths = [Path(p) for p in paths]
    for path in paths:  # a missing file or an unknown format fails before the store is opened
        readable_format(path)
    store = open_store(store_path)
    if is_empty(store):
        return _bulk_load_files(paths, store, str(store_path), progress)
    return load_dataset(read_datasets(paths), store, target=str(store_path), progress=progress)


def _bulk_load_files(paths: list[Path], store: ox.Store, target: str, progress: bool) -> LoadReport:
    """Fill the empty ``store`` from ``paths`` with the bulk loader; on a bad file, empty it again."""
    started = time.perf_counter()
    try:
        for path in tqdm(paths, desc="loading", unit="file", disable=not progress, file=sys.stderr):
            read_store(path, store)
    except (InputError, OSError) as exc:
        store.clear()
        if isinstance(exc, InputError):
            raise
        raise StoreError(f"{target}: bulk load failed: {exc}") from None
    store.flush()
    graphs = len(graph_names(store))
    return LoadReport(target=target, graphs=graphs, replaced=graphs, quads=len(store),
                      seconds=time.perf_counter() - started, bulk=True)


def export_store(store: ox.Store, out: str | Path, fmt: str | None = None, graph: str | None = None) -> int:
    """Write the whole store, or one named graph, to ``out``; returns the number of statements.

    Quad formats (trig, nq, jsonld) keep the graph names; triple formats (ttl, nt) write the
    union of the graphs, each triple once. ``fmt`` defaults to the format of ``out``'s suffix.
    """
    if fmt is None:
        rdf_format = format_of(out)
    elif fmt in EXPORT_FORMATS:
        rdf_format = EXPORT_FORMATS[fmt]
    else:
        raise StoreError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    if graph is not None:
        try:
            name = ox.NamedNode(graph)
        except ValueError:
            raise StoreError(f"--graph needs an absolute IRI, got {graph!r}") from None
        if not store.contains_named_graph(name):
            raise StoreError(f"no graph <{graph}> in the store; list them with "
                             "`kgbuild query --store PATH 'SELECT DISTINCT ?g WHERE { GRAPH ?g {} }'`")
        quads: Iterable[ox.Quad] = graph_quads(store, name)
    elif rdf_format in QUAD_FORMATS:
        quads = dataset_quads(store)
    else:
        quads = (ox.Quad(t.subject, t.predicate, t.object) for t in union_triples(store))
    written = 0

    def counted(items):
        nonlocal written
        for item in items:
            written += 1
            yield item

    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    statements = quads if rdf_format in QUAD_FORMATS else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    with atomic_path(out) as tmp:
        ox.serialize(counted(statements), str(tmp), rdf_format, prefixes=prefixes)
    return written
