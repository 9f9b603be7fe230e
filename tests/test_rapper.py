"""Every RDF file kgbuild writes parses with pyoxigraph, rdflib and Raptor's rapper (strict mode),
and all three count the same statements.

rapper comes from Debian's raptor2-utils; its checks are skipped when it is not installed. Raptor 2
has no JSON-LD parser, so JSON-LD exports are checked with pyoxigraph and rdflib only.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kgbuild.query import format_result, run_query
from kgbuild.store.embedded import export_store, load_files, open_store

ROOT = Path(__file__).resolve().parent.parent
SYNTAX = {  # suffix: (pyoxigraph format, rdflib format, rapper syntax or None)
    ".trig": (ox.RdfFormat.TRIG, "trig", "trig"),
    ".ttl": (ox.RdfFormat.TURTLE, "turtle", "turtle"),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads", "nquads"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt", "ntriples"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld", None),
}
QUADS = {".trig", ".nq", ".jsonld"}
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def written_files(examples_build, tmp_path_factory) -> list[Path]:
    """The build's RDF outputs, every export format of a loaded store, and a CONSTRUCT result."""
    out = examples_build.out_dir
    files = [out / "graph.trig", out / "graph.ttl", out / "validation.ttl"]
    folder = tmp_path_factory.mktemp("written")
    load_files([out / "graph.trig"], folder / "kgstore")
    store = open_store(folder / "kgstore", create=False)
    for fmt in ("trig", "nq", "ttl", "nt", "jsonld"):
        export_store(store, folder / f"export.{fmt}", fmt)
        files.append(folder / f"export.{fmt}")
    gazetteer = "https://w3id.org/kgbuild/id/graph/gazetteer"
    export_store(store, folder / "gazetteer.trig", graph=gazetteer)
    construct = folder / "construct.ttl"
    construct.write_text(format_result(run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }")), encoding="utf-8")
    files += [folder / "gazetteer.trig", construct]
    files += sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "shapes").glob("*.ttl"))
    return files


def pyoxigraph_count(path: Path) -> int:
    return sum(1 for _ in ox.parse(path=str(path), format=SYNTAX[path.suffix][0]))


def rdflib_count(path: Path) -> int:
    if path.suffix in QUADS:
        dataset = rdflib.Dataset()
        dataset.parse(str(path), format=SYNTAX[path.suffix][1])
        return sum(1 for _ in dataset.quads((None, None, None, None)))
    return len(rdflib.Graph().parse(str(path), format=SYNTAX[path.suffix][1]))


def test_pyoxigraph_and_rdflib_read_every_file_alike(written_files):
    for path in written_files:
        count = pyoxigraph_count(path)
        assert count > 0, path
        assert rdflib_count(path) == count, path


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper is not installed (Debian: apt-get install raptor2-utils)")
def test_rapper_strict_reads_every_file_alike(written_files):
    checked = 0
    for path in written_files:
        syntax = SYNTAX[path.suffix][2]
        if syntax is None:
            continue
        run = subprocess.run(["rapper", "-f", "strict", "-i", syntax, "-c", str(path)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0 and not re.search(r"Error|Warning", run.stderr), f"{path}: {run.stderr}"
        count = int(re.search(r"Parsing returned (\d+) triples", run.stderr).group(1))
        assert count == pyoxigraph_count(path), path
        checked += 1
    assert checked == len(written_files) - 1  # all but the JSON-LD export
