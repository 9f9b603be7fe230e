"""The SHACL engines give the same results, written the same way, on good and bad data alike."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild.errors import KgbuildError
from kgbuild.shacl_engines import ENGINES, engine
from kgbuild.validate import _run

DATA = Path(__file__).parent / "shapes"
# rudof does not check that a literal's lexical form is valid for its datatype ("2025-02-30"^^xsd:date)
ILL_TYPED = "2025-02-30"


def ntriples(*names: str) -> str:
    return "".join(f"{t} .\n" for name in names for t in ox.parse(path=DATA / name, format=ox.RdfFormat.TURTLE))


def results_without_blank_focus(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """Results on IRIs (a blank node's label is the engine's own)."""
    return {node: texts for node, texts in found.items() if node.startswith("<")}


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.ttl") if p.name != "base.ttl"))
def test_rudof_and_pyshacl_report_the_same_results(name):
    data = ntriples("base.ttl", name)
    reference = results_without_blank_focus(_run("pyshacl", data))
    fast = results_without_blank_focus(_run("rudof", data))
    if ILL_TYPED in data:
        reference = {node: [t for t in texts if ILL_TYPED not in t] for node, texts in reference.items()}
        reference = {node: texts for node, texts in reference.items() if texts}
    assert fast == reference
    if "-bad" in name:
        assert reference, f"{name} is meant to break some shape"


def test_only_targeted_nodes_are_checked_by_either_engine():
    data = ntriples("base.ttl", "release-bad.ttl")
    wanted = {"<https://w3id.org/kgbuild/id/release/negative>"}
    for name in ENGINES:
        assert set(_run(name, data, wanted)) == wanted


def test_an_unknown_engine_is_a_clear_error():
    with pytest.raises(KgbuildError, match="unknown SHACL engine 'fast': choose one of pyshacl, rudof"):
        engine("fast")


def test_rudof_without_pyrudof_says_what_to_install(monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyrudof" else find_spec(name, *a))
    with pytest.raises(KgbuildError, match=r"pip install 'kgbuild\[rudof\]'"):
        engine("rudof")
    assert engine("pyshacl") is ENGINES["pyshacl"]


@pytest.mark.model
def test_a_build_writes_the_same_report_with_either_engine(nlp, tmp_path):
    from kgbuild.build import build

    examples = Path(__file__).parent.parent / "examples"
    reports = {}
    for name in ENGINES:
        result = build([examples], tmp_path / name, nlp=nlp, progress=False, shacl_engine=name)
        reports[name] = (tmp_path / name / "validation.ttl").read_bytes()
        assert result.validation.warnings  # the examples have talks without a place, claims without a subject...
    assert b"Sources disagree" in reports["rudof"]  # the SPARQL-based shape ran too
    assert reports["rudof"] == reports["pyshacl"]


def test_build_refuses_an_unknown_engine_before_parsing(tmp_path):
    from kgbuild.build import build

    with pytest.raises(KgbuildError, match="unknown SHACL engine"):
        build([tmp_path / "missing.jsonl"], tmp_path / "out", nlp=object(), shacl_engine="fast")
