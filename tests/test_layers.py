"""The layers point one way: ``nlp/`` (model, gazetteer, pattern data) never imports
``extract/`` (the extractor components are registered from ``extract/`` and found by name), and
no module imports a later stage of the build (see docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kgbuild"


def imported_modules(path: Path) -> set[str]:
    """Absolute dotted names of the kgbuild modules a file imports."""
    package = ["kgbuild", *path.relative_to(PACKAGE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.add(".".join([*base, *(node.module.split(".") if node.module else [])]))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("kgbuild")}


def test_nlp_never_imports_extract():
    offenders = {str(path.relative_to(PACKAGE)): sorted(name for name in imported_modules(path)
                                                        if name.startswith("kgbuild.extract"))
                 for path in (PACKAGE / "nlp").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_import_walker_sees_relative_imports():
    assert "kgbuild.extract.events" in imported_modules(PACKAGE / "extract" / "components.py")
    assert "kgbuild.nlp.gazetteer" in imported_modules(PACKAGE / "extract" / "components.py")


def test_extractor_components_are_registered_as_spacy_entry_points():
    tomllib = pytest.importorskip("tomllib")

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    factories = project["project"]["entry-points"]["spacy_factories"]
    assert set(factories) == {"kgbuild_actors", "kgbuild_events"}
    assert all(target.startswith("kgbuild.extract.components:") for target in factories.values())


def test_no_extract_module_grows_past_400_lines():
    """A module that keeps growing hides a pass that should be a pattern or a module of its own."""
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in (PACKAGE / "extract").glob("*.py")}
    assert {name: lines for name, lines in lengths.items() if lines > 400} == {}


def test_extract_holds_no_word_lists():
    """Words of news language live in nlp/patterns/; code may name syntax (dependency labels,
    function words), the facts' own vocabulary and calendar names only."""
    import spacy

    from dataclasses import fields

    from kgbuild import facts

    labels = set(spacy.glossary.GLOSSARY) | {"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "prep", "agent", "amod",
                                             "compound", "poss", "nmod", "appos", "conj", "relcl", "acl", "advcl",
                                             "xcomp", "ccomp", "pcomp", "aux", "auxpass", "neg", "det", "attr", "prt",
                                             "advmod", "npadvmod", "nummod", "quantmod", "punct", "cc"}
    function_words = {"a", "an", "the", "and", "of", "in", "on", "at", "to", "from", "by", "for", "with", "between",
                      "as", "which", "that", "whose", "it", "they", "each", "both", "no", "near", "co", "-", "–", "—",
                      "this", "these", "those",
                      "'s", "’s", "'", "’", "(", ")", ","}
    calendar = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"}
    facts_vocabulary = set(facts.CATEGORIES) | set(facts.EXCHANGE_KINDS) | {
        f.name for cls in (facts.Exchange, facts.Negotiation, facts.Claim, facts.Role) for f in fields(cls)}
    offenders = []
    for path in sorted((PACKAGE / "extract").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Tuple, ast.Set, ast.List)) or len(node.elts) < 2:
                continue
            if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                continue
            words = [e.value for e in node.elts]
            if any(w.islower() and w not in labels | function_words | calendar | facts_vocabulary
                   and not w.startswith("kg_") and "_" not in w for w in words):
                offenders.append(f"{path.name}:{node.lineno} {words}")
    assert offenders == []


# The build's stages, earliest first: a module may import its own stage and earlier ones only.
STAGES = [
    {"__init__", "errors", "resources", "files", "facts", "corpus", "webpages", "warc", "progress", "text",
     "tabular"},  # plain data and files
    {"nlp"},  # model, gazetteer, pattern data
    {"extract"},  # facts of one article
    {"workers", "cluster", "cache"},  # parse on every core or on a Dask cluster, keep the facts of each article
    {"resolve"},  # across articles: plain data
    {"rdf"},  # facts + resolution -> quads, the one place that knows RDF terms
    {"validate", "validation_cache", "shacl_engines", "export_facts", "article_graphs", "query", "query_params",
     "evaluate"},  # read the quads
    {"store", "views"},  # sinks and views
    {"build"},
    {"cli"},
]


def _stage_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return next(i for i, names in enumerate(STAGES) if top in names)


def test_every_package_module_has_a_stage():
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert tops - set().union(*STAGES) == set()


def _upward(module: str, imported: str) -> bool:
    return imported != "kgbuild" and _stage_of(imported) > _stage_of(module)


def test_imports_follow_the_stages():
    """No module imports a later stage (resolution never writes RDF, the cache never needs RDF)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(["kgbuild", *path.relative_to(PACKAGE).with_suffix("").parts])
        found += [f"{module} -> {name}" for name in sorted(imported_modules(path)) if _upward(module, name)]
    assert found == []


def test_the_stage_check_flags_an_upward_import():
    assert _upward("kgbuild.resolve", "kgbuild.rdf.mapping")
    assert _upward("kgbuild.cache", "kgbuild.rdf.io")
    assert not _upward("kgbuild.rdf.mapping", "kgbuild.resolve")
