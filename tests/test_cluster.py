"""Builds on a Dask cluster (kgbuild/cluster.py): real ``dask scheduler`` and ``dask worker``
processes on 127.0.0.1 give the files of a build on one machine, also when a worker is killed
in mid-build; a batch that kills every worker is skipped article by article; a missing Dask, an
unreachable scheduler or one lost in mid-build is one line."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild.build import build
from kgbuild.cli import main

from .conftest import EXAMPLES
from .dask_processes import dask_cluster
from .synthetic_news import news_articles

ARTICLES = 32
SMALL_BATCH = 4  # articles per task in these tests: eight batches, so work remains after the first results


def write_corpus(path: Path, records) -> Path:
    """The articles as JSONL, with one malformed line (skipped by the reader in every build)."""
    lines = [json.dumps(record) for record in records]
    path.write_text("\n".join([*lines[:5], "{not json", *lines[5:]]) + "\n", encoding="utf-8")
    return path


def outputs(out: Path, result) -> dict:
    """What must not depend on where the articles were parsed."""
    nquads = ox.serialize(result.store, format=ox.RdfFormat.N_QUADS).decode()
    return {"nquads": sorted(nquads.splitlines()), "graph.trig": (out / "graph.trig").read_bytes(),
            "validation.ttl": (out / "validation.ttl").read_bytes(),
            "facts": {p.name: p.read_bytes() for p in sorted((out / "facts").iterdir())},
            "skipped": [str(error) for error in result.skipped]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("news") / "news.jsonl", news_articles(ARTICLES, seed=13))


@pytest.fixture(scope="module")
def local_outputs(corpus, nlp, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("local") / "out"
    return outputs(out, build([corpus], out, nlp=nlp, jobs=1, progress=False))


@pytest.fixture
def small_batches(monkeypatch):
    import kgbuild.cluster

    monkeypatch.setattr(kgbuild.cluster, "WORKER_BATCH", SMALL_BATCH)


@pytest.fixture
def small_validation_runs(monkeypatch) -> list:
    """Mapping in small batches and validation in small runs (not one over the whole dataset),
    which go to the workers; the tasks sent to a cluster, as (function name, arguments)."""
    import kgbuild.build
    import kgbuild.validate

    monkeypatch.setattr(kgbuild.validate, "WHOLE_RUN_TRIPLES", 0)
    monkeypatch.setattr(kgbuild.validate, "TRIPLES_PER_RUN", 2_000)
    monkeypatch.setattr(kgbuild.build, "MAP_BATCH", SMALL_BATCH)
    sent, run_on_cluster = [], kgbuild.build.run_on_cluster

    def counted(client, function, argument_lists):
        yield from run_on_cluster(client, function, (sent.append((function.__name__, arguments)) or arguments
                                                     for arguments in argument_lists))

    monkeypatch.setattr(kgbuild.build, "run_on_cluster", counted)
    return sent


@pytest.mark.model
def test_a_build_on_two_dask_workers_gives_the_files_of_a_local_build(corpus, local_outputs, nlp, tmp_path,
                                                                      small_batches, small_validation_runs):
    with dask_cluster(tmp_path / "dask", workers=2) as cluster:
        result = build([corpus], tmp_path / "out", nlp=nlp, scheduler=cluster.address, progress=False)
    assert result.articles == ARTICLES and len(result.skipped) == 1
    mapped = [arguments for name, arguments in small_validation_runs if name == "map_batch"]
    assert len(mapped) == ARTICLES // SMALL_BATCH and all(engine for _, engine, _ in mapped)  # mapped and validated there
    assert sum(name == "_run" for name, _ in small_validation_runs) > 1  # shared nodes, in runs of 2,000 triples
    assert outputs(tmp_path / "out", result) == local_outputs


@pytest.mark.model
def test_a_build_completes_when_a_worker_is_killed_mid_build(corpus, local_outputs, nlp, tmp_path, small_batches):
    out = tmp_path / "out"
    parsed_when_killed: list[int] = []
    with dask_cluster(tmp_path / "dask", workers=2) as cluster:
        def kill_after_first_results() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                parsed = len(list((out / "cache").glob("*.json")))
                if parsed:
                    cluster.kill(cluster.workers[0])
                    parsed_when_killed.append(parsed)
                    return
                time.sleep(0.05)

        killer = threading.Thread(target=kill_after_first_results)
        killer.start()
        try:
            result = build([corpus], out, nlp=nlp, scheduler=cluster.address, progress=False)
        finally:
            killer.join()
        assert cluster.workers[0].poll() is not None  # the worker is gone
    assert parsed_when_killed and parsed_when_killed[0] < ARTICLES  # killed while articles were still to parse
    assert outputs(out, result) == local_outputs


@pytest.mark.model
def test_losing_the_scheduler_mid_build_is_one_line(corpus, tmp_path):
    out = tmp_path / "out"
    with dask_cluster(tmp_path / "dask", workers=1) as cluster:
        command = [sys.executable, "-m", "kgbuild.cli", "build", str(corpus), "--out", str(out),
                   "--scheduler", cluster.address]
        build_process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            while build_process.poll() is None and not list((out / "cache").glob("*.json")):
                time.sleep(0.05)
            cluster.kill(cluster.processes[0])  # the scheduler
            _, error = build_process.communicate(timeout=180)
        finally:
            build_process.kill()
    assert build_process.returncode == 2
    lines = [line for line in error.splitlines() if not line.startswith(f"kgbuild: warning: skipped {corpus}:6:")]
    assert len(lines) == 1 and lines[0].startswith(f"kgbuild: error: lost the Dask scheduler at {cluster.address} during")
    assert not (out / "graph.trig").exists()


@pytest.mark.model
def test_a_worker_whose_pipeline_differs_stops_the_build_in_one_line(corpus, nlp, tmp_path, monkeypatch):
    """As when a worker has another kgbuild, model or gazetteer: its fingerprint is not the client's."""
    import kgbuild.build
    from kgbuild.errors import KgbuildError

    monkeypatch.setattr(kgbuild.build, "pipeline_fingerprint", lambda nlp: "the client's pipeline")
    with pytest.raises(KgbuildError, match=r"^Dask worker tcp://127\.0\.0\.1:\d+ has another kgbuild, model or gazetteer"):
        build([corpus], tmp_path / "out", nlp=nlp, scheduler="local", jobs=1, progress=False)
    assert not (tmp_path / "out" / "graph.trig").exists()


POISON = "This sentence makes the worker that parses it die."


def parse_or_die(model, gazetteer_files, documents):
    """A task that kills its worker on an article holding POISON (as a crash in native code would)."""
    import os

    if any(POISON in document.text for document in documents):
        os._exit(1)
    from kgbuild.cluster import parse_partition

    return parse_partition(model, gazetteer_files, documents)


@pytest.mark.model
def test_a_batch_that_kills_every_worker_is_skipped_article_by_article(nlp, tmp_path, monkeypatch, small_batches):
    import dask

    import kgbuild.cluster

    records = list(news_articles(6, seed=5))
    records[1]["text"] += "\n\n" + POISON
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    monkeypatch.setattr(kgbuild.cluster, "parse_partition", parse_or_die)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        result = build([corpus], tmp_path / "out", nlp=nlp, scheduler="local", jobs=2, progress=False)
    assert [error.path for error in result.skipped] == [f"{corpus}:{line}" for line in range(1, SMALL_BATCH + 1)]
    assert all("a Dask worker died on each try" in str(error) for error in result.skipped)
    assert sorted(p.stem for p in (tmp_path / "out" / "facts").iterdir()) == [r["id"] for r in records[SMALL_BATCH:]]


def test_scheduler_without_dask_is_one_line_naming_the_extra(tmp_path):
    """kgbuild imports without Dask; --scheduler then says how to install it, before loading anything."""
    code = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None; "
            "import kgbuild.build, kgbuild.cluster; from kgbuild.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, "build", str(EXAMPLES), "--out", str(tmp_path / "out"),
                           "--scheduler", "local"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == ("kgbuild: error: building on a Dask cluster (--scheduler) needs Dask: "
                           "pip install 'kgbuild[dask]'\n")
    assert not (tmp_path / "out").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("address, reason", [
    (f"tcp://127.0.0.1:{free_port()}", "Timed out trying to connect"),
    ("tcp://127.0.0.1", "missing port number"),
    ("tcp://someone:secret@127.0.0.1:1", "invalid address"),
])
def test_an_unreachable_scheduler_is_one_line_with_its_address(address, reason, tmp_path, capsys):
    assert main(["build", str(EXAMPLES), "--out", str(tmp_path / "out"), "--scheduler", address]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kgbuild: error: cannot connect to the Dask scheduler at tcp://") and reason in error
    assert error.count("\n") == 1 and "secret" not in error and address.replace("someone:secret@", "") in error
