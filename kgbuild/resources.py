"""Where the data files live: ontology/, shapes/ and queries/.

In an installed wheel they are copied into ``kgbuild/_data``; in a source checkout
(editable install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``shapes`` or ``queries``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kgbuild data folder {name!r} is missing from the installation")


def ontology_file() -> Path:
    return data_dir("ontology") / "kgbuild.ttl"


def shapes_file() -> Path:
    return data_dir("shapes") / "kgbuild-shapes.ttl"
