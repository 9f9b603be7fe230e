"""Does cost grow with the input's size, not its square? Time and peak RSS at 1x and 4x.

    python benchmarks/bench_linearity.py
    python benchmarks/bench_linearity.py --scale 2     # larger inputs (1x is twice as big)

Three inputs, each built at 1x and at 4x its size, every run in its own process (so peak RSS is
its own): one long sentence (clauses joined by commas), one long article (many sentences), and
many short articles (a whole build: parsing, resolution, RDF, validation, files). Prints seconds,
peak RSS and the 4x/1x ratio of each; linear cost gives about 4 (the issue's bar is 4.5).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ("Istanbul", "Doha", "Abu Dhabi", "Geneva", "Riyadh", "Cairo")
SIDES = (("Russia", "Ukraine"), ("Israel", "Hamas"), ("Armenia", "Azerbaijan"), ("the United States", "Venezuela"))


def long_sentence(units: int) -> str:
    """One sentence of ``units`` clauses, each with a count."""
    clauses = ", ".join(f"{i % 90 + 10} soldiers of brigade {i} were freed in {PLACES[i % len(PLACES)]}"
                        for i in range(units))
    return f"Officials in Kyiv said on Monday that {clauses}."


def long_article(units: int) -> str:
    """One article of ``2 * units`` sentences: exchanges, talks and claims in turn."""
    sentences = []
    for i in range(units):
        a, b = SIDES[i % len(SIDES)]
        sentences.append(f"{a} and {b} exchanged {i % 90 + 10} prisoners on Monday, officials said.")
        sentences.append(f"Talks in {PLACES[i % len(PLACES)]} went on for {i % 5 + 2} days.")
    return " ".join(sentences)


def short_articles(count: int, path: Path) -> None:
    """``count`` short articles with distinct numbers and dates, as JSONL."""
    rng = random.Random(count)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            a, b = SIDES[i % len(SIDES)]
            text = (f"{a} and {b} exchanged {rng.randint(2, 900)} prisoners each on Friday, according to "
                    f"officials. The swap followed talks in {PLACES[i % len(PLACES)]} mediated by Turkey.")
            published = f"2025-{(i // 28) % 12 + 1:02d}-{i % 28 + 1:02d}"
            out.write(json.dumps({"id": f"a{i:06d}", "text": text, "published": published}) + "\n")


def run(case: str, size: int) -> None:
    """One measured run in this (child) process; prints seconds and peak RSS as JSON."""
    sys.path.insert(0, str(ROOT))
    from kgbuild.corpus import Document
    from kgbuild.nlp.pipeline import load_pipeline, make_document_doc

    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        if case == "articles":
            from kgbuild.build import build

            corpus = Path(tmp) / "corpus.jsonl"
            short_articles(size, corpus)
            started = time.perf_counter()
            build([corpus], Path(tmp) / "out", nlp=nlp, progress=False, jobs=1)
        else:
            text = long_sentence(size) if case == "sentence" else long_article(size)
            started = time.perf_counter()
            nlp(make_document_doc(nlp, Document(id="long", text=text)))
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(case: str, size: int) -> tuple[float, float]:
    proc = subprocess.run([sys.executable, __file__, "--run", case, str(size)], capture_output=True, text=True, check=True)
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures["seconds"], figures["rss_mib"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every 1x size by this (default 1)")
    parser.add_argument("--run", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run(args.run[0], int(args.run[1]))
        return
    cases = [("sentence", 1200, "one sentence of {n:,} clauses ({chars:,} characters)"),
             ("article", 300, "one article of {n2:,} sentences ({chars:,} characters)"),
             ("articles", 500, "{n:,} short articles, whole build")]
    for case, base, label in cases:
        rows = []
        for factor in (1, 4):
            size = int(base * args.scale * factor)
            chars = len(long_sentence(size)) if case == "sentence" else len(long_article(size)) if case == "article" else 0
            seconds, rss = measure(case, size)
            rows.append(seconds)
            print(f"{factor}x  {label.format(n=size, n2=2 * size, chars=chars):55s} {seconds:8.2f} s  peak RSS {rss:6.0f} MiB")
        print(f"    4x / 1x time: {rows[1] / rows[0]:.2f}")


if __name__ == "__main__":
    main()
