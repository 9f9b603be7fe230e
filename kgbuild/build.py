"""The build: articles -> spaCy -> facts -> RDF dataset -> SHACL validation -> files.

The CLI and the Python API both call :func:`build`. Articles stream through ``nlp.pipe`` in
batches; only the RDF dataset being written stays in memory (a compact pyoxigraph store), never
the parsed documents. Output files are replaced atomically at the end, so a failed run leaves the
previous output as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import starmap
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .article_graphs import MAP_BATCH, map_batch, serialized_graph
from .cache import FactsCache, RecordCache, fingerprint, from_json, pipeline_fingerprint, to_json
from .cluster import connect, parse_on_cluster, run_on_cluster
from .corpus import Document, read_documents
from .errors import ArticleError, InputError, KgbuildError
from .export_facts import write_facts_text
from .facts import ArticleFacts
from .files import publishing, remove_leftovers
from .nlp.pipeline import load_pipeline, resolve_model_name
from .progress import Stages
from .rdf.io import read_store, union_triples, write_statements
from .rdf.iri import DEFAULT_BASE, IriMinter
from .rdf.mapping import gazetteer_quads, resolution_quads
from .rdf.spool import SpooledDataset
from .resolve import ArticleSummary, Resolution, resolve_summaries, summarize
from .shacl_engines import DEFAULT_ENGINE, engine
from .validate import NamedGraph, Runner, ValidationResult, predicates_beyond_values, validate_dataset
from .workers import can_fork, parse, parse_in_processes, run_in_threads


@dataclass
class BuildResult:
    """What a build produced, for the summary line and for callers of the API."""

    out_dir: Path | None
    articles: int = 0
    parsed: int = 0  # articles run through the NLP pipeline in this build
    reused: int = 0  # unchanged articles whose cached facts were used
    mapped: int = 0  # articles whose graph and eval-format facts were made in this build (not reused)
    pruned: list[str] = field(default_factory=list)  # ids of articles dropped by --prune
    skipped: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading said besides errors (pages read from a web archive)
    quads: int = 0
    triples: int = 0
    actors: int = 0
    exchanges: int = 0
    negotiations: int = 0
    claims: int = 0
    events: int = 0  # real-world exchanges and rounds of talks after cross-article resolution
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # parse, resolve, map, validate, write
    validation: ValidationResult | None = None
    dataset: ox.Store | None = field(default=None, repr=False)  # held when nothing was written, else read back

    @property
    def store(self) -> ox.Store | None:
        """The dataset: kept in memory when nothing was written, else read back from
        ``graph.trig`` (into memory) the first time it is asked for."""
        if self.dataset is None and self.out_dir is not None and (self.out_dir / "graph.trig").is_file():
            self.dataset = read_store(self.out_dir / "graph.trig")
        return self.dataset

    @property
    def conforms(self) -> bool:
        return self.validation is None or self.validation.conforms

    def summary(self) -> str:
        parts = [
            f"{self.articles} articles", f"{self.triples} triples", f"{self.actors} actors",
            f"{self.exchanges} exchange and {self.negotiations} negotiation reports ({self.events} events)",
            f"{self.claims} claims",
        ]
        if self.reused or self.pruned:
            parts.append(f"{self.parsed} parsed, {self.reused} unchanged, {len(self.pruned)} pruned")
        if self.validation is not None:
            parts += [f"{self.validation.violations} violations", f"{self.validation.warnings} warnings"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts) + f" in {self.seconds:.1f}s"


def extract_facts(
    documents: Iterable[Document],
    nlp=None,
    *,
    model: str | None = None,
    gazetteer_files: Iterable[str | Path] = (),
    batch_size: int = 64,
    jobs: int = 1,
    cluster=None,
) -> Iterable[tuple[Document, ArticleFacts | ArticleError]]:
    """Run the pipeline over ``documents``, yielding each article with its facts (or the
    :class:`ArticleError` it failed with), in order; with ``jobs`` > 1 on that many processes
    (where the platform can fork), or on the workers of ``cluster``, a Dask client
    (:func:`kgbuild.cluster.connect`), same results."""
    nlp = nlp or load_pipeline(model, tuple(gazetteer_files))
    if cluster is not None:
        return parse_on_cluster(cluster, documents, model=resolve_model_name(model),
                                gazetteer_files=nlp.get_pipe("kgbuild_actors").gazetteer_files,
                                expected_fingerprint=pipeline_fingerprint(nlp))
    if jobs > 1 and can_fork():
        return parse_in_processes(nlp, documents, jobs)
    return parse(nlp, documents, batch_size)


def validation_runner(jobs: int, cluster=None) -> Runner:
    """Where validation's runs go: the workers of ``cluster``, ``jobs`` threads, or here."""
    if cluster is not None:
        return functools.partial(run_on_cluster, cluster)
    if jobs > 1:
        return functools.partial(run_in_threads, jobs=jobs)
    return starmap


def mapping_fingerprint(base: str) -> str:
    """What an article's graph and eval-format facts depend on besides its facts and resolution:
    the base IRI and the code that maps and exports them."""
    package = Path(__file__).parent
    return fingerprint(base, "", [*package.glob("rdf/*.py"), package / "article_graphs.py", package / "export_facts.py",
                                  package / "resolve.py"])


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path | None,
    *,
    base: str = DEFAULT_BASE,
    model: str | None = None,
    gazetteer_files: Iterable[str | Path] = (),
    published: dt.date | None = None,
    strict: bool = False,
    validate: bool = True,
    shacl_engine: str | None = None,
    prune: bool = False,
    batch_size: int = 64,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    nlp=None,
) -> BuildResult:
    """Build the knowledge graph of the articles in ``inputs`` and write it to ``out_dir``.

    Writes ``graph.trig`` (a named graph per article, one for the gazetteer's actors and one for
    cross-article results), ``graph.ttl`` (all triples merged), ``validation.ttl`` (the SHACL
    report), ``facts/<id>.json`` (the eval-format facts) and ``cache/<id>.json`` (each article's
    extracted facts). On an existing ``out_dir`` only new or changed articles are parsed again;
    articles built before but missing from ``inputs`` stay unless ``prune`` is set. With
    ``out_dir=None`` nothing is written and the dataset is returned in ``result.store``. Bad
    articles go to ``on_error`` and are skipped (raised with ``strict``); what reading notes besides
    (the pages read from a web archive) goes to ``on_note`` and ``result.notes``. Articles with no
    publication date of their own get ``published``. ``jobs`` processes parse the articles, or the
    workers of the Dask ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``, or ``local``
    for a cluster of ``jobs`` processes here); the output is the same whatever their number.
    ``shacl_engine`` names the SHACL engine (:mod:`kgbuild.shacl_engines`; by default rudof when
    installed, else pySHACL); the report is the same.

    >>> result = build(["examples/"], "out/")          # doctest: +SKIP
    >>> result.conforms, result.articles                 # doctest: +SKIP
    """
    started = time.perf_counter()
    result = BuildResult(out_dir=Path(out_dir) if out_dir is not None else None)
    stages = Stages(sys.stderr.isatty() if progress is None else progress)

    def skipped(error: InputError) -> None:
        if strict:
            raise error
        result.skipped.append(error)
        if on_error:
            on_error(error)

    def noted(note: str) -> None:
        result.notes.append(note)
        if on_note:
            on_note(note)

    shacl_engine = shacl_engine or DEFAULT_ENGINE
    if validate:
        engine(shacl_engine)  # an unknown or missing engine fails before the articles are parsed
    if result.out_dir is not None and result.out_dir.exists() and not result.out_dir.is_dir():
        raise KgbuildError(f"{result.out_dir}: the output must be a folder, and this is a file")
    with ExitStack() as closing:  # a Dask cluster lives for parsing and validation; it is reached before the model loads
        cluster = closing.enter_context(connect(scheduler, jobs)) if scheduler is not None else None
        nlp = nlp or load_pipeline(model, tuple(gazetteer_files))
        if result.out_dir is not None and result.out_dir.is_dir():
            remove_leftovers(result.out_dir)
        documents = read_documents(inputs, strict=strict, on_error=skipped, published=published, on_note=noted)
        articles = parse_articles(documents, nlp, result, stages, skipped, batch_size=batch_size, jobs=jobs,
                                  cluster=cluster, model=model)
        gazetteer = nlp.get_pipe("kgbuild_actors").gazetteer
        keep_or_prune_missing(articles, prune, result)
        if not articles.ids:
            raise KgbuildError("no article to build: " + ("every article was skipped" if result.skipped else
                               "the inputs hold no .txt, .md, .html, .jsonl or web-archive article"))
        resolution, inputs_of = resolve_articles(articles, set(gazetteer.entries), stages)
        folder = closing.enter_context(publishing(result.out_dir, outputs(validate))) if result.out_dir else None
        on_cluster = functools.partial(run_on_cluster, cluster) if cluster is not None else starmap
        dataset = closing.enter_context(map_articles(
            articles, resolution, inputs_of, IriMinter(base), gazetteer, result, stages, skipped, folder,
            runner=on_cluster, engine=shacl_engine if validate and cluster is not None else None))
        if validate:
            with stages.stage("validate", total=1, unit="dataset") as bar:
                cache_file = articles.cache.folder / "shared" / "validation.sqlite" if articles.cache else None
                if cache_file is not None:
                    cache_file.with_suffix(".json").unlink(missing_ok=True)  # where the cache was kept before SQLite
                result.validation = validate_dataset(dataset.spool or dataset.store, dataset.graphs, cache_file,
                                                     engine=shacl_engine, runner=validation_runner(jobs, cluster),
                                                     validated=dataset.validated)
                bar.update()
        if folder is not None:
            with stages.stage("write", total=3, unit="file") as bar:
                write_outputs(dataset, result, folder, bar.update)
        else:
            result.triples = sum(1 for _ in union_triples(dataset.store))
            result.dataset = dataset.store
    result.stage_seconds = stages.seconds
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class Articles:
    """The articles of a build and where their facts are: the cache of ``out/`` (read back one
    at a time), or memory when nothing is written."""

    cache: FactsCache | None
    ids: set[str] = field(default_factory=set)
    in_memory: dict[str, tuple[Document, ArticleFacts]] = field(default_factory=dict)

    def entry(self, article_id: str) -> tuple[Document, ArticleFacts] | str:
        """An article as mapping takes it: its facts-cache entry as stored (decoded where it is
        mapped, on a worker), or its document and facts when nothing is written."""
        return self.cache.text(article_id) if self.cache is not None else self.in_memory[article_id]

    def summaries(self) -> Iterator[ArticleSummary]:
        """Every article's summary, in id order, without reading its facts."""
        for article_id in sorted(self.ids):
            if self.cache is not None:
                yield from_json(ArticleSummary, self.cache.summary(article_id))
            else:
                yield summarize(*self.in_memory[article_id])

    def forget(self, article_id: str) -> None:
        """Drop an article that failed after parsing, from this build and from the cache (so the
        next build parses it again rather than trusting what led to the failure)."""
        self.ids.discard(article_id)
        if self.cache is not None:
            self.cache.remove(article_id)
            self.records().remove(article_id)

    def records(self) -> RecordCache | None:
        """Where each article's graph and eval-format facts are kept between builds."""
        return RecordCache(self.cache.folder / "graphs") if self.cache is not None else None


def parse_articles(documents: Iterable[Document], nlp, result: BuildResult, stages: Stages,
                   skipped: Callable[[InputError], None], *, batch_size: int, jobs: int,
                   cluster=None, model: str | None = None) -> Articles:
    """Stage 1: parse the new or changed articles (the rest come from the cache)."""
    cache = FactsCache(result.out_dir / "cache", pipeline_fingerprint(nlp)) if result.out_dir else None
    articles = Articles(cache)

    def to_parse() -> Iterator[Document]:
        for document in documents:
            articles.ids.add(document.id)
            if cache is not None and cache.has(document):
                result.reused += 1
                continue
            yield document

    with stages.stage("parse") as bar:
        for document, facts in extract_facts(to_parse(), nlp, model=model, batch_size=batch_size, jobs=jobs,
                                               cluster=cluster):
            bar.update()
            if isinstance(facts, ArticleError):
                articles.forget(document.id)  # what an earlier build cached of it is not this article
                skipped(facts)
                continue
            if cache is not None:
                cache.put(document, facts, to_json(summarize(document, facts)))
            else:
                articles.in_memory[document.id] = (document, facts)
            result.parsed += 1
    return articles


def keep_or_prune_missing(articles: Articles, prune: bool, result: BuildResult) -> None:
    """Articles cached by an earlier build and not in this one's inputs stay, or go with ``prune``."""
    if articles.cache is None:
        return
    for gone in set(articles.cache.ids()) - articles.ids:
        if prune:
            articles.cache.remove(gone)
            articles.records().remove(gone)
            result.pruned.append(gone)
        else:
            articles.ids.add(gone)


def resolve_articles(articles: Articles, gazetteer_ids: set[str], stages: Stages) -> tuple[Resolution, dict[str, tuple]]:
    """Stage 2: cross-article resolution from the articles' summaries, and what each article's
    later stages depend on of its own facts (its content hash and the actor keys it uses), so that
    they can be skipped when unchanged."""
    inputs_of: dict[str, tuple] = {}

    def noted() -> Iterator[ArticleSummary]:
        for summary in articles.summaries():
            inputs_of[summary.article_id] = (summary.content_hash, summary.keys)
            yield summary

    return resolve_summaries(stages.counted("resolve", noted(), len(articles.ids)), gazetteer_ids), inputs_of


@dataclass
class MappedDataset:
    """The RDF dataset of a build, with what validation and the writers need besides the quads."""

    graphs: list[NamedGraph]  # every named graph, with its digest
    spool: SpooledDataset | None  # on disk, when the build writes an output folder
    store: ox.Store | None  # in memory, when it does not
    validated: dict[str, tuple[str, dict]] = field(default_factory=dict)  # graphs validated as they were mapped


@contextmanager
def map_articles(articles: Articles, resolution: Resolution, inputs_of: dict[str, tuple], minter: IriMinter,
                 gazetteer, result: BuildResult, stages: Stages, skipped: Callable[[InputError], None],
                 folder: Path | None = None, runner: Runner = starmap, engine: str | None = None) -> Iterator[MappedDataset]:
    """Stage 3: the RDF dataset: a graph per article (kept between builds while the article and
    what resolution made of it are unchanged), the resolution graph, the gazetteer graph. The
    articles are mapped through ``runner``; with a SHACL ``engine`` they are validated there too
    (their results wait in ``validated`` for the validation stage).

    With an output ``folder`` articles stream through: each one's eval-format facts go to
    ``folder/facts/`` and its quads to a :class:`SpooledDataset` in a temporary folder as it is
    mapped, so that memory holds only a small record per article whatever the corpus size.
    Without, the dataset is an in-memory store."""
    records = articles.records()
    known_names = {**{key: entry.name for key, entry in gazetteer.entries.items()}, **resolution.actor_names}
    fingerprints = mapping_fingerprint(minter.base) + (articles.cache.fingerprint if articles.cache else "")
    with ExitStack() as closing:
        dataset = closing.enter_context(new_dataset(folder))
        texts: list[str] = []  # the articles' N-Quads, for the in-memory store
        actor_keys: set[str] = set()
        with stages.stage("map", total=len(articles.ids)) as bar:
            for article_id, record, found in article_records(articles, records, resolution, inputs_of, minter, known_names,
                                                             fingerprints, result, skipped, runner, engine):
                bar.update()
                if record is not None:
                    add_article(dataset, article_id, record, minter, folder, texts)
                    if found is not None:
                        dataset.validated[minter.graph(article_id).value] = (record["digest"], found)
                    actor_keys.update(record["actors"])
                    counted(record, result)
            if dataset.store is not None:
                dataset.store.bulk_load(input="".join(texts), format=ox.RdfFormat.N_QUADS)
            known = [gazetteer.entries[key] for key in actor_keys if key in gazetteer.entries]
            for quads, self_contained in ((list(resolution_quads(resolution, minter)), False),
                                          (list(gazetteer_quads(minter, known)), True)):
                if quads:
                    add_shared_graph(dataset, quads, self_contained)
        result.actors = len(actor_keys)
        result.events = len(resolution.exchange_clusters) + len(resolution.negotiation_clusters)
        result.quads = len(dataset.store) if dataset.store is not None else 0  # counted as graph.trig is written
        yield dataset


@contextmanager
def new_dataset(folder: Path | None) -> Iterator[MappedDataset]:
    """An empty dataset: spooled in a temporary folder (removed after) when the build writes to
    ``folder``, where it makes the facts/ folder; else an in-memory store."""
    if folder is None:
        yield MappedDataset([], None, ox.Store())
        return
    (folder / "facts").mkdir()
    with tempfile.TemporaryDirectory(prefix="kgbuild-dataset-") as work:
        spool = SpooledDataset(work, predicates_beyond_values())
        try:
            yield MappedDataset([], spool, None)
        finally:
            spool.close()


def add_article(dataset: MappedDataset, article_id: str, record: dict, minter: IriMinter, folder: Path | None,
                texts: list[str]) -> None:
    """Add one article's graph to the dataset and, when writing, its facts to ``folder/facts/``
    (without a spool, its N-Quads wait in ``texts`` for the in-memory store)."""
    graph = minter.graph(article_id).value
    dataset.graphs.append(NamedGraph(graph, record["digest"]))
    if dataset.spool is not None:
        dataset.spool.add(graph, record["nquads"], "<" + minter.article(article_id).value)
        write_facts_text(article_id, record["facts"], folder / "facts")
    else:
        texts.append(record["nquads"])


def counted(record: dict, result: BuildResult) -> None:
    """Count an article's facts in the build's summary."""
    result.articles += 1
    result.exchanges += record["exchanges"]
    result.negotiations += record["negotiations"]
    result.claims += record["claims"]


def add_shared_graph(dataset: MappedDataset, quads: list[ox.Quad], self_contained: bool) -> None:
    """Add a graph that belongs to no single article (resolution's, the gazetteer's)."""
    text, digest = serialized_graph(quads)
    name = quads[0].graph_name.value
    if dataset.spool is not None:
        dataset.spool.add(name, text)
    else:
        dataset.store.extend(quads)
    dataset.graphs.append(NamedGraph(name, digest, self_contained))


def article_records(articles: Articles, records: RecordCache | None, resolution: Resolution,
                    inputs_of: dict[str, tuple], minter: IriMinter, known_names: dict[str, str], fingerprints: str,
                    result: BuildResult, skipped: Callable[[InputError], None], runner: Runner = starmap,
                    engine: str | None = None) -> Iterator[tuple[str, dict | None, dict | None]]:
    """Each article's graph and eval-format facts, in id order: from the record cache while
    nothing they are made from changed, else mapped now in batches through ``runner`` (None when
    mapping fails: the article is skipped); with a SHACL ``engine``, the results of validating
    the graphs mapped now come along (see :func:`kgbuild.article_graphs.map_batch`)."""
    in_flight: deque = deque()  # each batch's articles: (id, record key, cached record or None)

    def batches() -> Iterator[tuple]:
        ids = sorted(articles.ids)
        for start in range(0, len(ids), MAP_BATCH):
            batch, to_map = [], []
            for article_id in ids[start:start + MAP_BATCH]:
                content_hash, keys = inputs_of[article_id]
                canonical = [(k, resolution.actor_keys.get(k, k)) for k in keys]
                key = hashlib.sha256(json.dumps([
                    fingerprints, content_hash, [(k, c, known_names.get(c)) for k, c in canonical],
                    sorted(map(list, resolution.article_event_keys(article_id).items()))], default=str).encode()).hexdigest()
                record = records.get(article_id, key) if records is not None else None
                if record is None:
                    names = {c: known_names[c] for _, c in canonical if c in known_names}
                    to_map.append((articles.entry(article_id), resolution.for_article(article_id, keys), names))
                batch.append((article_id, key, record))
            in_flight.append(batch)
            yield minter.base, engine, to_map

    for mapped in runner(map_batch, batches()):
        fresh = iter(mapped)
        for article_id, key, record in in_flight.popleft():
            found = None
            if record is None:
                record, found = next(fresh)
                if isinstance(record, tuple):
                    message, source = record
                    skipped(ArticleError(message, source or article_id))
                    articles.forget(article_id)
                    record = None
                else:
                    result.mapped += 1
                    if records is not None:
                        records.put(article_id, key, record)
            yield article_id, record, found


OUTPUTS = ("graph.trig", "graph.ttl", "validation.ttl", "facts")


def outputs(validated: bool) -> list[str]:
    """The files and folders a build publishes (validation.ttl only when it validates)."""
    return [name for name in OUTPUTS if name != "validation.ttl" or validated]


def write_outputs(dataset: MappedDataset, result: BuildResult, folder: Path, written: Callable[[], object] = lambda: None) -> None:
    """Write the dataset, the merged graph and the report into ``folder`` (the facts are there
    already), one graph at a time from the spool (``written`` is called after each file)."""
    result.quads = write_statements(dataset.spool.dataset_quads(), folder / "graph.trig")
    written()
    result.triples = write_statements(dataset.spool.union_triples(), folder / "graph.ttl")
    written()
    if result.validation is not None:
        result.validation.write_report(folder / "validation.ttl")
    written()
