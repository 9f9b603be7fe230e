"""The build: articles -> spaCy -> facts -> RDF dataset -> SHACL validation -> files.

The CLI and the Python API both call :func:`build`. Articles stream through ``nlp.pipe`` in
batches; only the RDF dataset being written stays in memory (a compact pyoxigraph store), never
the parsed documents. Output files are replaced atomically at the end, so a failed run leaves the
previous output as it was.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .cache import FactsCache, fingerprint
from .corpus import Document, read_documents
from .errors import InputError
from .export_facts import facts_from_store, write_facts_dir
from .facts import ArticleFacts
from .files import atomic_path, replace_dir
from .nlp.pipeline import load_pipeline
from .progress import Stages
from .rdf.io import to_rdflib_graph, union_store, with_stable_blank_nodes, write_store
from .rdf.iri import DEFAULT_BASE, IriMinter
from .rdf.mapping import article_quads, gazetteer_quads, resolution_quads
from .resolve import resolve
from .validate import ValidationResult, validate_graph
from .workers import can_fork, parse, parse_in_processes


@dataclass
class BuildResult:
    """What a build produced, for the summary line and for callers of the API."""

    out_dir: Path | None
    articles: int = 0
    parsed: int = 0  # articles run through the NLP pipeline in this build
    reused: int = 0  # unchanged articles whose cached facts were used
    pruned: list[str] = field(default_factory=list)  # ids of articles dropped by --prune
    skipped: list[InputError] = field(default_factory=list)
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
    store: ox.Store | None = None

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
) -> Iterable[tuple[Document, ArticleFacts]]:
    """Run the pipeline over ``documents``, yielding each article with its facts, in order;
    with ``jobs`` > 1 on that many processes (where the platform can fork), same results."""
    nlp = nlp or load_pipeline(model, tuple(gazetteer_files))
    if jobs > 1 and can_fork():
        return parse_in_processes(nlp, documents, jobs)
    return parse(nlp, documents, batch_size)


def pipeline_fingerprint(nlp) -> str:
    """What cached facts depend on: the model, the gazetteers, and kgbuild's extraction code and
    pattern files (so a changed rule re-reads every article)."""
    package = Path(__file__).parent
    gazetteer_files = [Path(p) for p in nlp.get_pipe("kgbuild_actors").gazetteer_files]
    sources = [*package.glob("nlp/**/*.*"), *package.glob("extract/*.py"), package / "facts.py"]
    return fingerprint(nlp.meta.get("name", ""), nlp.meta.get("version", ""),
                       [*gazetteer_files, *(p for p in sources if p.suffix in (".py", ".jsonl", ".json"))])


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path | None,
    *,
    base: str = DEFAULT_BASE,
    model: str | None = None,
    gazetteer_files: Iterable[str | Path] = (),
    strict: bool = False,
    validate: bool = True,
    prune: bool = False,
    batch_size: int = 64,
    jobs: int = 1,
    progress: bool | None = None,
    on_error: Callable[[InputError], None] | None = None,
    nlp=None,
) -> BuildResult:
    """Build the knowledge graph of the articles in ``inputs`` and write it to ``out_dir``.

    Writes ``graph.trig`` (a named graph per article, one for the gazetteer's actors and one for
    cross-article results), ``graph.ttl`` (all triples merged), ``validation.ttl`` (the SHACL
    report), ``facts/<id>.json`` (the eval-format facts) and ``cache/<id>.json`` (each article's
    extracted facts). On an existing ``out_dir`` only new or changed articles are parsed again;
    articles built before but missing from ``inputs`` stay unless ``prune`` is set. With
    ``out_dir=None`` nothing is written and the dataset is returned in ``result.store``. Bad
    articles go to ``on_error`` and are skipped (raised with ``strict``). ``jobs`` processes parse
    the articles; the output is the same whatever their number.

    >>> result = build(["examples/"], "out/")          # doctest: +SKIP
    >>> result.conforms, result.articles                 # doctest: +SKIP
    """
    started = time.perf_counter()
    nlp = nlp or load_pipeline(model, tuple(gazetteer_files))
    gazetteer = nlp.get_pipe("kgbuild_actors").gazetteer
    result = BuildResult(out_dir=Path(out_dir) if out_dir is not None else None)
    stages = Stages(sys.stderr.isatty() if progress is None else progress)

    def skipped(error: InputError) -> None:
        result.skipped.append(error)
        if on_error:
            on_error(error)

    documents = read_documents(inputs, strict=strict, on_error=skipped)
    articles = parse_articles(documents, nlp, result, stages, batch_size=batch_size, jobs=jobs)
    keep_or_prune_missing(articles, prune, result)
    resolution = resolve(stages.counted("resolve", articles.each(), len(articles.ids)), set(gazetteer.entries))
    store = map_articles(articles, resolution, IriMinter(base), gazetteer, result, stages)
    with stages.stage("validate", total=1, unit="graph") as bar:
        result.triples, result.validation = validate_dataset(store, validate)
        bar.update()
    if result.out_dir is not None:
        with stages.stage("write", total=4, unit="file") as bar:
            write_outputs(store, result, bar.update)
    result.store = store
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

    def each(self) -> Iterator[tuple[Document, ArticleFacts]]:
        """Every article with its facts, in id order."""
        for article_id in sorted(self.ids):
            yield self.cache.load(article_id) if self.cache is not None else self.in_memory[article_id]


def parse_articles(documents: Iterable[Document], nlp, result: BuildResult, stages: Stages, *,
                   batch_size: int, jobs: int) -> Articles:
    """Stage 1: parse the new or changed articles (the rest come from the cache)."""
    cache = FactsCache(result.out_dir / "cache", pipeline_fingerprint(nlp)) if result.out_dir else None
    articles = Articles(cache)

    def to_parse() -> Iterator[Document]:
        for document in documents:
            articles.ids.add(document.id)
            if cache is not None and cache.get(document) is not None:
                result.reused += 1
                continue
            yield document

    with stages.stage("parse") as bar:
        for document, facts in extract_facts(to_parse(), nlp, batch_size=batch_size, jobs=jobs):
            if cache is not None:
                cache.put(document, facts)
            else:
                articles.in_memory[document.id] = (document, facts)
            result.parsed += 1
            bar.update()
    return articles


def keep_or_prune_missing(articles: Articles, prune: bool, result: BuildResult) -> None:
    """Articles cached by an earlier build and not in this one's inputs stay, or go with ``prune``."""
    if articles.cache is None:
        return
    for gone in set(articles.cache.ids()) - articles.ids:
        if prune:
            articles.cache.remove(gone)
            result.pruned.append(gone)
        else:
            articles.ids.add(gone)


def map_articles(articles: Articles, resolution, minter: IriMinter, gazetteer, result: BuildResult,
                 stages: Stages) -> ox.Store:
    """Stage 3: the RDF dataset: a graph per article, the resolution graph, the gazetteer graph."""
    store = ox.Store()
    actor_keys: set[str] = set()
    with stages.stage("map", total=len(articles.ids)) as bar:
        for document, facts in articles.each():
            facts = resolution.canonical(facts)
            store.extend(article_quads(minter, document, facts, resolution.article_event_keys(document.id)))
            actor_keys.update(actor.key for actor in facts.actors)
            result.articles += 1
            result.exchanges += len(facts.exchanges)
            result.negotiations += len(facts.negotiations)
            result.claims += len(facts.claims)
            bar.update()
        store.extend(resolution_quads(resolution, minter))
        known = [gazetteer.entries[key] for key in actor_keys if key in gazetteer.entries]
        store.extend(gazetteer_quads(minter, known))
    result.actors = len(actor_keys)
    result.events = len(resolution.exchange_clusters) + len(resolution.negotiation_clusters)
    result.quads = len(store)
    return store


def validate_dataset(store: ox.Store, validate: bool) -> tuple[int, ValidationResult | None]:
    """Stage 4: the number of distinct triples and, with ``validate``, the SHACL verdict."""
    if not validate:
        return len(union_store(store)), None
    graph = to_rdflib_graph(store)
    return len(graph), validate_graph(graph)


def write_outputs(store: ox.Store, result: BuildResult, written: Callable[[], object] = lambda: None) -> None:
    """Write the dataset, the merged graph, the report and the facts, each replaced atomically
    (``written`` is called after each)."""
    out = result.out_dir
    out.mkdir(parents=True, exist_ok=True)
    write_store(store, out / "graph.trig")
    written()
    write_store(store, out / "graph.ttl")
    written()
    if result.validation is not None:
        with atomic_path(out / "validation.ttl") as tmp:
            with_stable_blank_nodes(result.validation.report).serialize(destination=str(tmp), format="turtle")
    written()
    replace_dir(out / "facts", lambda tmp: write_facts_dir(facts_from_store(store), tmp))
    written()
