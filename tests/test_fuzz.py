"""Fuzzing the reader, the extractor and the writers (hypothesis; bounded so the suite stays fast).

No input may make an exception escape: a bad article is one InputError line and is skipped. What
is built parses in pyoxigraph, rdflib and rapper (when installed), every IRI is valid, and
nothing is written outside the output folder. ``benchmarks/fuzz_build.py`` runs the same checks
on thousands of articles outside the suite.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

from kgbuild.corpus import _UNUSABLE, read_documents
from kgbuild.errors import InputError, KgbuildError

# Any code point, lone surrogates and noncharacters included (hypothesis leaves surrogates out of text()).
ANY_CHAR = st.integers(0, 0x10FFFF).map(chr)
WORDS = st.sampled_from(["Russia", "Ukraine", "Hamas", "Israel", "released", "exchanged", "prisoners", "1,000",
                         "84", "yesterday", "talks", "in", "Istanbul", "said", "the", "of", ".", ",", "\n\n",
                         "9" * 40, "—", "Зеленский", "الأسرى", "🕊"])
TEXTS = st.lists(st.one_of(WORDS, st.text(ANY_CHAR, max_size=12)), min_size=1, max_size=60).map(" ".join)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                   st.text(ANY_CHAR, max_size=30), st.lists(st.integers(), max_size=2))
RECORDS = st.fixed_dictionaries(
    {"id": st.one_of(st.text(ANY_CHAR, min_size=1, max_size=40), st.integers(), st.sampled_from([".", "..", "../x", "a/b"])),
     "text": st.one_of(TEXTS, VALUES)},
    optional={"title": VALUES, "url": st.one_of(VALUES, st.sampled_from(["http://ex.org/%zz", "http://[ex.org", "https://a.b/#x#y"])),
              "published": st.one_of(VALUES, st.sampled_from(["0001-01-01", "9999-12-31", "2025-02-30", "2025-05-16"])),
              "publisher": VALUES})


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=True, allow_nan=True)  # \\ud800 escapes survive in ASCII JSON


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORDS, min_size=1, max_size=5), junk=st.text(ANY_CHAR, max_size=40))
def test_the_reader_never_raises_and_gives_usable_documents(tmp_path_factory, records, junk):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "in.jsonl"
    path.write_text("\n".join([*map(_line, records), junk.encode("utf-8", "surrogatepass").decode("utf-8", "replace")]),
                    encoding="utf-8")
    errors: list[InputError] = []
    docs = list(read_documents([path], on_error=errors.append))
    assert len(docs) + len(errors) >= 1
    for error in errors:
        assert "\n" not in str(error) and str(path) in str(error)
    assert len({d.id for d in docs}) == len(docs)
    for doc in docs:
        for value in (doc.id, doc.text, doc.title or "", doc.url or "", doc.publisher or ""):
            assert isinstance(value, str) and not _UNUSABLE.search(value)
        assert doc.id and "/" not in doc.id and not doc.id.startswith(".") and len(doc.id) <= 120


@pytest.mark.model
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORDS, min_size=1, max_size=6))
@example(records=[{"id": "nel", "text": "Russia Russia Russia \x85 and \u2028 in a sentence"}])  # line separators in a literal
def test_builds_of_fuzzed_articles_finish_and_write_valid_rdf_inside_out(nlp, tmp_path_factory, records):
    from kgbuild.build import build

    folder = tmp_path_factory.mktemp("fuzzbuild")
    (folder / "in.jsonl").write_text("\n".join(map(_line, records)) + "\n", encoding="utf-8")
    out = folder / "out"
    errors: list[InputError] = []
    try:
        result = build([folder / "in.jsonl"], out, nlp=nlp, progress=False, on_error=errors.append)
    except KgbuildError as error:  # every article was bad: one clear error, nothing written
        assert "no article to build" in str(error) and len(errors) == len(records) and not out.exists()
        return
    assert result.articles + len(errors) == len(records)
    assert sorted(p.name for p in folder.iterdir()) == ["in.jsonl", "out"]  # nothing written elsewhere
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)  # every IRI and literal is valid
    Dataset().parse(out / "graph.trig", format="trig")
    for name, rdf_format in (("graph.trig", "trig"), ("graph.ttl", "turtle"), ("validation.ttl", "turtle")):
        ox.parse(path=str(out / name), format=ox.RdfFormat.TRIG if rdf_format == "trig" else ox.RdfFormat.TURTLE)
        if shutil.which("rapper"):
            proc = subprocess.run(["rapper", "-q", "-i", rdf_format, "-c", str(out / name)], capture_output=True, text=True)
            assert proc.returncode == 0, proc.stderr[-500:]
    for facts_file in (out / "facts").glob("*.json"):
        json.loads(facts_file.read_text(encoding="utf-8"))
