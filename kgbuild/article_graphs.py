"""One article's graph and eval-format facts, made from its facts and what resolution decided of
them: in the build's process, or on the workers of a Dask cluster, which then validate the
graphs they made too (so that only the nodes several articles share are left to the client).

A task gets plain data (documents, facts, each article's part of the resolution) and returns
plain data, so that it can run anywhere; its records are the same wherever it runs.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from .corpus import Document
from .export_facts import eval_facts, facts_text
from .facts import ArticleFacts
from .rdf.iri import IriMinter
from .rdf.mapping import article_quads
from .rdf.spool import as_stored, triples_of
from .resolve import Resolution
from .validate import graph_results

MAP_BATCH = 32  # articles per mapping task: enough for one validation run worth sending to a worker
ArticleToMap = tuple[Document, ArticleFacts, Resolution, dict[str, str]]  # with its resolution and known names


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


def map_batch(base: str, engine: str | None, articles: list[ArticleToMap]) -> list[tuple[dict | str, dict | None]]:
    """Map ``articles`` under the ``base`` IRI: for each, its record (:func:`map_article`), or why
    mapping failed (one bad article never stops a build); and with a SHACL ``engine``, its
    graph's results from one validation run over the batch's graphs (see
    :func:`kgbuild.validate.graph_results`), else None."""
    minter = IriMinter(base)
    records: list[dict | str] = []
    for document, facts, resolution, known_names in articles:
        try:
            records.append(map_article(minter, document, resolution, facts, known_names))
        except Exception as error:  # noqa: BLE001 -- reported by the build, which skips the article
            records.append(f"mapping to RDF failed ({type(error).__name__}: {error}); article skipped")
    if engine is None:
        return [(record, None) for record in records]
    graphs = {minter.graph(document.id).value: record for (document, *_), record in zip(articles, records)
              if isinstance(record, dict)}
    found = graph_results(engine, {graph: triples_of(as_stored(record["nquads"].splitlines()))
                                   for graph, record in graphs.items()}) if graphs else {}
    return [(record, found.get(minter.graph(document.id).value)) for (document, *_), record in zip(articles, records)]
