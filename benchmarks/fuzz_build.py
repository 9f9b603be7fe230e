"""Hostile input, many times: generated adversarial articles built in batches, outputs checked.

    python benchmarks/fuzz_build.py --articles 10000 --per-build 1000 --jobs 2

Writes JSONL batches of fuzzed articles (random Unicode with lone surrogates, noncharacters and
control characters, huge numbers and lines, malformed and deeply nested JSON, ids such as "..",
"a/b" or 300 characters, calendar-edge dates, fields of the wrong type, news-like sentences mixed
in), builds each batch with ``kgbuild.build`` into its own folder, and checks that the build
finished, that rapper (when installed) accepts graph.trig, graph.ttl and validation.ttl, and that
nothing was written outside the output folder. Prints the counts; exit code 1 if any build
aborted or any output was rejected.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ["Russia and Ukraine exchanged {n} prisoners each on {day}, the ministry said.",
        "Hamas released {n} hostages and Israel freed {m} Palestinian prisoners, mediators in Doha said.",
        "Talks in Istanbul ended yesterday without a deal on the release of {n} detainees.",
        "Armenia handed over {n} Azerbaijani soldiers via Georgia, according to Baku."]
DAYS = ["Monday", "yesterday", "Friday", "31 December 9999", "1 January 0001", "29 February 2023"]
ODD_IDS = [".", "..", "../x", "a/b", "a b", "статья", "новость", "x" * 300, "", "\ud800", "CON", "-", "#1"]
ODD_DATES = ["0001-01-01", "9999-12-31", "2025-02-29", "1969-12-31", "2025-13-01", "yesterday", 20250516, None]
ODD_URLS = ["not a url", "http://ex.org/%zz", "http://ex.org/a#b#c", "http://[ex.org", 12345, "ftp://x", None,
            "https://ex.org/ü path?q=1"]


def odd_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.35:
            parts.append(rng.choice(NEWS).format(n=rng.choice([rng.randint(1, 999), "9" * rng.randint(20, 400)]),
                                                 m=rng.randint(1, 2000), day=rng.choice(DAYS)))
        elif roll < 0.6:
            parts.append("".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 40))))
        elif roll < 0.7:
            parts.append(rng.choice(["\ud800", "\udfff", "\ufffe", "\uffff", "\x00", "\x1b[31m", "\u202e", "\r"]) * rng.randint(1, 5))
        elif roll < 0.8:
            parts.append("<p>" + rng.choice(NEWS).format(n=5, m=6, day="Monday") + "</p><script>x</script>")
        elif roll < 0.9:
            parts.append(" ".join(str(rng.randint(0, 10**rng.randint(1, 30))) for _ in range(rng.randint(1, 30))))
        else:
            parts.append("word " * rng.randint(100, 3000))
    return " ".join(parts)


def odd_line(rng: random.Random, number: int) -> str:
    roll = rng.random()
    if roll < 0.03:
        return "{oops" + "x" * rng.randint(0, 50)
    if roll < 0.05:
        return "[" * rng.randint(1000, 50000)
    if roll < 0.06:
        return '{"id": "n%d", "text": "x", "big": %s}' % (number, "1" * 5000)
    record = {"id": rng.choice(ODD_IDS) + str(number) if rng.random() < 0.5 else f"a{number}",
              "text": odd_text(rng) if rng.random() < 0.95 else rng.choice([None, 42, ["x"], ""])}
    for key, values in (("published", ODD_DATES), ("url", ODD_URLS), ("title", [None, 7, "T\ud800", odd_text(rng)[:80]]),
                        ("publisher", [None, ["p"], "P\x00", "Reuters"])):
        if rng.random() < 0.5:
            record[key] = rng.choice(values)
    return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass").decode("utf-8", "replace") \
        if rng.random() < 0.2 else json.dumps(record)


def rapper_rejects(out: Path) -> list[str]:
    if not shutil.which("rapper"):
        return []
    rejected = []
    for name, syntax in (("graph.trig", "trig"), ("graph.ttl", "turtle"), ("validation.ttl", "turtle")):
        if (out / name).exists():
            proc = subprocess.run(["rapper", "-q", "-i", syntax, "-c", str(out / name)], capture_output=True, text=True)
            if proc.returncode != 0:
                rejected.append(f"{out / name}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return rejected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-build", type=int, default=1_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from kgbuild.build import build
    from kgbuild.errors import KgbuildError
    from kgbuild.nlp.pipeline import load_pipeline

    nlp, rng = load_pipeline(), random.Random(args.seed)
    builds = aborted = skipped = built = 0
    rejected: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for first in range(0, args.articles, args.per_build):
            folder = Path(tmp) / f"batch-{first}"
            folder.mkdir()
            count = min(args.per_build, args.articles - first)
            (folder / "in.jsonl").write_text("\n".join(odd_line(rng, first + i) for i in range(count)) + "\n",
                                             encoding="utf-8", errors="surrogatepass")
            builds += 1
            errors: list = []
            try:
                result = build([folder / "in.jsonl"], folder / "out", nlp=nlp, progress=False, jobs=args.jobs,
                               on_error=errors.append)
            except KgbuildError as error:  # every article of the batch was bad: a clear error, not an abort
                skipped += len(errors)
                print(f"batch {first:6d}: {error}", flush=True)
                continue
            except Exception as error:  # noqa: BLE001 -- what this script counts
                aborted += 1
                print(f"ABORTED batch {first}: {type(error).__name__}: {error}", file=sys.stderr)
                continue
            built += result.articles
            skipped += len(errors)
            rejected += rapper_rejects(folder / "out")
            outside = sorted(p.name for p in folder.iterdir()) != ["in.jsonl", "out"]
            if outside:
                rejected.append(f"batch {first}: files written outside out/")
            violations = result.validation.violations if result.validation else 0
            print(f"batch {first:6d}: {result.articles} built, {len(errors)} skipped, {violations} SHACL violations",
                  flush=True)
    print(f"{args.articles} fuzzed articles in {builds} builds ({time.perf_counter() - started:.0f} s): "
          f"{built} built, {skipped} skipped with one line each, {aborted} builds aborted, "
          f"{len(rejected)} outputs rejected{' by rapper' if shutil.which('rapper') else ' (rapper not installed)'}")
    for line in rejected:
        print("  " + line)
    return 1 if aborted or rejected else 0


if __name__ == "__main__":
    sys.exit(main())
