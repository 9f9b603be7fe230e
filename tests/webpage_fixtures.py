"""The saved pages of tests/data/html and their plain-text twins, and facts to compare builds by."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent / "data" / "html"
PAGES = ROOT / "pages"
TWINS = ROOT / "text"
PAGE_FILES = sorted(PAGES.glob("*.html"))
# Where the pages keep what is not the article (see tests/data/html/README.md).
BOILERPLATE = "nav, header, footer, aside, .cookie-banner, .share-buttons, .related, #top-bar"


def built_facts(inputs, nlp, **options) -> dict[str, dict]:
    """Article id -> eval-format facts of a build of ``inputs`` (nothing written)."""
    from kgbuild.build import build
    from kgbuild.export_facts import facts_from_store

    result = build(inputs, None, nlp=nlp, progress=False, validate=False, **options)
    assert not result.skipped, [str(error) for error in result.skipped]
    return facts_from_store(result.store)


def without_event_ids(facts: dict) -> dict:
    """``facts`` without the IRIs of its events, which are minted from the article id."""
    return {**facts, **{kind: [{k: v for k, v in event.items() if k != "id"} for event in facts[kind]]
                        for kind in ("exchanges", "negotiations")}}
