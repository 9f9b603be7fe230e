"""End-to-end builds: outputs, exit codes, bad input, atomic replacement."""

import json
import re
import subprocess
import sys
from contextlib import closing

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kgbuild.build import build
from kgbuild.cli import main

from .conftest import EXAMPLES, SEED_GOLD

pytestmark = pytest.mark.model


def test_build_writes_all_outputs(examples_build):
    out = examples_build.out_dir
    result = examples_build
    articles = len(list((EXAMPLES / "gold").glob("*.json")))
    assert result.articles == articles and not result.skipped
    assert result.conforms, result.validation.text
    assert {p.name for p in out.iterdir()} == {"graph.trig", "graph.ttl", "validation.ttl", "facts", "cache",
                                              ".current", ".releases"}
    # the outputs are published together: each is a link through .current to one set
    assert all((out / name).is_symlink() for name in ("graph.trig", "graph.ttl", "validation.ttl", "facts"))
    assert len(list((out / ".releases").iterdir())) == 1
    assert len(list((out / "facts").glob("*.json"))) == articles
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    graphs = {g.value for g in store.named_graphs()}
    assert sum("/graph/article/" in g for g in graphs) == articles
    assert any(g.endswith("/graph/gazetteer") for g in graphs)
    # the merged Turtle holds each triple of the dataset once
    merged = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(merged) == result.triples
    rdflib_dataset = Dataset().parse(out / "graph.trig", format="trig")
    assert len(set(rdflib_dataset.quads())) == len(store)
    conforms = Graph().parse(out / "validation.ttl")
    assert len(conforms) > 0


def test_the_readme_shows_the_summary_the_examples_build_prints(examples_build):
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    shown = {" ".join(m.split()) for m in re.findall(r"(\d+ articles, [^`]*?) in [\d.]+s -> out/", readme)}
    assert shown == {re.sub(r" in [\d.]+s$", "", examples_build.summary())}


def test_every_mention_points_at_its_text(examples_build):
    """Offsets in the graph are offsets into the article text."""
    from kgbuild.corpus import read_documents

    texts = {d.id: d.text for d in read_documents([EXAMPLES])}
    rows = examples_build.store.query(
        "PREFIX kg: <https://w3id.org/kgbuild/ns#> SELECT ?id ?b ?e ?t WHERE { GRAPH ?g { ?m kg:inArticle ?a ; "
        "kg:beginIndex ?b ; kg:endIndex ?e ; kg:anchorOf ?t . ?a kg:articleId ?id } }")
    checked = 0
    for row in rows:
        assert texts[row["id"].value][int(row["b"].value):int(row["e"].value)] == row["t"].value
        checked += 1
    assert checked > 100


def test_facts_files_are_what_reading_each_graph_back_gives(examples_build):
    """build writes facts/ from the facts; `kgbuild facts` reads them back out of the RDF: the same."""
    from kgbuild.export_facts import facts_from_store

    out = examples_build.out_dir
    written = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / "facts").glob("*.json")}
    assert written and written == facts_from_store(examples_build.store)


def test_facts_files_follow_the_eval_format(examples_build):
    for path in (examples_build.out_dir / "facts").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"actors", "exchanges", "negotiations", "claims"}
        for actor in data["actors"]:
            assert actor["type"] in {"Person", "Organization", "State", "Media"}


def _files(folder, cache: bool = True) -> dict[str, bytes]:
    """Every file a build published (through the links in ``folder``), and its cache unless
    ``cache`` is False, by path under ``folder``."""
    found = {}
    for top in sorted(folder.iterdir()):
        if top.name.startswith(".") or (top.name == "cache" and not cache):
            continue
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        found.update({f"{top.name}/{p.relative_to(top).as_posix()}" if p != top else top.name: _contents(p)
                      for p in paths})
    return found


def _contents(path) -> bytes:
    """A file's bytes; for an SQLite file (the validation cache), its rows, sorted: the same rows
    may lie in other pages of the file when they were written in another order."""
    if path.suffix != ".sqlite":
        return path.read_bytes()
    import sqlite3

    with closing(sqlite3.connect(path)) as db:
        return "\n".join(sorted(db.iterdump())).encode()


def test_same_input_gives_byte_identical_output_whatever_the_number_of_processes(nlp, tmp_path, examples_build,
                                                                                  monkeypatch):
    """Every file (the SHACL report included) is the same bytes on a second build, and when two
    worker processes parse the articles and two threads validate them in small runs."""
    import kgbuild.validate

    monkeypatch.setattr(kgbuild.validate, "WHOLE_RUN_TRIPLES", 0)
    monkeypatch.setattr(kgbuild.validate, "TRIPLES_PER_RUN", 500)
    two = build([EXAMPLES], tmp_path / "two", nlp=nlp, jobs=2, progress=False)
    assert two.parsed == examples_build.parsed and two.quads == examples_build.quads
    first, second = _files(examples_build.out_dir), _files(tmp_path / "two")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_cli_build_bad_article_is_skipped_and_reported(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Russia and Ukraine exchanged 90 prisoners each on Friday.", encoding="utf-8")
    (src / "bad.jsonl").write_text('{"id": "x", "text": "ok text"}\n{oops\n', encoding="utf-8")
    code = main(["build", str(src), "--out", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert code == 0
    assert "bad.jsonl:2: malformed JSON" in err
    assert sorted(p.name for p in (tmp_path / "out" / "facts").iterdir()) == ["good.json", "x.json"]


def test_cli_strict_fails_with_exit_2_and_keeps_previous_output(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Kyiv said 12 civilians were returned.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "-q"]) == 0
    before = (out / "graph.trig").read_bytes()
    (src / "empty.txt").write_text("", encoding="utf-8")
    assert main(["build", str(src), "--out", str(out), "--strict", "-q"]) == 2
    assert "empty.txt: empty article" in capsys.readouterr().err
    assert (out / "graph.trig").read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".current", ".releases"]
    assert len(list((out / ".releases").iterdir())) == 1  # no half-written set left behind


def test_cli_missing_input_and_bad_model(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "-q"]) == 2
    assert main(["build", str(EXAMPLES), "--out", str(tmp_path / "o"), "--model", "no_such_model_xyz", "-q"]) == 2
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "no_such_model_xyz" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("option, value, message", [
    ("--jobs", "0", "--jobs: expected a whole number of at least 1"),
    ("--jobs", "-1", "--jobs: expected a whole number of at least 1"),
    ("--jobs", "two", "--jobs: expected a whole number of at least 1"),
    ("--published", "2025-13-01", "argument --published:"),
    ("--published", "June 11", "argument --published:"),
    ("--published", "1700-01-01", "argument --published:"),
])
def test_a_bad_option_value_is_a_usage_error_before_anything_is_written(tmp_path, capsys, option, value, message):
    with pytest.raises(SystemExit) as stop:
        main(["build", str(EXAMPLES), "--out", str(tmp_path / "o"), option, value])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_cli_exit_1_on_violations(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kgbuild/ns#> .\n"
                   "<http://x/e> a kg:PrisonerExchange ; kg:release <http://x/r> .\n"
                   "<http://x/r> a kg:Release ; kg:count -3 .\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "Violation" in capsys.readouterr().out
    (tmp_path / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    assert main(["validate", str(tmp_path / "broken.ttl")]) == 2


def test_cli_query_formats_and_read_only(examples_build, capsys):
    trig = str(examples_build.out_dir / "graph.trig")
    q = "SELECT ?name WHERE { ?a a kg:State ; kg:name ?name } ORDER BY ?name"
    assert main(["query", trig, q, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "name" and "Russia" in lines and "Ukraine" in lines
    assert main(["query", trig, q, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"type": "literal", "value": "Russia"} in [b["name"] for b in data["results"]["bindings"]]
    assert main(["query", trig, q, "--format", "table"]) == 0
    assert "rows)" in capsys.readouterr().out
    assert main(["query", trig, q]) == 0  # not a terminal: CSV
    assert capsys.readouterr().out.splitlines() == lines
    assert main(["query", trig, "INSERT DATA { <http://x> <http://y> <http://z> }"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["query", trig, "SELECT WHERE {"]) == 2


def test_eval_on_seeds_reaches_the_actor_target(nlp, seeds, tmp_path):
    if not SEED_GOLD.is_dir():
        pytest.skip("../shared/gold/seeds is not present")
    from kgbuild.evaluate import evaluate_dirs

    from kgbuild.export_facts import facts_from_store

    result = build([seeds], tmp_path, nlp=nlp, progress=False)
    report = evaluate_dirs(SEED_GOLD, tmp_path / "facts")
    assert report.per_group["actors"].f1 >= 0.85
    written = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "facts").glob("*.json")}
    assert written == facts_from_store(result.store)  # real news: facts/ is what the graphs say


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "kgbuild.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("kgbuild ")


def _sorted_nquads(store) -> list[str]:
    return sorted(str(q) for q in store)




def test_incremental_build_equals_clean_build(nlp, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    texts = {
        "a": "Russia and Ukraine exchanged 84 prisoners each on Thursday, the Russian Defence Ministry said.",
        "b": "The ICRC said Israel released 30 Palestinian prisoners in return for three hostages held by Hamas.",
        "c": "Armenia handed over two Azerbaijani soldiers, Baku said.",
    }
    for name, text in texts.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    first = build([src], out, nlp=nlp, progress=False)
    assert (first.parsed, first.reused) == (3, 0)
    (src / "b.txt").write_text(texts["b"].replace("30", "39"), encoding="utf-8")
    (src / "d.txt").write_text("Kyiv said 12 civilians were returned from Russia via Belarus.", encoding="utf-8")
    again = build([src], out, nlp=nlp, progress=False)
    assert (again.parsed, again.reused) == (2, 2)
    assert again.mapped == 2  # the graphs of the two unchanged articles are reused as well
    clean = build([src], tmp_path / "clean", nlp=nlp, progress=False)
    assert _sorted_nquads(again.store) == _sorted_nquads(clean.store)
    assert _files(out, cache=False) == _files(tmp_path / "clean", cache=False)
    assert again.validation.issues == clean.validation.issues

    (src / "c.txt").unlink()
    kept = build([src], out, nlp=nlp, progress=False)
    assert kept.articles == 4 and kept.parsed == 0  # without --prune a removed article stays
    pruned = build([src], out, nlp=nlp, progress=False, prune=True)
    assert (pruned.articles, pruned.pruned) == (3, ["c"])
    build([src], tmp_path / "clean-pruned", nlp=nlp, progress=False)
    assert _files(out, cache=False) == _files(tmp_path / "clean-pruned", cache=False)
    assert not any("/graph/article/c" in g.value for g in pruned.store.named_graphs())
    assert _sorted_nquads(pruned.store) == _sorted_nquads(build([src], None, nlp=nlp, progress=False).store)


def test_cli_prune_also_drops_the_article_graph_from_the_store(tmp_path):
    from kgbuild.store import open_store

    src = tmp_path / "in"
    src.mkdir()
    (src / "keep.txt").write_text("Armenia handed over two Azerbaijani soldiers, Baku said.", encoding="utf-8")
    (src / "drop.txt").write_text("Kyiv said 12 civilians were returned from Russia.", encoding="utf-8")
    out, kgstore = tmp_path / "out", tmp_path / "kgstore"
    assert main(["build", str(src), "--out", str(out), "--store", str(kgstore), "-q"]) == 0
    (src / "drop.txt").unlink()
    assert main(["build", str(src), "--out", str(out), "--store", str(kgstore), "--prune", "-q"]) == 0
    graphs = {g.value for g in open_store(kgstore).named_graphs()}
    assert any(g.endswith("/graph/article/keep") for g in graphs)
    assert not any(g.endswith("/graph/article/drop") for g in graphs)


def test_every_stage_is_timed_and_shown_only_when_asked(nlp, tmp_path, capsys):
    """Bars for every long stage when progress is on; nothing on a pipe; --verbose gives each
    stage's seconds in the order they ran."""
    result = build([EXAMPLES], tmp_path / "shown", nlp=nlp, progress=True)
    bars = capsys.readouterr().err
    assert list(result.stage_seconds) == ["parse", "resolve", "map", "validate", "write"]
    for name in result.stage_seconds:
        assert f"{name:<9}: 100%" in bars or name == "parse" and "parse    : " in bars
    assert main(["build", str(EXAMPLES), "--out", str(tmp_path / "piped"), "--jobs", "1", "-v"]) == 0
    err = capsys.readouterr().err
    assert "100%" not in err  # stderr is not a terminal here
    stages = next(line for line in err.splitlines() if line.startswith("kgbuild: stages: "))
    assert [part.split()[0] for part in stages.removeprefix("kgbuild: stages: ").split(", ")] == list(result.stage_seconds)


def good_and_bad_articles(tmp_path, bad_text: str):
    """A folder with good.txt, a short swap story, and bad.txt with ``bad_text``."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Armenia handed over two Azerbaijani soldiers, Baku said.", encoding="utf-8")
    (src / "bad.txt").write_text(bad_text, encoding="utf-8")
    return src


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_the_extractor_fails_on_is_reported_skipped_and_not_cached(nlp, tmp_path, monkeypatch, jobs):
    import kgbuild.extract.components as components
    from kgbuild.errors import ArticleError

    extract_events = components.extract_events

    def failing(doc, actors, document):
        if "numbers beyond counting" in document.text:
            raise OverflowError("cannot convert float infinity to integer")
        return extract_events(doc, actors, document)

    monkeypatch.setattr(components, "extract_events", failing)
    src = good_and_bad_articles(tmp_path, "Russia freed numbers beyond counting of prisoners.")
    out, errors = tmp_path / "out", []
    result = build([src], out, nlp=nlp, progress=False, on_error=errors.append, jobs=jobs)
    assert result.articles == 1 and [type(e) for e in errors] == [ArticleError]
    assert "bad.txt" in str(errors[0]) and "OverflowError" in str(errors[0]) and "\n" not in str(errors[0])
    assert not (out / "cache" / "bad.json").exists() and (out / "facts" / "good.json").exists()
    with pytest.raises(ArticleError):
        build([src], tmp_path / "strict", nlp=nlp, progress=False, strict=True, jobs=jobs)


def test_an_article_the_mapping_fails_on_is_reported_skipped_and_parsed_again_next_time(nlp, tmp_path, monkeypatch):
    import kgbuild.article_graphs as article_graphs
    from kgbuild.errors import ArticleError

    map_article = article_graphs.map_article

    def failing(minter, document, resolution, facts, known_names):
        if document.id == "bad":
            raise KeyError("no IRI for this actor")
        return map_article(minter, document, resolution, facts, known_names)

    monkeypatch.setattr(article_graphs, "map_article", failing)
    src = good_and_bad_articles(tmp_path, "Azerbaijan freed five Armenian soldiers, Yerevan said.")
    out, errors = tmp_path / "out", []
    result = build([src], out, nlp=nlp, progress=False, on_error=errors.append)
    assert result.articles == 1 and [type(e) for e in errors] == [ArticleError]
    assert "bad.txt" in str(errors[0]) and "KeyError" in str(errors[0]) and "\n" not in str(errors[0])
    assert not (out / "cache" / "bad.json").exists() and (out / "facts" / "good.json").exists()
    monkeypatch.setattr(article_graphs, "map_article", map_article)
    again = build([src], out, nlp=nlp, progress=False)
    assert again.articles == 2 and again.parsed == 1 and (out / "facts" / "bad.json").exists()


def test_an_internal_error_is_one_line_and_exit_2_with_the_traceback_under_debug(tmp_path, capsys, monkeypatch):
    import kgbuild.cli as cli

    def broken(args):
        raise RuntimeError("something kgbuild did not expect\nsecond line")

    monkeypatch.setattr(cli, "cmd_validate", broken)
    assert main(["validate", str(tmp_path / "x.ttl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: something kgbuild did not expect" in err
    with pytest.raises(RuntimeError):
        main(["validate", str(tmp_path / "x.ttl"), "--debug"])


def test_outputs_switch_together_and_leftovers_of_killed_runs_go(nlp, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Armenia handed over two Azerbaijani soldiers, Baku said.", encoding="utf-8")
    out = tmp_path / "out"
    # what an older kgbuild wrote (plain files and a facts folder), and what killed runs left
    (out / "facts").mkdir(parents=True)
    (out / "facts" / "old.json").write_text("{}", encoding="utf-8")
    (out / "graph.trig").write_text("stale", encoding="utf-8")
    (out / ".releases" / "outputs-killed").mkdir(parents=True)
    (out / ".graph.ttl.abc.tmp").write_text("half", encoding="utf-8")
    (out / "cache").mkdir()
    (out / "cache" / ".a.json.xyz.tmp").write_text("half", encoding="utf-8")
    build([src], out, nlp=nlp, progress=False)
    assert sorted(p.name for p in out.iterdir()) == [".current", ".releases", "cache", "facts", "graph.trig",
                                                     "graph.ttl", "validation.ttl"]
    assert [p.name for p in (out / "facts").iterdir()] == ["a.json"] and (out / "graph.trig").read_text() != "stale"
    assert len(list((out / ".releases").iterdir())) == 1 and not list((out / "cache").glob(".*"))
    build([src], out, nlp=nlp, progress=False, validate=False)
    assert not (out / "validation.ttl").exists() and not (out / "validation.ttl").is_symlink()
    assert (out / "graph.trig").is_file() and len(list((out / ".releases").iterdir())) == 1


def test_an_output_that_is_a_file_and_inputs_without_articles_are_one_line_each(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "-q"]) == 2
    assert "no article to build" in capsys.readouterr().err
    (src / "a.txt").write_text("Kyiv said 12 civilians were returned.", encoding="utf-8")
    existing = tmp_path / "file.txt"
    existing.write_text("keep me", encoding="utf-8")
    assert main(["build", str(src), "--out", str(existing), "-q"]) == 2
    err = capsys.readouterr().err
    assert "must be a folder" in err and err.count("\n") == 1 and existing.read_text() == "keep me"


def test_a_build_streams_each_article_to_disk_as_it_is_mapped(nlp, tmp_path, monkeypatch):
    """Nothing proportional to the corpus waits in memory for the end: when an article's graph
    reaches the spool, the facts of the articles before it are already files of the new output,
    and no in-memory store of the dataset is made."""
    from kgbuild.rdf.spool import SpooledDataset

    src = tmp_path / "in"
    src.mkdir()
    for name in "abcd":
        (src / f"{name}.txt").write_text(f"Russia and Ukraine exchanged {ord(name)} prisoners each, Kyiv said.", encoding="utf-8")
    written_before: list[list[str]] = []
    add = SpooledDataset.add

    def spooled(self, graph, nquads, local=None):
        if local is not None:
            written_before.append(sorted(p.stem for p in tmp_path.glob("out/.releases/outputs-*/facts/*.json")))
        return add(self, graph, nquads, local)

    monkeypatch.setattr(SpooledDataset, "add", spooled)
    result = build([src], tmp_path / "out", nlp=nlp, progress=False)
    assert written_before == [[], ["a"], ["a", "b"], ["a", "b", "c"]]
    assert result.dataset is None  # until asked for, when it is read back from graph.trig
    assert len(result.store) == result.quads
