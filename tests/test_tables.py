"""Analyst tables on the hand-written dataset tests/data/views/network.trig."""

import csv
import io
import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild.cli import main
from kgbuild.rdf.io import read_store
from kgbuild.tabular import table_text
from kgbuild.views import load_view_data, render_rows, table_rows
from kgbuild.views.tables import TABLE_COLUMNS

NETWORK = Path(__file__).parent / "data" / "views" / "network.trig"
ID = "https://w3id.org/kgbuild/id/"


@pytest.fixture(scope="module")
def store():
    return read_store(NETWORK)


@pytest.fixture(scope="module")
def data(store):
    return load_view_data(store)


def by_event(rows):
    return {r["event"].rsplit("/", 1)[-1]: r for r in rows}


def test_exchanges_one_row_per_real_world_event(data, store):
    rows = table_rows("exchanges", data, store)
    assert len(rows) == 4  # e1 is reported twice but is one row
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    e1 = by_event(rows)["e1"]
    assert (e1["kind"], e1["status"], e1["date"]) == ("prisoner_exchange", "completed", "2025-03-04")
    assert (e1["side_a"], e1["side_a_released"]) == ("Freedonia", 90)
    assert (e1["side_b"], e1["side_b_released"]) == ("Ruritania", 90)  # 90 (a1) and 95 (a2): a tie, the lower one
    assert e1["disagreement"] == ["Ruritania released: 90 (a1) vs 95 (a2)"]
    assert e1["mediator"] == ["Qatar"] and e1["transit"] == ["Border Crossing"]
    assert e1["articles_count"] == 2 and e1["articles"] == ["a1", "a2"]
    assert e1["outlets"] == ["Example Times", "Example Wire"]
    assert e1["sources"] == ["Freedonian Ministry of Defence"]
    assert e1["fulfils"] == [ID + "event/e2"] and e1["categories"] == ["Wounded"]
    e2 = by_event(rows)["e2"]
    assert e2["agreed_at"] == ["Lakeside talks"] and e2["fulfilled_by"] == [ID + "event/e1"]
    assert e2["side_b_qualifier"] == "at_most" and e2["side_a_released"] == ""
    assert by_event(rows)["e4"]["disagreement"] == []


def test_negotiations_table(data, store):
    (row,) = table_rows("negotiations", data, store)
    assert row["name"] == "Lakeside talks" and row["round"] == "2" and row["place"] == ["Lakeside"]
    assert row["parties"] == ["Freedonia", "Ruritania"] and row["hosts"] == ["Turkey"]
    assert row["delegation_heads"] == ["Freedonia: Mara Vell", "Ruritania: Ivan Kol"]
    assert row["exchanges_agreed"] == [ID + "event/e2"] and row["articles"] == ["a1"]


def test_claims_table_gives_one_row_per_claim_with_its_reports(data, store):
    (row,) = table_rows("claims", data, store)  # the same claim, reported in a2 and a3
    assert (row["subject"], row["value"], row["qualifier"]) == ("Borduria", 300, "at_least")
    assert row["reports"] == 2 and row["articles"] == ["a2", "a3"]
    assert row["sources"] == ["Ruritania"]  # attributed sources are named (they were dropped before)
    assert (row["article"], row["mode"], row["outlet"]) == ("a2", "reported", "Example Times")
    assert row["evidence"].startswith("Ruritania freed 95")


def test_claims_table_gives_the_sources_of_every_report():
    """Attribution and source text may come from a later report than the first (a2 cites nobody)."""
    store = ox.Store()
    store.load(b"""@base <https://w3id.org/kgbuild/id/> . @prefix kg: <https://w3id.org/kgbuild/ns#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <graph/article/a2> { <article/a2> a kg:Article ; kg:articleId "a2" ; kg:published "2025-03-06"^^xsd:date .
          <claim/c> a kg:Claim ; kg:statement "hold" ; kg:value 300 ; kg:reportedIn <article/a2> . }
        <graph/article/a3> { <article/a3> a kg:Article ; kg:articleId "a3" ; kg:published "2025-03-07"^^xsd:date .
          <actor/tass> a kg:MediaOutlet ; kg:name "TASS" .
          <claim/c> a kg:Claim ; kg:statement "hold" ; kg:value 300 ; kg:reportedIn <article/a3> ;
            kg:attributedTo <actor/tass> ; kg:sourceText "a source in Kyiv" . }""", format=ox.RdfFormat.TRIG)
    (row,) = table_rows("claims", load_view_data(store), store)
    assert (row["article"], row["sources"], row["source_texts"]) == ("a2", ["TASS"], ["a source in Kyiv"])


def test_actors_table(data, store):
    rows = {r["name"]: r for r in table_rows("actors", data, store)}
    assert rows["Freedonia"]["exchanges"] == 3 and rows["Freedonia"]["negotiations"] == 1
    assert rows["Qatar"]["as_mediator"] == 2 and rows["Turkey"]["as_host"] == 1
    assert rows["International Committee of the Red Cross"]["cited_as_source"] == 1
    assert rows["Freedonian Ministry of Defence"]["exchanges"] == 0  # cited, takes part in nothing
    assert "Fredonia" in rows["Freedonia"]["aliases"] and rows["Qatar"]["wikidata"] == "Q846"
    assert (rows["Freedonia"]["first"], rows["Freedonia"]["last"]) == ("2025-02-20", "2025-05-09")


# Two articles in the way kgbuild maps them: each article's graph describes the actors it names,
# with their mentions. Putin is only mentioned; TASS is mentioned in both and cited in b1; the
# ministry is cited for a claim in b2 without a mention of its own; Turkey is only in the gazetteer.
NAMED_ACTORS = """
@base <https://w3id.org/kgbuild/id/> .
@prefix kg: <https://w3id.org/kgbuild/ns#> .
<graph/gazetteer> { <actor/turkey> a kg:State ; kg:name "Turkey" . <actor/tass> a kg:MediaOutlet ; kg:name "TASS" . }
<graph/article/b1> {
  <article/b1> a kg:Article ; kg:articleId "b1" .
  <actor/russia> a kg:State ; kg:name "Russia" ; kg:hasMention <article/b1/m/0-6> .
  <actor/ukraine> a kg:State ; kg:name "Ukraine" ; kg:hasMention <article/b1/m/11-18> .
  <actor/tass> a kg:MediaOutlet ; kg:name "TASS" ; kg:hasMention <article/b1/m/30-34> .
  <actor/vladimir-putin> a kg:Person ; kg:name "Vladimir Putin" ; kg:hasMention <article/b1/m/40-54> .
  <article/b1/m/0-6> a kg:Mention ; kg:inArticle <article/b1> .
  <article/b1/m/11-18> a kg:Mention ; kg:inArticle <article/b1> .
  <article/b1/m/30-34> a kg:Mention ; kg:inArticle <article/b1> .
  <article/b1/m/40-54> a kg:Mention ; kg:inArticle <article/b1> .
  <event/x> a kg:PrisonerExchange ; kg:side <actor/russia> , <actor/ukraine> ; kg:reportedIn <article/b1> ;
    kg:attributedTo <actor/tass> .
}
<graph/article/b2> {
  <article/b2> a kg:Article ; kg:articleId "b2" .
  <actor/tass> a kg:MediaOutlet ; kg:name "TASS" ; kg:hasMention <article/b2/m/0-4> .
  <article/b2/m/0-4> a kg:Mention ; kg:inArticle <article/b2> .
  <actor/organization/the-ministry> a kg:Organization ; kg:name "the ministry" .
  <claim/c> a kg:Claim ; kg:value 5 ; kg:reportedIn <article/b2> ; kg:attributedTo <actor/organization/the-ministry> .
}
"""


def test_actors_table_lists_every_actor_an_article_names_with_its_articles():
    store = ox.Store()
    store.load(NAMED_ACTORS.encode(), format=ox.RdfFormat.TRIG)
    rows = {r["name"]: r for r in table_rows("actors", load_view_data(store), store)}
    assert set(rows) == {"Russia", "Ukraine", "TASS", "Vladimir Putin", "the ministry"}  # not Turkey
    assert (rows["Vladimir Putin"]["articles_count"], rows["Vladimir Putin"]["exchanges"]) == (1, 0)
    assert (rows["TASS"]["articles"], rows["TASS"]["cited_as_source"]) == (["b1", "b2"], 1)
    assert (rows["the ministry"]["articles"], rows["the ministry"]["cited_as_source"]) == (["b2"], 1)
    flattened = ox.Store()  # a graph.ttl: no named graphs, the mentions still place the actors
    flattened.extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    rows = {r["name"]: r for r in table_rows("actors", load_view_data(flattened), flattened)}
    assert rows["TASS"]["articles"] == ["b1", "b2"] and rows["Vladimir Putin"]["articles"] == ["b1"]


def test_render_rows_formats():
    rows = [{"a": 1, "b": ["x", "y"], "c": [{"label": "talks", "date": "2025-01-02"}]}]
    assert render_rows(rows, "csv") == "a,b,c\n1,x; y,talks (2025-01-02)\n"
    assert json.loads(render_rows(rows, "json")) == rows
    table = render_rows(rows, "table")
    assert table.splitlines()[0].split() == ["a", "b", "c"] and table.endswith("(1 row)")


def test_cli_table_csv_json_and_store(tmp_path, capsys):
    assert main(["table", "exchanges", str(NETWORK)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 4
    e1 = next(r for r in rows if r["event"].endswith("/e1"))
    assert e1["articles"] == "a1; a2" and e1["articles_count"] == "2"
    out = tmp_path / "negotiations.json"
    assert main(["table", "negotiations", str(NETWORK), "--format", "json", "--out", str(out)]) == 0
    assert json.loads(out.read_text())[0]["hosts"] == ["Turkey"]
    store_path = tmp_path / "store"
    disk = ox.Store(str(store_path))
    disk.bulk_load(path=str(NETWORK), format=ox.RdfFormat.TRIG)
    disk.flush()
    del disk
    assert main(["table", "actors", "--store", str(store_path), "--format", "json"]) == 0
    assert "Freedonia" in {r["name"] for r in json.loads(capsys.readouterr().out)}
    assert main(["table", "claims", str(tmp_path / "missing.trig")]) == 2


SENTENCE = "Ruritania freed 95 men in the swap,\nofficials said on Tuesday after long talks.\n"


def test_table_cells_wrap_within_their_column_and_keep_every_word():
    rows = [["e1", SENTENCE], ["e2", "short"]]
    lines = table_text(["event", "evidence"], rows, width=16).splitlines()
    assert max(len(line) for line in lines) <= len("event") + 2 + 16
    first_row = lines[2:lines.index("")]  # rows that take several lines are set apart by a blank line
    assert all(line.startswith("e1") == (i == 0) for i, line in enumerate(first_row))
    assert " ".join(line[7:].strip() for line in first_row).split() == SENTENCE.split()
    assert lines[-1] == "(2 rows)"


def test_the_default_width_fits_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    lines = table_text(["event", "evidence", "note"], [["e1", SENTENCE * 3, "x " * 40]]).splitlines()
    assert max(len(line) for line in lines) <= 50
    assert " ".join(lines).split().count("Ruritania") == 3


def test_csv_keeps_a_multi_line_cell_in_one_record():
    text = render_rows([{"event": "e1", "evidence": SENTENCE}, {"event": "e2", "evidence": "x"}], "csv")
    assert list(csv.reader(io.StringIO(text))) == [["event", "evidence"], ["e1", SENTENCE], ["e2", "x"]]


def test_every_table_row_has_the_declared_columns(data, store):
    for name, columns in TABLE_COLUMNS.items():
        assert all(tuple(row) == columns for row in table_rows(name, data, store)), name


def test_cli_table_columns_width_and_the_terminal_default(data, store, capsys, monkeypatch):
    assert main(["table", "claims", str(NETWORK), "--columns", "evidence,claim"]) == 0
    assert next(csv.reader(io.StringIO(capsys.readouterr().out))) == ["evidence", "claim"]
    assert main(["table", "claims", str(NETWORK), "--columns", "claim,nonsense"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'nonsense'" in err and "claim, subject, statement" in err
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["table", "actors", str(NETWORK), "--columns", "name,aliases", "--width", "12"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "aliases"] and lines[-1] == f"({len(table_rows('actors', data, store))} rows)"
    assert max(len(line) for line in lines) <= 12 + 2 + 12


def test_cli_table_with_no_rows_says_so_on_stderr(tmp_path, capsys):
    empty = tmp_path / "empty.trig"
    empty.write_text("", encoding="utf-8")
    assert main(["table", "claims", str(empty), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("claim,subject,") and err.strip() == f"kgbuild: no rows: no claims in {empty}"
