"""Cross-article resolution on a multi-article set (tests/data/multi, described in its README).

Several outlets report the same exchanges with different numbers; other articles report
different events between the same sides. Two layers are tested:

- resolution alone (no model), on facts taken from the gold files, so the rules of
  ``kgbuild.resolve`` are measured apart from extraction;
- the whole build (``@pytest.mark.model``): event ids in the facts export, B-cubed against the
  gold ``event_id`` clusters, disagreement nodes in the graph, incremental = clean build.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from kgbuild.corpus import read_documents
from kgbuild.evaluate import evaluate_dirs, evaluate_facts, load_facts_dir, normalize_text
from kgbuild.facts import Actor, ArticleFacts, Exchange, Release
from kgbuild.rdf.iri import IriMinter
from kgbuild.rdf.mapping import resolution_quads
from kgbuild.resolve import resolve

MULTI = Path(__file__).resolve().parent / "data" / "multi"
ARTICLES = MULTI / "articles.jsonl"
GOLD = MULTI / "gold"

# The September swap: four reports, two exact Russian counts that disagree (195 vs 207).
SWAP_REPORTS = ("ru-ua-swap-ministry", "ru-ua-swap-president", "ru-ua-swap-roughly-200", "ru-ua-swap-brief")
SAME_EVENT = [SWAP_REPORTS, ("gaza-release-wire", "gaza-release-daily"), ("yemen-icrc-release", "yemen-houthi-account")]
DISAGREEING = [("ru-ua-swap-ministry", "ru-ua-swap-president"), ("yemen-icrc-release", "yemen-houthi-account")]
ARMENIA_AZERBAIJAN = ("am-az-june-2021", "am-az-july-2021")
PLAN, OUTCOME = "istanbul-may-agreement", "ru-ua-1000-completed"

# Lowest B-cubed F1 of the whole build accepted. Reporting every exchange as its own event
# scores 0.76 on this set (test_singleton_baseline_is_below_the_floor); the gold clusters score
# 1.0. The floor asks for real merging (both two-report events, or the four-report swap, with
# no wrong merge) while leaving room for an extraction miss.
BCUBED_FLOOR = 0.85

KG = "https://w3id.org/kgbuild/ns#"


def _documents() -> dict:
    return {document.id: document for document in read_documents([ARTICLES], strict=True)}


def _facts_from_gold(article_id: str, gold: dict) -> ArticleFacts:
    """The facts a perfect extractor would return, keyed by folded names."""
    exchanges = []
    for exchange in gold["exchanges"]:
        planned = exchange["qualifier"] == "planned"
        qualifier = "exact" if planned else exchange["qualifier"]
        exchanges.append(Exchange(
            kind=exchange["kind"], sides=sorted(map(normalize_text, exchange["sides"])),
            releases=[Release(normalize_text(side), n, qualifier) for side, n in exchange["released_by"].items()],
            status="planned" if planned else "completed",
            date=dt.date.fromisoformat(exchange["date"]) if exchange["date"] else None))
    actors = [Actor(normalize_text(a["name"]), a["name"], a["type"]) for a in gold["actors"]]
    return ArticleFacts(article_id, actors=actors, exchanges=exchanges)


@pytest.fixture(scope="module")
def gold_resolution():
    """Resolution of the gold facts of every article of the set."""
    documents = _documents()
    gold = load_facts_dir(GOLD)
    return resolve([(documents[aid], _facts_from_gold(aid, facts)) for aid, facts in sorted(gold.items())], set())


def _event_of(resolution, article_id: str) -> tuple:
    (key,) = [k for (kind, _), k in resolution.article_event_keys(article_id).items() if kind == "exchange"]
    return key


# ---------------------------------------------------------------- the data itself


def test_set_reads_and_every_article_has_gold_with_verbatim_evidence():
    documents = _documents()
    gold = load_facts_dir(GOLD)
    assert 10 <= len(documents) <= 14 and set(documents) == set(gold)
    for article_id, facts in gold.items():
        assert 60 <= len(documents[article_id].text.split()) <= 150
        assert documents[article_id].published and documents[article_id].publisher
        for item in facts["exchanges"] + facts["negotiations"]:
            assert item["evidence"] in documents[article_id].text
        assert all(exchange.get("event_id") for exchange in facts["exchanges"])
    assert len({documents[aid].publisher for aid in gold}) >= 10


def test_singleton_baseline_is_below_the_floor():
    """The floor must mean something: one event per report must not pass it."""
    gold = load_facts_dir(GOLD)
    empty = {aid: {"actors": [], "exchanges": [], "negotiations": [], "claims": []} for aid in gold}
    assert evaluate_facts(gold, empty).bcubed.f1 < BCUBED_FLOOR


# ---------------------------------------------------------------- resolution on gold facts (no model)


def test_gold_facts_resolve_to_the_gold_events(gold_resolution):
    gold = load_facts_dir(GOLD)
    predicted = copy.deepcopy(gold)
    for article_id, facts in predicted.items():
        for exchange in facts["exchanges"]:
            del exchange["event_id"]
            exchange["id"] = repr(_event_of(gold_resolution, article_id))
    bcubed = evaluate_facts(gold, predicted).bcubed
    assert bcubed.f1 == 1.0, bcubed


def test_gold_facts_keep_the_two_armenia_azerbaijan_releases_apart(gold_resolution):
    june, july = (_event_of(gold_resolution, aid) for aid in ARMENIA_AZERBAIJAN)
    assert june != july


def test_gold_facts_disagreements_name_both_articles(gold_resolution):
    quads = list(resolution_quads(gold_resolution, IriMinter()))
    notes = [q.object.value for q in quads if q.predicate.value == KG + "disagreementNote"]
    for first, second in DISAGREEING:
        assert any(first in note and second in note for note in notes), notes


def test_gold_facts_plan_is_fulfilled_by_its_completion_only(gold_resolution):
    plan = _event_of(gold_resolution, PLAN)
    fulfilling = {done for done, planned in gold_resolution.fulfils if planned == plan}
    assert fulfilling == {_event_of(gold_resolution, OUTCOME)}


# ---------------------------------------------------------------- the whole build (model)


@pytest.fixture(scope="module")
def multi_build(nlp, tmp_path_factory):
    from kgbuild.build import build

    out = tmp_path_factory.mktemp("multi-build")
    return out, build([ARTICLES], out, nlp=nlp, progress=False)


def _exchange_ids(facts_dir: Path, article_id: str, kind: str = "prisoner_exchange") -> set[str]:
    facts = json.loads((facts_dir / f"{article_id}.json").read_text(encoding="utf-8"))
    return {exchange["id"] for exchange in facts["exchanges"] if exchange["kind"] == kind}


def _articles_named_by_disagreements(store) -> dict[str, set[str]]:
    """Each kg:Disagreement node with the articles whose releases it names."""
    rows = store.query(f"""PREFIX kg: <{KG}>
        SELECT ?disagreement ?id WHERE {{
          GRAPH ?resolution {{ ?disagreement a kg:Disagreement ; kg:conflictingValue ?release }}
          GRAPH ?g {{ ?release kg:count ?n . ?article a kg:Article ; kg:articleId ?id }}
        }}""")
    named: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        named[row["disagreement"].value].add(row["id"].value)
    return named


@pytest.mark.model
def test_build_reaches_the_bcubed_floor(multi_build):
    out, _ = multi_build
    report = evaluate_dirs(GOLD, out / "facts")
    assert report.bcubed.mentions == 13
    assert report.bcubed.f1 >= BCUBED_FLOOR, report.bcubed


@pytest.mark.model
def test_build_keeps_different_armenia_azerbaijan_releases_apart(multi_build):
    out, _ = multi_build
    june, july = (_exchange_ids(out / "facts", aid) for aid in ARMENIA_AZERBAIJAN)
    assert june and july and not june & july


@pytest.mark.model
@pytest.mark.parametrize("reports", SAME_EVENT, ids=lambda reports: reports[0])
def test_build_gives_reports_of_one_event_one_id(multi_build, reports):
    out, _ = multi_build
    ids = [_exchange_ids(out / "facts", aid) for aid in reports]
    assert all(ids) and set.intersection(*ids), ids


@pytest.mark.model
def test_build_links_plan_to_outcome_and_keeps_them_apart(multi_build):
    out, result = multi_build
    plan, outcome = _exchange_ids(out / "facts", PLAN), _exchange_ids(out / "facts", OUTCOME)
    assert plan and outcome and not plan & outcome
    links = {(row["done"].value, row["plan"].value) for row in result.store.query(
        f"PREFIX kg: <{KG}> SELECT ?done ?plan WHERE {{ GRAPH ?g {{ ?done kg:fulfils ?plan }} }}")}
    assert any((done, planned) in links for done in outcome for planned in plan), links


@pytest.mark.model
@pytest.mark.parametrize("articles", DISAGREEING, ids=lambda articles: articles[0])
def test_build_records_the_disagreement_with_both_articles(multi_build, articles):
    _, result = multi_build
    named = _articles_named_by_disagreements(result.store)
    assert any(set(articles) <= ids for ids in named.values()), dict(named)


@pytest.mark.model
def test_incremental_rebuild_after_editing_one_article_equals_clean_build(nlp, tmp_path):
    from kgbuild.build import build

    corpus = tmp_path / "articles.jsonl"
    shutil.copy(ARTICLES, corpus)
    out = tmp_path / "out"
    build([corpus], out, nlp=nlp, progress=False, validate=False)

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    for record in records:
        if record["id"] == "yemen-houthi-account":
            record["text"] = record["text"].replace("718", "721")
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    again = build([corpus], out, nlp=nlp, progress=False, validate=False)
    assert (again.parsed, again.reused) == (1, len(records) - 1)
    clean = build([corpus], tmp_path / "clean", nlp=nlp, progress=False, validate=False)
    assert sorted(str(q) for q in again.store) == sorted(str(q) for q in clean.store)
    assert (out / "graph.trig").read_bytes() == (tmp_path / "clean" / "graph.trig").read_bytes()
