"""The scorer: hand-written gold/pred pairs with hand-computed scores."""

import json
from pathlib import Path

import pytest

from kgbuild.errors import InputError
from kgbuild.evaluate import (
    NameResolver, evaluate_dirs, evaluate_facts, format_report, normalize_category, normalize_text,
)

FIXTURES = Path(__file__).parent / "eval_fixtures"
SEEDS_GOLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "seeds"


def facts(**sections):
    return {"actors": [], "exchanges": [], "negotiations": [], "claims": [], **sections}


def test_normalize_text_folds_case_quotes_punctuation_and_leading_the():
    assert normalize_text("The  ‘Kiev’ Regime") == "kiev regime"
    assert normalize_text("U.S.") == "us"
    assert normalize_text("Türkiye") == "turkiye"
    assert normalize_text("Theodore") == "theodore"


def test_category_synonyms():
    assert normalize_category("Seriously ill") == normalize_category("sick") == "ill"
    assert normalize_category("under 25") == normalize_category("youth") == "young"
    assert normalize_category("injured") == "wounded"
    assert normalize_category("POWs") == normalize_category("servicemen") == "military"
    assert normalize_category("civilian") == "civilians"


def test_predicted_alias_cannot_remap_a_gold_name():
    gold = [{"name": "Russia", "aliases": []}, {"name": "Ukraine", "aliases": []}]
    pred = [{"name": "Ukraine", "aliases": ["Russia"]}, {"name": "Zelensky", "aliases": ["Volodymyr Zelensky"]}]
    names = NameResolver(gold, pred)
    assert names.resolve("Russia") == "russia"
    assert names.resolve("Zelensky") == "zelensky"  # no gold name in its forms: keeps its own
    assert names.resolve("Volodymyr Zelensky") == "zelensky"
    assert names.resolve("the Kremlin") == "russia"


def test_basic_pair_scores_per_slot_group_and_micro():
    report = evaluate_dirs(FIXTURES / "basic" / "gold", FIXTURES / "basic" / "pred")
    slot = report.per_slot
    # Actors: UAE, Russian Federation, Medinsky (via its alias) right; Kyiv typed wrong; Trump spurious.
    assert (report.per_group["actors"].gold, report.per_group["actors"].predicted,
            report.per_group["actors"].correct) == (10, 10, 7)
    assert slot["actor_type"].correct == 3
    # Exchanges: numbers as strings, Kiev/Moscow, U.A.E., "the" dropped; wounded + transit spurious, date missed.
    assert (slot["exch_count"].gold, slot["exch_count"].correct) == (2, 2)
    assert (slot["exch_category"].gold, slot["exch_category"].predicted, slot["exch_category"].correct) == (2, 3, 2)
    assert slot["exch_intermediary"].f1 == 1.0
    assert slot["exch_source"].f1 == 1.0
    assert (slot["exch_transit"].predicted, slot["exch_transit"].f1) == (1, 0.0)
    assert (slot["exch_date"].gold, slot["exch_date"].f1) == (1, 0.0)
    assert (report.per_group["exchanges"].gold, report.per_group["exchanges"].predicted,
            report.per_group["exchanges"].correct) == (11, 12, 10)
    # Negotiations: head via aliases, Türkiye as Turkey; the date is spurious.
    assert slot["neg_head"].f1 == 1.0 and slot["neg_host"].f1 == 1.0
    assert (report.per_group["negotiations"].predicted, report.per_group["negotiations"].correct) == (6, 5)
    # Claims: "6,000" == 6000, Kyiv == Ukraine; one spurious claim.
    assert (report.per_group["claims"].gold, report.per_group["claims"].predicted,
            report.per_group["claims"].correct) == (2, 3, 2)
    micro = report.micro
    assert (micro.gold, micro.predicted, micro.correct) == (28, 31, 24)
    assert micro.precision == pytest.approx(24 / 31)
    assert micro.recall == pytest.approx(24 / 28)
    assert micro.f1 == pytest.approx(2 * 24 / (28 + 31))


def test_basic_pair_diffs_name_what_went_wrong():
    report = evaluate_dirs(FIXTURES / "basic" / "gold", FIXTURES / "basic" / "pred")
    diff = report.articles["a1"]
    assert set(diff.missed) == {("actor", "turkey"), ("actor_type", "turkey", "state"),
                                ("actor_type", "ukraine", "state"), ("exch_date", "2025-05-01")}
    assert ("exch_category", "wounded") in diff.spurious
    assert ("claim", 1000) in diff.spurious
    text = format_report(report, details=True)
    assert "== a1" in text and "missed   exch_date('2025-05-01')" in text
    assert "MICRO" in text
    assert json.loads(json.dumps(report.to_json()))["micro"]["correct"] == 24


def test_claims_score_number_and_source_not_subject_and_skip_null_numbers():
    gold = {"x": facts(claims=[
        {"subject": "Russia", "number": 300, "attributed_to": "Ukraine"},
        {"subject": "Ukraine", "number": None, "attributed_to": "Russia", "statement": "no figure"},
    ])}
    pred = {"x": facts(claims=[{"subject": "prisoners still held", "number": "300", "attributed_to": "Kyiv"}])}
    report = evaluate_facts(gold, pred)
    assert (report.per_group["claims"].gold, report.per_group["claims"].correct) == (2, 2)
    assert set(report.articles["x"].missed) == set()


def test_platforms_are_channels_not_actors_or_sources():
    gold = {"x": facts(actors=[{"name": "Ukraine", "type": "State"}],
                       exchanges=[{"kind": "prisoner_exchange", "released_by": {"Ukraine": 5},
                                   "source_attribution": ["Ukraine"]}])}
    pred = {"x": facts(actors=[{"name": "Ukraine", "type": "State"}, {"name": "Telegram", "type": "Media"},
                               {"name": "X", "type": "Organization"}],
                       exchanges=[{"kind": "prisoner_exchange", "released_by": {"Ukraine": 5},
                                   "source_attribution": ["Ukraine", "Telegram"]}])}
    report = evaluate_facts(gold, pred)
    assert report.articles["x"].spurious == []
    assert report.micro.f1 == 1.0


def test_every_realnews_dev_gold_file_is_accepted():
    gold_dir = Path(__file__).resolve().parents[2] / "shared" / "realnews-dev" / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared/realnews-dev is not here")
    report = evaluate_dirs(gold_dir, gold_dir)
    assert report.micro.f1 == 1.0 and report.bcubed.f1 == 1.0
    assert len(report.articles) == len(list(gold_dir.glob("*.json")))


def test_same_numbers_in_one_article_count_once():
    exchange = {"kind": "prisoner_exchange", "released_by": {"Russia": 10}}
    report = evaluate_facts({"x": facts(exchanges=[exchange])}, {"x": facts(exchanges=[exchange, exchange])})
    assert report.per_slot["exch_count"].predicted == 1
    assert report.per_slot["exch_count"].precision == 1.0


def test_uncounted_exchange_and_empty_slots():
    gold = {"x": facts(exchanges=[{"kind": "remains_return", "released_by": {}}])}
    pred = {"x": facts(exchanges=[{"kind": "prisoner_exchange", "released_by": {}}])}
    report = evaluate_facts(gold, pred)
    assert report.per_slot["exch_uncounted"].f1 == 0.0
    assert report.per_slot["neg_party"].f1 == 1.0  # nothing in gold, nothing predicted
    assert report.articles["x"].missed == [("exch_uncounted", "remains_return")]


def test_bcubed_two_articles_one_event_merged():
    report = evaluate_dirs(FIXTURES / "coref" / "gold", FIXTURES / "coref" / "pred_merged")
    assert report.bcubed.mentions == 4
    assert (report.bcubed.precision, report.bcubed.recall, report.bcubed.f1) == (1.0, 1.0, 1.0)


def test_bcubed_wrong_split():
    # Gold {b1#0, b2#0} is one event; the prediction gives them different ids.
    # P = 1 for every mention; R = (1/2 + 1 + 1/2 + 1) / 4 = 3/4.
    report = evaluate_dirs(FIXTURES / "coref" / "gold", FIXTURES / "coref" / "pred_split")
    assert report.bcubed.precision == 1.0
    assert report.bcubed.recall == pytest.approx(0.75)
    assert report.bcubed.f1 == pytest.approx(6 / 7)


def test_bcubed_wrong_merge_and_missing_article():
    # The civilian return shares the swap's id: P = (2/3 + 1/3 + 2/3 + 1) / 4 = 2/3, R = 1.
    # b3 has no prediction: its exchange is an unaligned singleton and all its tuples are missed.
    report = evaluate_dirs(FIXTURES / "coref" / "gold", FIXTURES / "coref" / "pred_overmerged")
    assert report.bcubed.precision == pytest.approx(2 / 3)
    assert report.bcubed.recall == 1.0
    assert report.missing_predictions == ["b3"]
    assert report.articles["b3"].missed == [("exch_uncounted", "prisoner_exchange")]
    assert "b3" in format_report(report)


def test_predictions_without_gold_are_ignored_and_reported(tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir(), pred_dir.mkdir()
    article = facts(actors=[{"name": "Armenia", "type": "State"}])
    (gold_dir / "g1.json").write_text(json.dumps(article))
    (pred_dir / "g1.json").write_text(json.dumps(article))
    (pred_dir / "extra.json").write_text(json.dumps(facts(actors=[{"name": "Azerbaijan", "type": "State"}])))
    report = evaluate_dirs(gold_dir, pred_dir)
    assert report.micro.precision == 1.0
    assert report.ignored_predictions == ["extra"]
    assert "without gold (ignored): extra" in format_report(report)


def test_bad_json_names_the_file(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(InputError, match="broken.json"):
        evaluate_dirs(tmp_path, tmp_path)


def test_wrong_shape_names_the_file(tmp_path):
    (tmp_path / "odd.json").write_text(json.dumps({"exchanges": {"kind": "x"}}))
    with pytest.raises(InputError, match="odd.json"):
        evaluate_dirs(tmp_path, tmp_path)


@pytest.mark.skipif(not SEEDS_GOLD.is_dir(), reason="../shared/gold/seeds is not there")
def test_seed_gold_scores_one_against_itself():
    report = evaluate_dirs(SEEDS_GOLD, SEEDS_GOLD)
    assert report.micro.gold > 0
    assert report.micro.f1 == 1.0
    assert all(score.f1 == 1.0 for score in report.per_slot.values())
    assert report.bcubed.mentions > 0
    assert report.bcubed.f1 == 1.0


def test_every_realnews_gold_file_is_accepted_and_indexed():
    folder = Path(__file__).parent / "data" / "realnews"
    report = evaluate_dirs(folder / "gold", folder / "gold")
    assert report.micro.f1 == 1.0 and report.bcubed.f1 == 1.0
    indexed = {line.split("\t")[0] for line in (folder / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert indexed == {path.stem for path in (folder / "gold").glob("*.json")}
