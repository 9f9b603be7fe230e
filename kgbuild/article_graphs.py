"""One article's graph and eval-format facts, made from its facts and what resolution decided of
them: in the build's process, or on the workers of a Dask cluster, which then validate the
graphs they made too (so that only the nodes several articles share are left to the client).

A task gets plain data (documents, facts, each article's part of the resolution) and returns
plain data, so that it can run anywhere; its records are the same wherever it runs.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from .cache import decode_entry
from .corpus import Document
from .export_facts import eval_facts, facts_text
from .facts import ArticleFacts
from .rdf.iri import IriMinter
from .rdf.mapping import article_quads
from .rdf.spool import as_stored, statement_lines, triples_of
from .resolve import Resolution
from .validate import graph_results

MAP_BATCH = 32  # articles per mapping task: enough for one validation run worth sending to a worker
# an article (its document and facts, or its facts-cache entry as stored, decoded where it is
# mapped) with its part of the resolution and the names of the actors it uses
ArticleToMap = tuple[tuple[Document, ArticleFacts] | str, Resolution, dict[str, str]]


def map_article(minter: IriMinter, document: Document, resolution: Resolution, facts: ArticleFacts,
                known_names: dict[str, str]) -> dict:
    """One article's graph (as N-Quads, with its digest and subjects) and eval-format facts."""
    facts = resolution.canonical(facts)
    event_keys = resolution.article_event_keys(document.id)
    text, digest = serialized_graph(article_quads(minter, document, facts, event_keys))
    return {
        "nquads": text, "digest": digest,
        "facts": facts_text(eval_facts(minter, document, facts, event_keys, known_names)),
        "exchanges": len(facts.exchanges), "negotiations": len(facts.negotiations),
        "actors": sorted(a.key for a in facts.actors), "claims": len(facts.claims),
    }


def serialized_graph(quads: list[ox.Quad]) -> tuple[str, str]:
    """One graph's quads as N-Quads, and the digest of that text."""
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode() if quads else ""
    return text, hashlib.sha256(text.encode()).hexdigest()


def map_batch(base: str, engine: str | None, articles: list[ArticleToMap]) -> list[tuple[dict | tuple, dict | None]]:
    """Map ``articles`` under the ``base`` IRI: for each, its record (:func:`map_article`), or why
    mapping failed and the article's file (one bad article never stops a build); and with a SHACL ``engine``, its
    graph's results from one validation run over the batch's graphs (see
    :func:`kgbuild.validate.graph_results`), else None."""
    minter = IriMinter(base)
    records: list[dict | tuple[str, str | None]] = []
    graph_names: list[str | None] = []
    for entry, resolution, known_names in articles:
        graph, document = None, None
        try:
            document, facts = decode_entry(entry, "facts cache") if isinstance(entry, str) else entry
            record = map_article(minter, document, resolution, facts, known_names)
            graph = minter.graph(document.id).value
        except Exception as error:  # noqa: BLE001 -- reported by the build, which skips the article
            record = (f"mapping to RDF failed ({type(error).__name__}: {error}); article skipped",
                      document.source_path if document is not None else None)
        graph_names.append(graph)
        records.append(record)
    if engine is None:
        return [(record, None) for record in records]
    texts = {graph: triples_of(as_stored(statement_lines(record["nquads"])))
             for graph, record in zip(graph_names, records) if isinstance(record, dict)}
    found = graph_results(engine, texts) if texts else {}
    return [(record, found.get(graph) if graph else None) for graph, record in zip(graph_names, records)]
