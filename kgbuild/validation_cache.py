"""What SHACL validation found, kept between builds by what it depends on, in SQLite.

Dataset validation (:func:`kgbuild.validate.validate_dataset`) keeps each self-contained graph's
results under the graph's digest and its shared nodes, and each shared node's results under a
digest of the graphs that describe it. At archive size that is hundreds of MB (four results an
article in the generated corpus), so it lives in an SQLite file (``out/cache/shared/validation.sqlite``)
that is read one entry at a time, never whole: a first build and an incremental rebuild hold only
the entries they are working on. All changes of a build are one transaction, so a build that
fails leaves the cache as the last one wrote it. The results a validation ends with go to a
temporary SQLite file of their own (:class:`ResultTexts`), sorted there, and are read back from it
to be counted and written out.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (format TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS graphs (name TEXT PRIMARY KEY, digest TEXT NOT NULL, shared TEXT NOT NULL, results TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (node TEXT PRIMARY KEY, graphs TEXT NOT NULL, results TEXT NOT NULL);
"""


class ValidationCache:
    """The validation results of graphs and shared nodes, in the SQLite file ``path`` (in memory
    when None), for the shapes and engine that ``fingerprint`` names: a file made for others, or
    damaged, is started again."""

    def __init__(self, path: str | Path | None, fingerprint: str):
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._opened(fingerprint)
        except sqlite3.DatabaseError:  # not an SQLite file, or a damaged one: recomputed
            self.path.unlink()
            self._db = self._opened(fingerprint)

    def _opened(self, fingerprint: str) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path) if self.path is not None else ":memory:")
        try:
            db.executescript(SCHEMA)
            row = db.execute("SELECT format FROM meta").fetchone()
            if row is None or row[0] != fingerprint:
                db.executescript("DELETE FROM meta; DELETE FROM graphs; DELETE FROM nodes;")
                db.execute("INSERT INTO meta VALUES (?)", (fingerprint,))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def graph(self, name: str) -> tuple[str, str] | None:
        """The digest and shared-nodes key a graph's results were kept under, or None."""
        return self._db.execute("SELECT digest, shared FROM graphs WHERE name = ?", (name,)).fetchone()

    def keep_graph(self, name: str, digest: str, shared: str, results: dict[str, list[str]]) -> None:
        """Keep a graph's results (by focus node) under its digest and shared-nodes key."""
        self._db.execute("INSERT OR REPLACE INTO graphs VALUES (?, ?, ?, ?)", (name, digest, shared, json.dumps(results)))

    def has_nodes(self) -> bool:
        """Whether any shared node's results are kept (else this is a first validation)."""
        return self._db.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is not None

    def node_graphs(self, node: str) -> str | None:
        """The digest of the graphs a shared node's results were kept under, or None."""
        row = self._db.execute("SELECT graphs FROM nodes WHERE node = ?", (node,)).fetchone()
        return row[0] if row else None

    def keep_node(self, node: str, graphs: str, results: list[str]) -> None:
        """Keep a shared node's results under the digest of the graphs that describe it."""
        self._db.execute("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?)", (node, graphs, json.dumps(results)))

    def keep_only(self, graphs: Iterable[str], nodes: Iterable[str]) -> None:
        """Drop the entries of graphs and nodes that are no longer in the dataset."""
        for table, column, kept in (("graphs", "name", set(graphs)), ("nodes", "node", set(nodes))):
            gone = [(key,) for (key,) in self._db.execute(f"SELECT {column} FROM {table}") if key not in kept]
            self._db.executemany(f"DELETE FROM {table} WHERE {column} = ?", gone)

    def results(self) -> Iterator[str]:
        """Every result text kept (a text may come more than once)."""
        for (text,) in self._db.execute("SELECT results FROM graphs"):
            for texts in json.loads(text).values():
                yield from texts
        for (text,) in self._db.execute("SELECT results FROM nodes"):
            yield from json.loads(text)

    def close(self, save: bool) -> None:
        """Commit this build's changes (with ``save``) or drop them, and close the file."""
        if save:
            self._db.commit()
        else:
            self._db.rollback()
        self._db.close()


class ResultTexts:
    """Result texts, each once and sorted, in a temporary SQLite file (in the system's temporary
    folder, ``TMPDIR``) that goes when the object does: a build's results (hundreds of MB at
    archive size) are sorted, counted and written out without being held in memory."""

    def __init__(self, texts: Iterable[str]):
        handle, name = tempfile.mkstemp(prefix="kgbuild-results-", suffix=".sqlite")
        os.close(handle)
        self.path = Path(name)
        weakref.finalize(self, self.path.unlink, missing_ok=True)
        with closing(sqlite3.connect(name)) as db:
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                             "CREATE TABLE found (text TEXT NOT NULL);")
            db.executemany("INSERT INTO found VALUES (?)", ((text,) for text in texts))
            db.executescript("CREATE TABLE texts AS SELECT DISTINCT text FROM found ORDER BY text;"
                             "DROP TABLE found; VACUUM;")

    def __iter__(self) -> Iterator[str]:
        with closing(sqlite3.connect(self.path)) as db:
            for (text,) in db.execute("SELECT text FROM texts ORDER BY rowid"):
                yield text
