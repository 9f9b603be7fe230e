"""Build and score every evaluation set in one command; prints per-group F1 per set.

    python benchmarks/score_sets.py                  # all sets that are here
    python benchmarks/score_sets.py realnews-dev realnews --details

Sets: ``seeds`` (../shared/corpus/seeds), ``heldout``, ``examples``, ``multi`` (our own prose),
``realnews-dev`` (../shared/realnews-dev) and ``realnews`` (tests/data/realnews). The two real-news
sets need their texts in ``.realnews/NNN.txt`` (publishers' texts are never committed; see
tests/data/realnews/README.md for getting them back); a set whose texts are missing is skipped
with a note. Each set is built with ``kgbuild build --no-validate`` into a temporary folder and
scored with the scorer of ``kgbuild eval``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEXTS = ROOT / ".realnews"

# name -> (input, gold folder, real-news index or None)
SETS: dict[str, tuple[Path, Path, Path | None]] = {
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds", None),
    "heldout": (ROOT / "tests/data/heldout", ROOT / "tests/data/heldout/gold", None),
    "examples": (ROOT / "examples", ROOT / "examples/gold", None),
    "multi": (ROOT / "tests/data/multi", ROOT / "tests/data/multi/gold", None),
    "realnews-dev": (TEXTS / "dev.jsonl", SHARED / "realnews-dev/gold", SHARED / "realnews-dev/index.tsv"),
    "realnews": (TEXTS / "realnews.jsonl", ROOT / "tests/data/realnews/gold", ROOT / "tests/data/realnews/index.tsv"),
}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(0)), text)


def realnews_jsonl(index: Path, texts: Path, out: Path) -> tuple[int, list[str]]:
    """Write the texts of an index's rows to one JSONL (the ' date YYYY-MM-DD' prefix becomes
    ``published``); returns (rows written, rows missing or with a wrong excerpt)."""
    rows, missing = [], []
    with index.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = texts / f"{row['num']}.txt"
            text = path.read_text(encoding="utf-8") if path.exists() else None
            if text is None or not text.startswith(_unescape(row["first40"])):
                missing.append(row["num"])
                continue
            published = row.get("published") or None
            prefix = re.match(r"\s*date (\d{4}-\d\d-\d\d)\s*", text)
            if prefix:
                published, text = published or prefix.group(1), text[prefix.end():]
            rows.append({"id": row["num"], "text": text, "url": row["url"],
                         **({"published": published} if published else {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows), missing


def score_set(name: str, workdir: Path, details: bool) -> dict | None:
    """Build one set and score it; None when its inputs are not here."""
    from kgbuild.evaluate import evaluate_dirs, format_report

    source, gold, index = SETS[name]
    if index is not None:
        if not index.exists() or not TEXTS.is_dir():
            print(f"{name}: skipped (no texts in {TEXTS}; see tests/data/realnews/README.md)", file=sys.stderr)
            return None
        written, missing = realnews_jsonl(index, TEXTS, source)
        if missing:
            print(f"{name}: {len(missing)} texts missing or with another excerpt: {' '.join(missing)}",
                  file=sys.stderr)
        if not written:
            return None
    elif not source.exists():
        print(f"{name}: skipped ({source} is not here)", file=sys.stderr)
        return None
    out = workdir / name
    subprocess.run([sys.executable, "-m", "kgbuild.cli", "build", str(source), "--out", str(out),
                    "--no-validate", "--quiet"], check=False)
    report = evaluate_dirs(gold, out / "facts")
    if details:
        print(f"\n### {name}\n{format_report(report, details=True)}\n")
    return {"groups": {group: score.f1 for group, score in report.per_group.items()},
            "micro": report.micro.f1, "bcubed": report.bcubed.f1, "articles": len(report.articles)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", choices=[*SETS, []], help="sets to score (default: all)")
    parser.add_argument("--details", action="store_true", help="print the missed and spurious tuples")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for name in args.sets or SETS:
            result = score_set(name, Path(workdir), args.details)
            if result is not None:
                results[name] = result
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{'set':<14}{'n':>4}{'actors':>9}{'exch':>8}{'negot':>8}{'claims':>8}{'micro':>8}{'B3':>7}")
    for name, r in results.items():
        g = r["groups"]
        print(f"{name:<14}{r['articles']:>4}{g['actors']:>9.3f}{g['exchanges']:>8.3f}{g['negotiations']:>8.3f}"
              f"{g['claims']:>8.3f}{r['micro']:>8.3f}{r['bcubed']:>7.3f}")


if __name__ == "__main__":
    main()
