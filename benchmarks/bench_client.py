"""The client's stages after parsing (resolve, map, validate, write) at archive size, without
hours of parsing: wall time per stage, articles/s and the client's peak RSS.

    python benchmarks/bench_client.py --articles 1000 10000
    python benchmarks/bench_client.py --articles 100000 --work /var/tmp/kgbench > bench-100k.log 2>&1 &

Parses a few hundred synthetic news articles (tests/synthetic_news.py) once, into
``WORK/seed/`` (kept, and reused by later runs). For each N it then writes an output folder whose
facts cache (``out/cache/``, :class:`kgbuild.cache.FactsCache`) already holds N articles: copies of
the parsed ones under new ids, with their documents, as an incremental build finds articles it
parsed before; and a JSONL corpus of the N documents. A build of that corpus, in a fresh process,
parses nothing and runs only resolution, mapping, validation and writing (plus loading the model
and reading the inputs). Copies of one article report the same events, so each event is reported
by about N / seed articles: more sharing than real news has.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synthetic_news import write_news_jsonl  # noqa: E402

STAGES = ("resolve", "map", "validate", "write")


def own_peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def parse_seed(work: Path, count: int) -> Path:
    """Parse ``count`` synthetic articles once into ``work/seed`` (reused when already there)."""
    seed = work / "seed"
    if not (seed / "graph.trig").exists():
        from kgbuild.build import build

        corpus = work / "seed.jsonl"
        write_news_jsonl(corpus, count)
        build([corpus], seed, progress=False)
    return seed


def copy_cache(seed: Path, out: Path, corpus: Path, count: int) -> None:
    """Write ``count`` articles into ``out/cache`` and ``corpus``: copies of the seed's cached
    articles under new ids (``<id>-c<k>``), each with its own document and content hash."""
    from kgbuild.corpus import Document

    entries = sorted((seed / "cache").glob("*.json"))
    folder = out / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    with corpus.open("w", encoding="utf-8") as inputs:
        for number in range(count):
            header, summary, facts = entries[number % len(entries)].read_text(encoding="utf-8").split("\n", 2)
            header, summary = json.loads(header), json.loads(summary)
            old = header["document"]["id"]
            record = {**header["document"], "id": f"{old}-c{number // len(entries)}"}
            record.pop("source_path", None)
            document = Document(**{**record, "published": _date(record["published"])})
            header["document"]["id"], header["content_hash"] = document.id, document.content_hash
            summary["article_id"], summary["content_hash"] = document.id, document.content_hash
            facts = facts.replace(json.dumps(old), json.dumps(document.id))
            lines = [json.dumps(header, ensure_ascii=False), json.dumps(summary, ensure_ascii=False), facts]
            (folder / f"{document.id}.json").write_text("\n".join(lines), encoding="utf-8")
            inputs.write(json.dumps(record, ensure_ascii=False) + "\n")


def _date(text: str | None):
    import datetime as dt

    return dt.date.fromisoformat(text) if text else None


def run_build(corpus: Path, out: Path, validate: bool) -> None:
    """One measured build, in this (child) process; prints its figures as JSON."""
    from kgbuild.build import build

    started = time.perf_counter()
    result = build([corpus], out, progress=False, validate=validate)
    print(json.dumps({"seconds": time.perf_counter() - started, "stages": result.stage_seconds,
                      "parsed": result.parsed, "articles": result.articles, "summary": result.summary(),
                      "client_mib": own_peak_rss_mib()}))


def measure(corpus: Path, out: Path, validate: bool) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--run", str(corpus), str(out), *([] if validate else ["--no-validate"])],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the build failed: {proc.stderr.strip().splitlines()[-3:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--seed-articles", type=int, default=300, help="articles actually parsed (default 300)")
    parser.add_argument("--work", type=Path, default=Path("/var/tmp/kgbuild-bench-client"),
                        help="folder for the parsed seed, the corpora and the outputs (the seed is reused)")
    parser.add_argument("--no-validate", action="store_true", help="build without SHACL validation")
    parser.add_argument("--run", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_build(Path(args.run[0]), Path(args.run[1]), validate=not args.no_validate)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    seed = parse_seed(args.work, args.seed_articles)
    for size in args.articles:
        out, corpus = args.work / f"out-{size}", args.work / f"corpus-{size}.jsonl"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        copy_cache(seed, out, corpus, size)
        figures = measure(corpus, out, validate=not args.no_validate)
        after_parse = sum(figures["stages"].get(stage, 0.0) for stage in STAGES)
        per_article = ", ".join(f"{stage} {figures['stages'].get(stage, 0.0) / size * 1000:.2f}" for stage in STAGES)
        print(f"{size:>7,} articles  {figures['seconds']:8.1f} s in all, {after_parse:8.1f} s after parsing "
              f"({size / after_parse:6.1f} articles/s)  peak RSS client {figures['client_mib']:6.0f} MiB  "
              f"(parsed {figures['parsed']})", flush=True)
        print(f"         ms/article: {per_article}", flush=True)
        print(f"         {figures['summary']}", flush=True)


if __name__ == "__main__":
    main()
