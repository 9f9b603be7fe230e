"""Time of an incremental rebuild after changing one article, against a clean build.

    python benchmarks/bench_incremental.py --articles 1000

Writes a corpus of distinct articles made from the bundled examples (new ids; every count and
the publication date shifted per copy, so no two copies report the same numbers on the same
day), builds it into a fresh folder, changes the text of ONE article and builds again into the
same folder. The pipeline is loaded once before the timings, so both figures are the build
itself (parsing, resolution, RDF, SHACL validation unless ``--no-validate``, files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgbuild.build import build  # noqa: E402
from kgbuild.corpus import read_documents  # noqa: E402
from kgbuild.nlp.pipeline import load_pipeline  # noqa: E402

# Counts, not years: "1,000", "84", but not "2025".
COUNT = re.compile(r"\b(?!(?:19|20)\d\d\b)\d{1,3}(?:,\d{3})*\b")


def shifted_counts(text: str, shift: int) -> str:
    """``text`` with every count raised by ``shift``, written the way the article wrote it."""
    def bump(match: re.Match) -> str:
        value = int(match.group().replace(",", "")) + shift
        return f"{value:,}" if "," in match.group() else str(value)
    return COUNT.sub(bump, text)


def make_corpus(articles: int, path: Path) -> list[dict]:
    """Write ``articles`` distinct variants of the examples to a JSONL file; returns the records."""
    examples = list(read_documents([ROOT / "examples"]))
    records = []
    for number in range(articles):
        copy, source = divmod(number, len(examples))
        doc = examples[source]
        published = (doc.published or dt.date(2025, 1, 1)) + dt.timedelta(days=copy)
        records.append({"id": f"{doc.id}-v{copy:03d}", "text": shifted_counts(doc.text, copy), "title": doc.title,
                        "url": doc.url, "published": published.isoformat(), "publisher": doc.publisher})
    write_records(records, path)
    return records


def write_records(records: list[dict], path: Path) -> None:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")


def timed_build(corpus: Path, out: Path, nlp, validate: bool, jobs: int):
    started = time.perf_counter()
    result = build([corpus], out, nlp=nlp, validate=validate, progress=False, jobs=jobs)
    return time.perf_counter() - started, result


def stage_times(result) -> str:
    return ", ".join(f"{name} {seconds:.1f}s" for name, seconds in result.stage_seconds.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles in the corpus (default 1000)")
    parser.add_argument("--no-validate", action="store_true", help="skip SHACL validation in both builds")
    parser.add_argument("--jobs", type=int, default=1, help="processes that parse articles (default 1)")
    args = parser.parse_args()
    validate = not args.no_validate

    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "out"
        records = make_corpus(args.articles, corpus)
        words = sum(len(record["text"].split()) for record in records)
        print(f"corpus: {len(records)} articles, {words} words (variants of examples/), validate={validate}")

        clean_seconds, clean = timed_build(corpus, out, nlp, validate, args.jobs)
        print(f"clean build:       {clean_seconds:8.2f} s  ({clean.parsed} parsed; {clean.summary()})")
        print(f"    stages: {stage_times(clean)}")

        changed = records[len(records) // 2]
        changed["text"] = shifted_counts(changed["text"], 1)
        write_records(records, corpus)
        again_seconds, again = timed_build(corpus, out, nlp, validate, args.jobs)
        print(f"incremental build: {again_seconds:8.2f} s  ({again.parsed} parsed, {again.reused} unchanged; "
              f"changed {changed['id']})")
        print(f"    stages: {stage_times(again)}")
        print(f"incremental / clean: {again_seconds / clean_seconds:.3f}  "
              f"(clean is {clean_seconds / again_seconds:.1f}x the incremental time)")
        if again.parsed != 1:
            print("warning: the rebuild parsed more than the changed article: the pipeline's model, gazetteer "
                  "or pattern files changed between the two builds, so the figures do not measure an "
                  "incremental rebuild", file=sys.stderr)


if __name__ == "__main__":
    main()
