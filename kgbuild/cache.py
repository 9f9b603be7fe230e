"""The facts cache: each article's facts as JSON, keyed by the article's content hash.

It is what makes builds incremental. An article whose text and metadata are unchanged, read by
the same pipeline (same kgbuild version, model, gazetteer and pattern files: the *fingerprint*),
is not parsed again; its facts come from ``<out>/cache/<id>.json``. Resolution and the RDF are
then recomputed from the cached facts of every article, so an incremental build gives exactly
the dataset a clean build of the same inputs gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import types
import typing
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .corpus import Document
from .errors import InputError
from .facts import ArticleFacts
from .files import atomic_path

FORMAT_VERSION = 1


def to_json(value):
    """A dataclass tree (facts, documents) as plain JSON data."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_json(kind, data):
    """Rebuild a value of type ``kind`` (a dataclass, list[...], dict[...], date, ...) from JSON data."""
    return _decoder(kind)(data)


def _same(value):
    return value


@functools.cache
def _decoder(kind):
    """A function that decodes JSON data into ``kind``, built once per type (decoding is hot)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        inner = _decoder(options[0]) if len(options) == 1 else _same
        return lambda data: None if data is None else inner(data)
    if origin in (list, tuple):
        item = _decoder(typing.get_args(kind)[0])
        return lambda data: None if data is None else [item(v) for v in data]
    if origin is dict:
        item = _decoder(typing.get_args(kind)[1])
        return lambda data: None if data is None else {k: item(v) for k, v in data.items()}
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(kind)}

        def decode(data):
            if data is None:
                return None
            return kind(**{k: fields[k](v) for k, v in data.items() if k in fields})
        return decode
    if kind is dt.date:
        return lambda data: None if data is None else dt.date.fromisoformat(data)
    return _same


def fingerprint(model_name: str, model_version: str, data_files: list[Path]) -> str:
    """What the facts of an article depend on besides the article itself."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{__version__}|{model_name}|{model_version}".encode())
    for path in sorted(data_files):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


class FactsCache:
    """One JSON file per article in ``folder``: its document, content hash, fingerprint and facts."""

    def __init__(self, folder: str | Path, fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    def path(self, article_id: str) -> Path:
        return self.folder / f"{article_id}.json"

    def get(self, document: Document) -> ArticleFacts | None:
        """The cached facts of ``document`` if it and the pipeline are unchanged."""
        path = self.path(document.id)
        if not path.is_file():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a damaged cache entry is simply recomputed
        if record.get("content_hash") != document.content_hash or record.get("fingerprint") != self.fingerprint:
            return None
        return from_json(ArticleFacts, record["facts"])

    def put(self, document: Document, facts: ArticleFacts) -> None:
        record = {"content_hash": document.content_hash, "fingerprint": self.fingerprint,
                  "document": to_json(document), "facts": to_json(facts)}
        with atomic_path(self.path(document.id)) as tmp:
            tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    def ids(self) -> list[str]:
        """The ids of every cached article, sorted."""
        return sorted(p.stem for p in self.folder.glob("*.json")) if self.folder.is_dir() else []

    def load(self, article_id: str) -> tuple[Document, ArticleFacts]:
        """A cached article's document and facts (whatever the fingerprint)."""
        path = self.path(article_id)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            return from_json(Document, record["document"]), from_json(ArticleFacts, record["facts"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"damaged cache entry ({exc}); delete it and build again", str(path)) from None

    def remove(self, article_id: str) -> None:
        self.path(article_id).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids())
