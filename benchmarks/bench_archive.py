"""Reading and resolution at archive size: seconds and peak RSS at 10,000 and 100,000 articles.

    python benchmarks/bench_archive.py                       # 10,000 and 100,000 articles
    python benchmarks/bench_archive.py --sizes 10000 100000 --only resolve

Every measurement runs in its own process, so its peak RSS is its own.

- **read**: N generated news articles (about 1,000 characters each) written as .jsonl.gz files
  of 5,000 articles in monthly folders, then read with ``read_documents`` through a ``**`` glob,
  each article dropped once counted. Reading streams, so peak RSS should stay flat as N grows
  (what grows is the set of ids, kept to refuse duplicates).
- **resolve**: the facts of N articles with no NLP (the generator of bench_views.py: two
  reports of each exchange and round of talks, with their own counts, a conflict per 200
  articles; here each conflict has an event every third day, a tenth of its exchanges are
  planned a month ahead and carried out by its later ones, and a tenth of the reports give no
  date of their own), made into the summaries a build reads from its cache, then
  ``resolve_summaries`` timed. Blocking and the date window keep the cost about linear:
  100k/10k near 10 (it was about 32 when every plan read every completed exchange and talks
  with no place were all compared within a week).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ARTICLES_PER_FILE = 5_000
START = dt.date(2015, 1, 1)
SENTENCES = ("{a} and {b} exchanged {n} prisoners on {day}, the ministry said.",
             "The swap was mediated by {m}, which has brokered several earlier exchanges.",
             "Officials in {a} said the released men had been held for more than a year.",
             "Talks between {a} and {b} are due to resume next week in {m}, according to diplomats.",
             "Families of the missing gathered outside the ministry to ask for news of their relatives.",
             "{b} said it was ready for further exchanges on the principle of all for all.")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_archive(articles: int, folder: Path) -> None:
    """``articles`` news articles as .jsonl.gz files in monthly folders under ``folder``."""
    rng = random.Random(articles)
    for first in range(0, articles, ARTICLES_PER_FILE):
        month = folder / f"2024-{first // ARTICLES_PER_FILE % 12 + 1:02d}"
        month.mkdir(parents=True, exist_ok=True)
        with gzip.open(month / f"part-{first:07d}.jsonl.gz", "wt", encoding="utf-8") as out:
            for number in range(first, min(first + ARTICLES_PER_FILE, articles)):
                a, b, m = (f"State {rng.randint(1, 300)}", f"State {rng.randint(301, 600)}",
                           f"Mediator {rng.randint(1, 40)}")
                text = " ".join(s.format(a=a, b=b, m=m, n=rng.randint(2, 900), day="Friday") for s in SENTENCES * 2)
                out.write(json.dumps({"id": f"a{number:07d}", "text": text, "published": "2024-06-07",
                                      "publisher": f"Outlet {number % 50}"}) + "\n")


def run_read(articles: int) -> dict:
    from kgbuild.corpus import read_documents

    with tempfile.TemporaryDirectory() as tmp:
        write_archive(articles, Path(tmp))
        started = time.perf_counter()
        count = characters = 0
        for document in read_documents([str(Path(tmp) / "**" / "*.jsonl.gz")]):
            count += 1
            characters += len(document.text)
        seconds = time.perf_counter() - started
    assert count == articles
    return {"seconds": seconds, "rss_mib": peak_rss_mib(), "detail": f"{characters / 1e6:,.0f} M characters"}


def summaries(articles: int) -> list:
    """The cache summaries of ``articles`` synthetic articles (see the module's docstring). Each
    conflict has an event every third day, so an archive twice as large spans twice the time
    with the same number of reports a week per conflict."""
    from bench_views import article, world

    from kgbuild.resolve import summarize

    rng = random.Random(articles)
    conflicts = world(articles)
    found = []
    for index in range(articles):
        document, facts, _ = article(index, conflicts, rng)
        event = index // 2
        day = START + dt.timedelta(days=3 * (event // len(conflicts)))
        document = dataclasses.replace(document, published=day + dt.timedelta(days=1))
        planned = event // len(conflicts) % 10 == 5  # agreed a month before; the conflict's later exchanges carry it out
        facts.exchanges = [dataclasses.replace(
            e, date=None if index % 10 == 3 else day - dt.timedelta(days=30 if planned else 0),  # undated: published decides
            status="planned" if planned else e.status,
            releases=[dataclasses.replace(r, count=300) for r in e.releases] if planned else e.releases)
            for e in facts.exchanges]
        facts.negotiations = [dataclasses.replace(n, date=day) for n in facts.negotiations]
        found.append(summarize(document, facts))
    return found


def run_resolve(articles: int) -> dict:
    from kgbuild.resolve import resolve_summaries

    made = summaries(articles)
    started = time.perf_counter()
    resolution = resolve_summaries(made, set())
    seconds = time.perf_counter() - started
    events = len(resolution.exchange_clusters) + len(resolution.negotiation_clusters)
    return {"seconds": seconds, "rss_mib": peak_rss_mib(),
            "detail": f"{events:,} events, {len(resolution.fulfils):,} plans fulfilled"}


RUNS = {"read": run_read, "resolve": run_resolve}


def measure(case: str, articles: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--run", case, str(articles)], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--only", choices=tuple(RUNS), help="one of the measurements")
    parser.add_argument("--run", nargs=2, metavar=("CASE", "ARTICLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(RUNS[args.run[0]](int(args.run[1]))))
        return
    for case in [args.only] if args.only else list(RUNS):
        small, large = (measure(case, size) for size in args.sizes)
        for size, figures in zip(args.sizes, (small, large)):
            print(f"{case:8s} {size:>8,} articles {figures['seconds']:8.2f} s  peak RSS {figures['rss_mib']:6.0f} MiB"
                  f"  ({figures['detail']})", flush=True)
        print(f"{case:8s} {args.sizes[1] // args.sizes[0]}x articles: {large['seconds'] / small['seconds']:.1f}x time, "
              f"{large['rss_mib'] / small['rss_mib']:.2f}x peak RSS", flush=True)


if __name__ == "__main__":
    main()
