"""A dataset kept on disk while a build runs, so that a corpus of any size fits in memory.

Each named graph's N-Quads go to one file, in the order the graphs are added; memory keeps only
each graph's place in it. An SQLite index beside it (Python's own ``sqlite3``) answers the
questions that span graphs: which nodes several graphs describe, everything the dataset says of
such a node, and which triples several graphs hold. Reading a graph back parses its text, which
is much faster than reading quads out of an on-disk pyoxigraph store (about 1 against 28 µs a
quad, measured 2026-11-27).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE subjects (node TEXT NOT NULL, graph INTEGER NOT NULL);
CREATE TABLE statements (subject TEXT NOT NULL, triple TEXT NOT NULL, beyond INTEGER NOT NULL, graph INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX subjects_node ON subjects (node);
CREATE INDEX statements_subject ON statements (subject);
"""
DUPLICATES = """
CREATE TABLE duplicates AS
  SELECT triple, MAX(graph) AS last FROM statements
  WHERE subject IN (SELECT node FROM subjects GROUP BY node HAVING COUNT(*) > 1)
  GROUP BY triple HAVING COUNT(DISTINCT graph) > 1;
CREATE INDEX duplicates_triple ON duplicates (triple);
"""
QUERY_TERMS = 500  # terms bound in one SQL query (SQLite allows a few thousand)


def statement_lines(text: str) -> list[str]:
    """The lines of N-Triples or N-Quads text: split at line feeds only (``str.splitlines`` also
    splits at characters a literal may hold unescaped, such as U+0085 and U+2028)."""
    return [line for line in text.split("\n") if line]


def as_stored(lines: Iterable[str]) -> list[str]:
    """N-Quads lines in the order an in-memory pyoxigraph store lists the quads it was given in
    this order: each once, the latest given first (the order of graph.trig and graph.ttl since
    the dataset was first kept in such a store)."""
    return list(reversed(dict.fromkeys(lines)))


def triples_of(lines: Iterable[str]) -> str:
    """N-Quads lines of a named graph as N-Triples (the graph term dropped)."""
    return "".join(line.rsplit(" ", 2)[0] + " .\n" for line in lines)


def _parts(line: str) -> tuple[str, str, str]:
    """The subject, the predicate and the triple (``s p o``) of an N-Quads line of a named graph:
    neither the subject, the predicate nor the graph holds a space."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, f"{subject} {predicate} {rest.rsplit(' ', 2)[0]}"


class SpooledDataset:
    """Named graphs on disk, with an index of what spans them (see the module's docstring).

    ``beyond`` are the predicates (N-Triples form) validation follows from a value node, with
    rdf:type: what :meth:`neighbourhood` gives of a node's values."""

    def __init__(self, folder: str | Path, beyond: frozenset[str]):
        self.folder = Path(folder)
        self.beyond = beyond
        self.graphs: dict[str, tuple[int, int]] = {}  # graph IRI -> (offset, length), in the order added
        self.sizes: dict[str, int] = {}  # graph IRI -> its number of lines
        self._file = (self.folder / "quads.nq").open("w+b")
        self._db = sqlite3.connect(str(self.folder / "index.sqlite"))
        self._db.executescript(SCHEMA)
        self._shared: set[str] | None = None
        self._values_said: dict[str, frozenset[str]] = {}  # shared node -> :meth:`_said_of_shared_value`

    def add(self, graph: str, nquads: str, local: str | None = None) -> None:
        """Add a graph's N-Quads (a quad a line, as pyoxigraph writes them). ``local`` starts the IRIs
        no other graph can describe (``<`` and an article's own IRI, which its spans extend with
        ``/``): of those, only what validation needs of a value is indexed."""
        data = nquads.encode()
        self._file.seek(0, 2)
        self.graphs[graph] = (self._file.tell(), len(data))
        self.sizes[graph] = nquads.count("\n")
        self._file.write(data)
        position, subjects, rows = len(self.graphs) - 1, set(), []
        for subject, predicate, triple in map(_parts, statement_lines(nquads)):
            own = local is not None and (subject == local + ">" or subject.startswith(local + "/"))
            if not own:
                subjects.add(subject)
            if not own or predicate in self.beyond:
                rows.append((subject, triple, predicate in self.beyond, position))
        self._db.executemany("INSERT INTO subjects VALUES (?, ?)", ((s, position) for s in subjects))
        self._db.executemany("INSERT INTO statements VALUES (?, ?, ?, ?)", rows)

    def lines(self, graph: str) -> list[str]:
        """A graph's N-Quads lines, each once, in the order a store lists its quads (:func:`as_stored`)."""
        offset, length = self.graphs[graph]
        self._file.seek(offset)
        return as_stored(statement_lines(self._file.read(length).decode()))

    def size(self, graph: str) -> int:
        """How many quads a graph has (its lines as added)."""
        return self.sizes[graph]

    def quads(self, graph: str) -> list[ox.Quad]:
        """A graph's quads, in the order a store lists them."""
        lines = self.lines(graph)
        return list(ox.parse("\n".join(lines), ox.RdfFormat.N_QUADS)) if lines else []

    def shared(self) -> set[str]:
        """The nodes (N-Triples form) that more than one graph describes; asked once every graph is in."""
        if self._shared is None:
            self._db.executescript(INDEXES)
            self._shared = {node for node, in self._db.execute("SELECT node FROM subjects GROUP BY node HAVING COUNT(*) > 1")}
        return self._shared

    def shared_subjects(self, graph: str) -> list[str]:
        """The subjects of ``graph`` that another graph describes too, sorted (one string object per
        node, however many graphs name it: a build keeps them for every graph)."""
        return sorted(sys.intern(node) for node in {line.split(" ", 1)[0] for line in self.lines(graph)} & self.shared())

    def ntriples(self, graph: str) -> str:
        """A graph's triples as N-Triples, in the order of :meth:`lines`."""
        return triples_of(self.lines(graph))

    def neighbourhood(self, nodes: list[str]) -> set[str]:
        """Everything the dataset says of ``nodes``, and what validating them needs of their values,
        as triples (``s p o``, N-Triples without the final dot)."""
        triples = self._triples("SELECT DISTINCT triple FROM statements WHERE subject IN ({})", nodes)
        values = {o for o in (t.split(" ", 2)[2] for t in triples) if o.startswith(("<", "_:"))}
        shared = values & self.shared()
        return (triples | self._triples("SELECT DISTINCT triple FROM statements WHERE beyond AND subject IN ({})",
                                        sorted(values - shared))
                | {triple for value in sorted(shared) for triple in self._said_of_shared_value(value)})

    def _said_of_shared_value(self, node: str) -> frozenset[str]:
        """What validation needs of a shared node as the value of another (its type), read once: an
        actor is the value of thousands of events and delegations, and every graph that
        describes it repeats its type."""
        said = self._values_said.get(node)
        if said is None:
            said = self._values_said[node] = frozenset(
                text for text, in self._db.execute("SELECT DISTINCT triple FROM statements WHERE beyond AND subject = ?", (node,)))
        return said

    def _triples(self, query: str, terms: list[str]) -> set[str]:
        texts = set()
        for start in range(0, len(terms), QUERY_TERMS):
            chunk = terms[start:start + QUERY_TERMS]
            texts.update(text for text, in self._db.execute(query.format(",".join("?" * len(chunk))), chunk))
        return texts

    def dataset_quads(self) -> Iterator[ox.Quad]:
        """Every graph in IRI order (the order of :func:`kgbuild.rdf.io.dataset_quads`)."""
        for graph in sorted(self.graphs, key=lambda name: name + ">"):  # as a store sorts "<iri>"
            yield from self.quads(graph)

    def union_triples(self) -> Iterator[ox.Triple]:
        """The union of the graphs in the order of :func:`kgbuild.rdf.io.union_triples` on an
        in-memory store they were loaded into: the graphs latest added first, each triple once,
        where the latest graph that holds it puts it."""
        shared = self.shared()
        self._db.executescript(DUPLICATES)
        for position, graph in reversed(list(enumerate(self.graphs))):
            lines = self.lines(graph)
            candidates = {line: _parts(line)[2] for line in lines if line.split(" ", 1)[0] in shared}
            later = self._later(list(candidates.values()), position)
            kept = [line.rsplit(" ", 2)[0] + " .\n" for line in lines if candidates.get(line) not in later]
            yield from ox.parse("".join(kept), ox.RdfFormat.N_TRIPLES) if kept else ()

    def _later(self, texts: list[str], position: int) -> set[str]:
        """Which of these triples a graph added after the one at ``position`` holds too."""
        found = set()
        for start in range(0, len(texts), QUERY_TERMS):
            chunk = texts[start:start + QUERY_TERMS]
            query = f"SELECT triple FROM duplicates WHERE last > ? AND triple IN ({','.join('?' * len(chunk))})"
            found.update(text for text, in self._db.execute(query, [position, *chunk]))
        return found

    def close(self) -> None:
        self._file.close()
        self._db.close()
