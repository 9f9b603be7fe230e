"""Event extraction on the five seed articles against the analyst gold (skipped without ../shared)."""

import pytest

from kgbuild.corpus import read_documents
from kgbuild.evaluate import evaluate_facts, load_facts_dir

from .conftest import SEED_GOLD
from .test_challenge import to_eval


@pytest.mark.model
def test_seed_event_groups(nlp, seeds):
    predicted = {d.id: to_eval(nlp, d) for d in read_documents([seeds])}
    report = evaluate_facts(load_facts_dir(SEED_GOLD), predicted)
    for group in ("exchanges", "negotiations", "claims"):
        assert report.per_group[group].f1 >= 0.85, (group, report.per_group[group])
    assert report.per_group["exchanges"].f1 >= 0.9


@pytest.mark.model
def test_background_mentions_give_no_exchange(nlp):
    from kgbuild.corpus import Document
    from kgbuild.nlp.pipeline import make_document_doc

    text = ("Such exchanges may become increasingly necessary. Analysts say prisoner swaps could signal a shift. "
            "No exchange took place on Friday.")
    facts = nlp(make_document_doc(nlp, Document(id="bg", text=text)))._.kg_facts
    assert facts.exchanges == []
