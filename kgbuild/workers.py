"""Parsing on several cores: worker processes forked from the one that loaded the pipeline
(so the model is loaded once and shared copy-on-write) turn batches of articles into facts.
Batches come back in input order, so the output does not depend on the number of processes;
at most a few batches per worker are in flight, so memory does not grow with the corpus."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from .corpus import Document
from .errors import ArticleError
from .facts import ArticleFacts
from .nlp.pipeline import make_document_doc

Parsed = tuple[Document, ArticleFacts | ArticleError]  # an article with its facts, or why it has none

_PIPELINE = None  # the pipeline a forked worker inherits from its parent
WORKER_BATCH = 16  # articles per task: small enough to keep every worker busy on short inputs


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def parse(nlp, documents: Iterable[Document], batch_size: int) -> Iterator[Parsed]:
    """Run the pipeline over ``documents`` in this process, yielding each with its facts. When
    the pipeline fails on a batch, its articles are parsed one by one, and an article it fails on
    comes with an :class:`ArticleError` instead of facts (the others are not lost)."""
    iterator = iter(documents)
    while batch := list(islice(iterator, batch_size)):
        try:
            parsed = [(doc._.kg_document, doc._.kg_facts)
                      for doc in nlp.pipe((make_document_doc(nlp, d) for d in batch), batch_size=batch_size)]
        except Exception:  # noqa: BLE001 -- find the article at fault; the others go on
            parsed = [_parse_one(nlp, document) for document in batch]
        yield from parsed


def _parse_one(nlp, document: Document) -> Parsed:
    try:
        return document, nlp(make_document_doc(nlp, document))._.kg_facts
    except Exception as error:  # noqa: BLE001 -- one bad article never stops a build
        return document, ArticleError(f"extraction failed ({type(error).__name__}: {error}); article skipped",
                                      document.source_path or document.id)


def _parse_batch(documents: list[Document]) -> list[Parsed]:
    return list(parse(_PIPELINE, documents, len(documents)))


def run_in_threads(function: Callable, argument_lists: Iterable[tuple], jobs: int) -> Iterator:
    """``function(*arguments)`` for each of ``argument_lists``, on ``jobs`` threads, the results in
    order; at most two calls per thread in flight (the arguments are made as needed). For work
    that releases the GIL (rudof's SHACL engine): threads, since a library with threads of its own
    hangs in a child process forked after the parent used it, and spawned processes would import
    the caller's main module again."""
    with ThreadPoolExecutor(jobs) as pool:
        pending: deque = deque()
        for arguments in argument_lists:
            pending.append(pool.submit(function, *arguments))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def parse_in_processes(nlp, documents: Iterable[Document], jobs: int) -> Iterator[Parsed]:
    """Like :func:`parse`, on ``jobs`` worker processes (needs the "fork" start method)."""
    global _PIPELINE
    _PIPELINE = nlp
    iterator = iter(documents)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque = deque()
        while batch := list(islice(iterator, WORKER_BATCH)):
            pending.append(pool.apply_async(_parse_batch, (batch,)))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
