"""Shared fixtures: the pipeline is loaded once per session; paths to the bundled and shared data."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "gold" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The full kgbuild pipeline on the installed model (loaded once)."""
    from kgbuild.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def examples_build(nlp, tmp_path_factory):
    """One build of the bundled examples, shared by the end-to-end tests."""
    from kgbuild.build import build

    out = tmp_path_factory.mktemp("examples-build")
    return build([EXAMPLES], out, nlp=nlp, progress=False)


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not present")
    return SEEDS
