"""Read-only SPARQL over a dataset, with pyoxigraph (rdflib's engine is far slower on big graphs).

The default graph is the union of all named graphs, so a query need not name the article graphs.
Update queries are refused: ``kgbuild query`` never changes data. ``SERVICE`` (which would send
requests to other servers) is refused unless the caller allows remote requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .query_params import bind_parameters, describe_bindings
from .rdf.io import PREFIXES
from .tabular import FORMATS, csv_text, pick_columns, table_text, with_newline

_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
# What may hide the words SERVICE and LOAD without being keywords: IRIs, strings, comments,
_NOT_KEYWORDS = re.compile(r'<[^<>\s]*>|"""[\s\S]*?"""|' r"'''[\s\S]*?'''|"
                           r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|#[^\n]*|"
                           r"[?$]\w+|[\w-]*:[\w.-]*")  # ... variables and prefixed names too
_REMOTE = re.compile(r"\b(SERVICE|LOAD)\b", re.I)
_PROLOGUE = re.compile(r"^\s*(#[^\n]*\n|(PREFIX\s+[^\s:]*:\s*<[^>]*>)|(BASE\s+<[^>]*>)|\s+)*", re.I)


def _query_file(query: str) -> Path | None:
    """The file ``query`` names, if it names a ``.rq``/``.sparql`` file rather than being SPARQL."""
    if query.strip().lower().endswith((".rq", ".sparql")) and "\n" not in query.strip():
        return Path(query.strip())
    return None


def query_text(query: str) -> str:
    """The query itself: a SPARQL string, or the contents of a ``.rq``/``.sparql`` file."""
    path = _query_file(query)
    if path is None:
        return query
    if not path.is_file():
        raise QueryError(f"{path}: no such query file")
    return path.read_text(encoding="utf-8")


def query_name(query: str) -> str:
    """How messages name a query: its file, or "the query"."""
    path = _query_file(query)
    return str(path) if path is not None else "the query"


def with_prefixes(query: str) -> str:
    """Add kgbuild's usual prefixes (kg:, id:, rdfs:, owl:, xsd:, wd:) unless the query declares them."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([^\s:]*):", query, re.I)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(missing + [query])


def calls_remote(text: str) -> bool:
    """Whether a SPARQL query or update would send requests to other servers (SERVICE, LOAD);
    the words inside IRIs, strings and comments do not count."""
    return _REMOTE.search(_NOT_KEYWORDS.sub(" ", text)) is not None


def run_query(store: ox.Store, query: str, allow_remote: bool = False,
              params: Mapping[str, str | Sequence[str]] | None = None):
    """Run a read-only query; returns pyoxigraph solutions, a boolean, or triples.

    ``params`` binds the parameters the query declares (``# @param``, see :mod:`kgbuild.query_params`):
    ``run_query(store, "queries/cq1-exchanges-between-sides.rq", params={"side": "Ukraine"})``."""
    text = query_text(query)
    if params:
        text = bind_parameters(text, params, query_name(query))
    if _UPDATE.match(text[_PROLOGUE.match(text).end():]):
        raise QueryError("kgbuild query is read-only: SPARQL updates (INSERT, DELETE, LOAD, ...) are refused")
    if not allow_remote and calls_remote(text):
        raise QueryError("SERVICE would send requests to another server; kgbuild refuses it unless --allow-remote is given")
    try:
        return store.query(with_prefixes(text), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None


def _compact(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and re.fullmatch(r"[\w\-./]*", term.value[len(ns):]):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def solution_rows(result: ox.QuerySolutions) -> tuple[list[str], list[list]]:
    """A SELECT result read out: its variables and its rows of terms (None where unbound)."""
    variables = [v.value for v in result.variables]
    return variables, [[solution[v] for v in variables] for solution in result]


def format_rows(variables: list[str], rows: list[list], fmt: str = "table", columns: list[str] | None = None,
                width: int | None = None) -> str:
    """SELECT rows as a table (IRIs shortened with the usual prefixes, long cells wrapped at
    ``width``), CSV (full values) or SPARQL JSON results; ``columns`` picks and orders the variables."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format {fmt!r} (use {', '.join(FORMATS)})")
    picked = pick_columns(variables, columns)
    rows = [[row[variables.index(c)] for c in picked] for row in rows]
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(picked, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": picked}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
    if fmt == "csv":
        return csv_text(picked, [["" if t is None else t.value for t in row] for row in rows])
    return table_text(picked, [[_compact(t) for t in row] for row in rows], width)


def format_result(result, fmt: str = "table", columns: list[str] | None = None, width: int | None = None) -> str:
    """Render a query result: SELECT rows as :func:`format_rows` does, a boolean, or Turtle for graphs."""
    if isinstance(result, ox.QuerySolutions):
        return format_rows(*solution_rows(result), fmt, columns, width)
    if columns:
        raise QueryError("--columns picks columns of SELECT results; this query returns " +
                         ("a boolean" if isinstance(result, ox.QueryBoolean) else "triples"))
    if isinstance(result, ox.QueryBoolean):
        value = bool(result)
        return json.dumps({"head": {}, "boolean": value}) if fmt == "json" else str(value).lower()
    return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()


def answer(store: ox.Store, query: str, *, params: Mapping[str, str | Sequence[str]] | None = None,
           allow_remote: bool = False, fmt: str = "table", columns: list[str] | None = None,
           width: int | None = None) -> tuple[str, str]:
    """What ``kgbuild query`` prints: the answer (ending in a line break) and, when a SELECT
    finds nothing, a note that says so with the parameters that applied (else "")."""
    result = run_query(store, query, allow_remote=allow_remote, params=params)
    if not isinstance(result, ox.QuerySolutions):
        return with_newline(format_result(result, fmt, columns, width)), ""
    variables, rows = solution_rows(result)
    text = with_newline(format_rows(variables, rows, fmt, columns, width))
    if rows:
        return text, ""
    bindings = describe_bindings(query_text(query), params or {})
    return text, f"no rows: {query_name(query)} matches nothing" + (f" with {bindings}" if bindings else "")


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out
