"""Build options about the inputs: --published, and its part in deciding what is parsed again."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kgbuild.cli import main


def _monday_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())  # for a day that is not a Monday


@pytest.mark.model
def test_published_dates_undated_articles_and_a_new_date_parses_only_them_again(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "undated.txt").write_text("Russia and Ukraine exchanged 84 prisoners each on Monday.", encoding="utf-8")
    (src / "dated.txt").write_text("---\npublished: 2025-06-04\n---\nRussia and Ukraine exchanged 90 prisoners "
                                   "each on Monday.", encoding="utf-8")

    def build(published: str) -> tuple[str, dict]:
        assert main(["build", str(src), "--out", str(out), "--published", published, "--no-validate"]) == 0
        dates = {p.stem: [e["date"] for e in json.loads(p.read_text(encoding="utf-8"))["exchanges"]]
                 for p in (out / "facts").glob("*.json")}
        return capsys.readouterr().out, dates

    _, dates = build("2025-06-11")
    assert dates == {"undated": [_monday_before(dt.date(2025, 6, 11)).isoformat()],
                     "dated": [_monday_before(dt.date(2025, 6, 4)).isoformat()]}
    summary, dates = build("2025-06-18")
    assert "1 parsed, 1 unchanged" in summary
    assert dates["undated"] == [_monday_before(dt.date(2025, 6, 18)).isoformat()]
    summary, _ = build("2025-06-18")
    assert "0 parsed, 2 unchanged" in summary


def test_build_help_lists_every_kind_of_input(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for kind in (".txt", ".md", ".html", ".jsonl", ".warc", ".warc.gz", "--published"):
        assert kind in help_text
