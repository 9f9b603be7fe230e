"""Throughput and memory of a whole kgbuild build against bare spaCy on the same texts.

    python benchmarks/bench_build.py --copies 50
    python benchmarks/bench_build.py --copies 3 --articles .realnews --jobs 2

Makes N copies of the bundled sample articles (new ids), then runs, each in its own process so
that peak RSS is its own: (1) bare ``nlp.pipe`` of the model kgbuild loads, (2) the kgbuild
pipeline alone (``nlp.pipe`` with the ruler and extractors), (3) the whole build (facts, RDF,
SHACL validation, files). Prints words/s, articles/s, peak RSS and the ratio to bare spaCy.
With ``--jobs N`` the same stages run again on N processes (bare spaCy with ``n_process=N``,
kgbuild with ``jobs=N``), each compared with bare spaCy on as many processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(copies: int, path: Path, source: Path) -> tuple[int, int]:
    """Write ``copies`` copies of the articles under ``source`` to one JSONL file; returns (articles, words)."""
    sys.path.insert(0, str(ROOT))
    from kgbuild.corpus import read_documents

    docs = list(read_documents([source]))
    articles = words = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for doc in docs:
                record = {"id": f"{doc.id}-{copy}", "text": doc.text, "title": doc.title, "url": doc.url,
                          "published": doc.published.isoformat() if doc.published else None, "publisher": doc.publisher}
                out.write(json.dumps(record) + "\n")
                articles += 1
                words += len(doc.text.split())
    return articles, words


def run_stage(stage: str, corpus: Path, out: Path, batch_size: int, validate: bool, jobs: int) -> None:
    """One measured stage, run in this (child) process; prints its seconds as JSON."""
    from kgbuild.corpus import read_documents

    texts = [doc.text for doc in read_documents([corpus])]
    if stage == "bare":
        import spacy

        from kgbuild.nlp.pipeline import resolve_model_name

        nlp = spacy.load(resolve_model_name())
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
            pass
    elif stage == "pipeline":
        from kgbuild.build import extract_facts
        from kgbuild.nlp.pipeline import load_pipeline

        nlp = load_pipeline()
        started = time.perf_counter()
        for _ in extract_facts(read_documents([corpus]), nlp, batch_size=batch_size, jobs=jobs):
            pass
    else:
        from kgbuild.build import build
        from kgbuild.nlp.pipeline import load_pipeline

        nlp = load_pipeline()
        started = time.perf_counter()
        result = build([corpus], out, nlp=nlp, batch_size=batch_size, progress=False, validate=validate, jobs=jobs)
        stages = {name: round(seconds / result.articles * 1000, 2) for name, seconds in result.stage_seconds.items()}
        print(json.dumps({"triples": result.triples, "validated": validate, "ms_per_article": stages}), file=sys.stderr)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(stage: str, corpus: Path, out: Path, batch_size: int, validate: bool, jobs: int) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the main process) of a stage run in a fresh process."""
    proc = subprocess.run(
        [sys.executable, __file__, "--stage", stage, "--corpus", str(corpus), "--out", str(out), "--batch-size", str(batch_size),
         "--jobs", str(jobs), *([] if validate else ["--no-validate"])],
        capture_output=True, text=True, check=True)
    if proc.stderr.strip():
        print("   ", proc.stderr.strip().splitlines()[-1])
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures["seconds"], figures["rss_mib"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=50, help="copies of the sample articles (default 50)")
    parser.add_argument("--articles", type=Path, default=ROOT / "examples",
                        help="file or folder of articles to copy (default: the bundled examples/, which are dense "
                             "with exchanges; .realnews/ gives news as it is)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--no-validate", action="store_true", help="also time the build without SHACL validation")
    parser.add_argument("--jobs", type=int, default=1, help="also run every stage on this many processes")
    parser.add_argument("--stage", choices=("bare", "pipeline", "build"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        run_stage(args.stage, args.corpus, args.out, args.batch_size, validate=not args.no_validate, jobs=args.jobs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        articles, words = make_corpus(args.copies, corpus, args.articles)
        print(f"corpus: {articles} articles, {words} words ({args.copies} copies of {args.articles})")
        stages = [("bare", True), ("pipeline", True), ("build", True)] + ([("build", False)] if args.no_validate else [])
        for jobs in sorted({1, args.jobs}):
            bare = None
            for stage, validate in stages:
                seconds, rss = measure(stage, corpus, Path(tmp) / f"out-{validate}-{jobs}", args.batch_size, validate, jobs)
                bare = bare or seconds
                label = (stage if validate or stage != "build" else "build -V") + (f" -j{jobs}" if jobs > 1 else "")
                print(f"{label:13s} {seconds:7.2f} s  {words / seconds:8.0f} words/s  {articles / seconds:7.1f} articles/s  "
                      f"peak RSS {rss:6.0f} MiB  ratio to bare spaCy{f' (n_process={jobs})' if jobs > 1 else ''} "
                      f"{bare / seconds:.2f}")

if __name__ == "__main__":
    main()
