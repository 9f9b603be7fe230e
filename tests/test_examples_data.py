"""The bundled sample articles read cleanly and their gold facts follow docs/EVAL-FORMAT.md.

examples/ is the README quick-start input and the end-to-end fixture, so a broken file, a
duplicate id or a gold fact whose evidence is not in its article would break both.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kgbuild.corpus import read_documents
from kgbuild.errors import InputError
from kgbuild.facts import ACTOR_TYPES, CATEGORIES, EXCHANGE_KINDS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOLD = EXAMPLES / "gold"

# The eval format folds "planned" into the qualifier and has no "at_most".
QUALIFIERS = {"exact", "at_least", "approximately", "planned"}
GOLD_FILES = sorted(GOLD.glob("*.json"))


def _documents() -> dict:
    errors: list[InputError] = []
    documents = list(read_documents([EXAMPLES], on_error=errors.append))
    assert not errors, [str(error) for error in errors]
    return {document.id: document for document in documents}


DOCUMENTS = _documents()


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _names(facts: dict) -> set[str]:
    """Canonical names and aliases of the gold actors, folded for lookup."""
    names = set()
    for actor in facts["actors"]:
        names.add(actor["name"].casefold())
        names.update(alias.casefold() for alias in actor["aliases"])
    return names


def test_every_example_reads_strictly_with_unique_ids():
    documents = list(read_documents([EXAMPLES], strict=True))
    ids = [document.id for document in documents]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 10
    assert all(document.text.strip() for document in documents)


def test_examples_mix_formats_and_jsonl_has_full_metadata():
    suffixes = {Path(document.source_path.rsplit(":", 1)[0]).suffix for document in DOCUMENTS.values()}
    assert {".jsonl", ".txt", ".md", ".html"} <= suffixes
    for document in DOCUMENTS.values():
        if ".jsonl" in document.source_path:
            assert document.title and document.publisher
            assert document.url.startswith("https://example.org/")
            assert isinstance(document.published, dt.date)


def test_html_example_drops_scripts_and_styles():
    html = [d for d in DOCUMENTS.values() if d.source_path.endswith(".html")]
    assert html
    for document in html:
        raw = Path(document.source_path).read_text(encoding="utf-8")
        assert "<script" in raw and "<style" in raw
        assert "dataLayer" not in document.text and "font-family" not in document.text
        assert "400 prisoners" not in document.text and "500 soldiers" not in document.text
        assert document.title


def test_every_article_has_gold_and_every_gold_file_has_an_article():
    assert {path.stem for path in GOLD_FILES} == set(DOCUMENTS)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_evidence_occurs_verbatim(path):
    text = DOCUMENTS[path.stem].text
    facts = _gold(path)
    for section in ("exchanges", "negotiations", "claims"):
        for fact in facts[section]:
            if fact["evidence"] is not None:
                assert fact["evidence"] in text, (section, fact["evidence"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_follows_the_eval_format(path):
    facts = _gold(path)
    assert set(facts) == {"actors", "exchanges", "negotiations", "claims"}
    for actor in facts["actors"]:
        assert actor["name"] and actor["type"] in ACTOR_TYPES
        assert isinstance(actor["aliases"], list)
    assert len({actor["name"] for actor in facts["actors"]}) == len(facts["actors"])
    names = _names(facts)
    for exchange in facts["exchanges"]:
        assert exchange["kind"] in EXCHANGE_KINDS
        assert exchange["qualifier"] in QUALIFIERS
        assert exchange["sides"] and all(side.casefold() in names for side in exchange["sides"])
        for side, count in exchange["released_by"].items():
            assert side in exchange["sides"]
            assert isinstance(count, int) and not isinstance(count, bool) and count >= 0
        assert set(exchange["categories"]) <= set(CATEGORIES)
        for field in ("intermediary", "transit", "source_attribution"):
            assert all(name.casefold() in names for name in exchange[field]), (field, exchange[field])
        if exchange["date"] is not None:
            dt.date.fromisoformat(exchange["date"])
        if exchange["qualifier"] == "planned":
            assert exchange["date"] is None
    for negotiation in facts["negotiations"]:
        assert negotiation["location"] and negotiation["parties"]
        for party, head in negotiation["heads"].items():
            assert party in negotiation["parties"] and head.casefold() in names
        if negotiation["date"] is not None:
            dt.date.fromisoformat(negotiation["date"])
    for claim in facts["claims"]:
        assert isinstance(claim["number"], int) and claim["number"] >= 0
        assert claim["qualifier"] in QUALIFIERS - {"planned"}
        assert claim["attributed_to"] is None or claim["attributed_to"].casefold() in names


def test_event_ids_group_the_two_reports_of_one_swap():
    by_event: dict[str, list[str]] = {}
    for path in GOLD_FILES:
        for exchange in _gold(path)["exchanges"]:
            assert exchange.get("event_id")
            by_event.setdefault(exchange["event_id"], []).append(path.stem)
    shared = {event: articles for event, articles in by_event.items() if len(set(articles)) > 1}
    assert shared, "at least one event must be reported by two articles"
    for articles in by_event.values():
        assert len(articles) == len(set(articles)), "an event appears once per article"
