"""Parsing on a Dask cluster: the workers of a running ``dask scheduler`` (or of a local cluster
started for the build) turn batches of articles into facts, which come back to this process.

It is :func:`kgbuild.workers.parse_in_processes` spread over machines: batches are submitted in
input order with a bounded number in flight (so memory does not grow with the corpus), and
results are yielded in input order (so the output does not depend on the cluster). Each worker
loads the pipeline once, from the model name and gazetteer paths it is sent, and keeps it for
the builds that follow. Dask runs a task again elsewhere when its worker dies; the articles of a
batch that killed every worker it ran on (``distributed.scheduler.allowed-failures`` + 1 of them)
are reported and skipped. Dask is an optional dependency, imported only when a cluster is asked for.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from .cache import pipeline_fingerprint
from .corpus import Document
from .errors import ArticleError, KgbuildError
from .nlp.pipeline import load_pipeline
from .workers import WORKER_BATCH, Parsed, parse

LOCAL = "local"  # --scheduler local: a cluster of --jobs worker processes on this machine
CONNECT_TIMEOUT = "10s"
_PIPELINES: dict[tuple[str, tuple[str, ...]], tuple[object, str]] = {}  # a worker's pipelines, loaded once


def require_dask():
    """The ``distributed`` module, or a one-line error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise KgbuildError("building on a Dask cluster (--scheduler) needs Dask: pip install 'kgbuild[dask]'") from None
    return distributed


def _worker_pipeline(model: str, gazetteer_files: tuple[str, ...]) -> tuple[object, str]:
    """This worker's pipeline for ``model`` and ``gazetteer_files``, with its fingerprint."""
    key = (model, gazetteer_files)
    if key not in _PIPELINES:
        nlp = load_pipeline(model, gazetteer_files)
        _PIPELINES[key] = nlp, pipeline_fingerprint(nlp)
    return _PIPELINES[key]


def parse_partition(model: str, gazetteer_files: tuple[str, ...], documents: list[Document]) -> tuple[str, str, list[Parsed]]:
    """The task a worker runs: (its address, its pipeline's fingerprint, each article with its facts)."""
    from distributed import get_worker

    address = get_worker().address
    try:
        nlp, fingerprint = _worker_pipeline(model, gazetteer_files)
    except KgbuildError as error:
        raise KgbuildError(f"on Dask worker {address}: {error}") from None
    return address, fingerprint, list(parse(nlp, documents, len(documents)))


@contextmanager
def connect(scheduler: str, jobs: int = 1) -> Iterator:
    """A Dask client of the scheduler at ``scheduler`` (``tcp://HOST:8786``), or of a local cluster
    of ``jobs`` worker processes (one thread each, bound to 127.0.0.1, no dashboard) when it is
    ``local``; closed on leaving. An unreachable scheduler is a one-line error, and Dask's own log
    (tracebacks while it tries to reconnect) is kept quiet meanwhile."""
    distributed = require_dask()
    logs = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("distributed")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.CRITICAL)
    try:
        if scheduler == LOCAL:
            with distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                                          dashboard_address=None, silence_logs=logging.CRITICAL,
                                          scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its HTTP server
                                          ) as cluster, \
                    distributed.Client(cluster, set_as_default=False) as client:
                yield client
            return
        try:
            address = distributed.comm.resolve_address(scheduler)  # a malformed address or unknown host fails here
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except Exception as error:  # noqa: BLE001 -- OSError, TimeoutError, ValueError: all mean "cannot connect"
            raise KgbuildError(_without_credentials(
                f"cannot connect to the Dask scheduler at {scheduler}: {_first_line(error)}")) from None
        with client:
            yield client
    finally:
        for log, level in zip(logs, levels):
            log.setLevel(level)


def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


def _without_credentials(message: str) -> str:
    """``message`` with any ``user:password@`` of an address taken out."""
    return re.sub(r"[^\s/@'\"]+@", "", message)


def parse_on_cluster(client, documents: Iterable[Document], *, model: str, gazetteer_files: Iterable[str],
                     expected_fingerprint: str) -> Iterator[Parsed]:
    """Like :func:`kgbuild.workers.parse`, on the workers of the Dask ``client`` (see :func:`connect`).
    A worker whose pipeline has another fingerprint than ``expected_fingerprint`` (another
    kgbuild, model or gazetteer) stops the build with one line, and so does losing the scheduler."""
    distributed = require_dask()
    gazetteers = tuple(str(path) for path in gazetteer_files)
    scheduler = _without_credentials(client.scheduler.address)

    def results(future, batch: list[Document]) -> list[Parsed]:
        try:
            address, fingerprint, parsed = future.result()
        except distributed.KilledWorker:  # the batch killed every worker it ran on: its articles are skipped
            return [(document, ArticleError(f"a Dask worker died on each try at the batch of {len(batch)} articles "
                                            "this one was in; article skipped", document.source_path or document.id))
                    for document in batch]
        if fingerprint != expected_fingerprint:
            raise KgbuildError(f"Dask worker {address} has another kgbuild, model or gazetteer than this machine "
                               "(install the same kgbuild and model on every worker)")
        return parsed

    iterator = iter(documents)
    pending: deque = deque()
    try:
        while batch := list(islice(iterator, WORKER_BATCH)):
            pending.append((client.submit(parse_partition, model, gazetteers, batch, pure=False), batch))
            if len(pending) >= 2 * max(1, sum(client.nthreads().values())):
                yield from results(*pending.popleft())
        while pending:
            yield from results(*pending.popleft())
    except (OSError, distributed.CancelledError) as error:
        raise _lost_scheduler(scheduler, error) from None


def run_on_cluster(client, function: Callable, argument_lists: Iterable[tuple]) -> Iterator:
    """``function(*arguments)`` for each of ``argument_lists``, on the workers of the Dask ``client``,
    the results in order; at most two calls per worker thread in flight."""
    distributed = require_dask()
    scheduler = _without_credentials(client.scheduler.address)
    pending: deque = deque()
    try:
        for arguments in argument_lists:
            pending.append(client.submit(function, *arguments, pure=False))
            if len(pending) >= 2 * max(1, sum(client.nthreads().values())):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except (OSError, distributed.CancelledError) as error:
        raise _lost_scheduler(scheduler, error) from None


def _lost_scheduler(scheduler: str, error: Exception) -> KgbuildError:
    return KgbuildError(f"lost the Dask scheduler at {scheduler} during the build ({type(error).__name__}); "
                        "earlier output left unchanged")
