"""The facts cache: each article's facts as JSON, keyed by the article's content hash.

It is what makes builds incremental. An article whose text and metadata are unchanged, read by
the same pipeline (same kgbuild version, model, gazetteer and pattern files: the *fingerprint*),
is not parsed again; its facts come from ``<out>/cache/<id>.json``. Resolution is then
recomputed from the cached facts of every article; what follows it (an article's graph, its
eval-format facts, its validation results) is kept in :class:`RecordCache` files under a key of
everything it was made from, so an incremental build gives exactly the dataset a clean build of
the same inputs gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .corpus import Document
from .errors import InputError
from .facts import ArticleFacts
from .files import atomic_path

FORMAT_VERSION = 3


def to_json(value):
    """A dataclass tree (facts, documents) as plain JSON data."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (set, frozenset)):
        return sorted(to_json(v) for v in value)
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
    if origin is tuple and typing.get_args(kind)[-1] is not Ellipsis:
        items = [_decoder(k) for k in typing.get_args(kind)]
        return lambda data: None if data is None else tuple(item(v) for item, v in zip(items, data))
    if origin in (list, tuple, set, frozenset):
        item, make = _decoder(typing.get_args(kind)[0]), list if origin in (list, tuple) else origin
        return lambda data: None if data is None else make(item(v) for v in data)
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
    if kind is str:  # one string for the actor keys, kinds and ids that every article repeats
        return lambda data: sys.intern(data) if data is not None and len(data) <= 64 else data
    return _same


def fingerprint(model_name: str, model_version: str, data_files: list[Path]) -> str:
    """What the facts of an article depend on besides the article itself."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{__version__}|{model_name}|{model_version}".encode())
    for content in sorted(hashlib.sha256(path.read_bytes()).digest() for path in data_files):
        digest.update(content)  # the files' contents only: the same wherever kgbuild is installed
    return digest.hexdigest()[:24]


def pipeline_fingerprint(nlp) -> str:
    """What cached facts depend on: the model, the gazetteers, and kgbuild's extraction code and
    pattern files (so a changed rule re-reads every article)."""
    package = Path(__file__).parent
    gazetteer_files = [Path(p) for p in nlp.get_pipe("kgbuild_actors").gazetteer_files]
    sources = [*package.glob("nlp/**/*.*"), *package.glob("extract/*.py"), package / "facts.py"]
    return fingerprint(nlp.meta.get("name", ""), nlp.meta.get("version", ""),
                       [*gazetteer_files, *(p for p in sources if p.suffix in (".py", ".jsonl", ".json"))])


class FactsCache:
    """One file per article in ``folder``, in three lines read as far as needed: its content hash,
    the fingerprint and the document (enough to tell whether it is up to date); a summary of its
    facts (what resolution reads); its facts."""

    def __init__(self, folder: str | Path, fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    def path(self, article_id: str) -> Path:
        return self.folder / f"{article_id}.json"

    def has(self, document: Document) -> bool:
        """Whether the facts of ``document`` are cached, from the same text and the same pipeline."""
        try:
            with self.path(document.id).open(encoding="utf-8") as handle:
                header = json.loads(handle.readline())
        except (OSError, ValueError):
            return False  # missing, or damaged and simply recomputed
        return (isinstance(header, dict) and header.get("content_hash") == document.content_hash
                and header.get("fingerprint") == self.fingerprint)

    def put(self, document: Document, facts: ArticleFacts, summary: dict) -> None:
        header = {"content_hash": document.content_hash, "fingerprint": self.fingerprint, "document": to_json(document)}
        lines = [json.dumps(part, ensure_ascii=False) for part in (header, summary, to_json(facts))]
        with atomic_path(self.path(document.id)) as tmp:
            tmp.write_text("\n".join(lines), encoding="utf-8")

    def ids(self) -> list[str]:
        """The ids of every cached article, sorted."""
        return sorted(p.stem for p in self.folder.glob("*.json")) if self.folder.is_dir() else []

    def summary(self, article_id: str) -> dict:
        """A cached article's summary, as it was put."""
        path = self.path(article_id)
        try:
            with path.open(encoding="utf-8") as handle:
                handle.readline()
                return json.loads(handle.readline())
        except (OSError, ValueError) as exc:
            raise InputError(f"damaged cache entry ({exc}); delete it and build again", str(path)) from None

    def load(self, article_id: str) -> tuple[Document, ArticleFacts]:
        """A cached article's document and facts (whatever the fingerprint)."""
        return decode_entry(self.text(article_id), str(self.path(article_id)))

    def text(self, article_id: str) -> str:
        """A cached article's entry as stored (for :func:`decode_entry` elsewhere: a worker)."""
        path = self.path(article_id)
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"damaged cache entry ({exc}); delete it and build again", str(path)) from None

    def remove(self, article_id: str) -> None:
        self.path(article_id).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids())


def decode_entry(text: str, where: str) -> tuple[Document, ArticleFacts]:
    """The document and facts of a cache entry's text (``where`` names it in the error)."""
    try:
        header, _, facts = text.split("\n", 2)
        return from_json(Document, json.loads(header)["document"]), from_json(ArticleFacts, json.loads(facts))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"damaged cache entry ({exc}); delete it and build again", where) from None


class RecordCache:
    """One JSON record per article in ``folder``, valid under one key: what a later stage made
    of the article (its graph, its eval-format facts), reused while the key is the same."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def path(self, article_id: str) -> Path:
        return self.folder / f"{article_id}.json"

    def get(self, article_id: str, key: str) -> dict | None:
        try:
            record = json.loads(self.path(article_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record.get("value") if isinstance(record, dict) and record.get("key") == key else None

    def put(self, article_id: str, key: str, value: dict) -> None:
        with atomic_path(self.path(article_id)) as tmp:
            tmp.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), encoding="utf-8")

    def remove(self, article_id: str) -> None:
        self.path(article_id).unlink(missing_ok=True)
