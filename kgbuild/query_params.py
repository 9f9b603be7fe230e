"""Parameters of SPARQL files: declared in the header comment, bound by rewriting a VALUES block.

A query file documents each parameter in its header, with an optional type in brackets::

    # @param side           a side, by its kg:name (default: any)
    # @param from [date]    the first day of the period (default: any)
    # @param status [term]  Completed and/or Planned (default: Completed, Planned)

and holds its default in one single-variable ``VALUES`` block on a line marked with its name::

    VALUES ?statusIri { kg:Completed kg:Planned }   # PARAMETER status

(``UNDEF`` for "any"), so the file runs as written in any triple store. ``--param status=Planned``
replaces the block's content. Each value is made an RDF term first (a string, an ``xsd:date``, or
a term of the kg: vocabulary, each checked) and written by pyoxigraph in N-Triples syntax, so no
value can change the query around it. pyoxigraph's ``substitutions`` cannot do this: they replace
only variables the query returns, and parameters choose starting nodes inside sub-selects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from .errors import QueryError
from .rdf.vocab import KG

TYPES = ("text", "date", "term")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_ANY = "any"
_DECLARATION_START = re.compile(r"^#\s*@param\b.*$", re.M)
_DECLARATION = re.compile(r"#\s*@param\s+(?P<name>[A-Za-z_]\w*)(?:\s+\[(?P<type>\w+)\])?\s+(?P<meaning>\S.*?)"
                          r"\s*\(default:\s*(?P<default>[^()]*?)\)\s*")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its name, type, what it means and its default as documented."""

    name: str
    meaning: str
    default: str
    type: str = "text"

    def term(self, value: str) -> ox.Literal | ox.NamedNode:
        """``value`` as the RDF term the query compares; QueryError if it is not one."""
        if not value:
            raise QueryError(f"--param {self.name}= needs a value ({self.meaning})")
        if self.type == "date":
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    raise ValueError
                date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"--param {self.name} takes a date YYYY-MM-DD, got {value!r}") from None
            return ox.Literal(value, datatype=XSD_DATE)
        if self.type == "term":
            local = value.removeprefix("kg:")
            if not re.fullmatch(r"[A-Za-z]\w*", local) or not hasattr(KG, local):
                raise QueryError(f"--param {self.name} takes a term of the kg: vocabulary ({self.meaning}), "
                                 f"got {value!r}")
            return ox.NamedNode(str(getattr(KG, local)))
        try:
            return ox.Literal(value)
        except ValueError:  # text that is no Unicode, such as bytes of a command line the locale cannot decode
            raise QueryError(f"--param {self.name} is not valid text: {value!r}") from None


def declared_parameters(text: str, source: str = "the query") -> list[Parameter]:
    """The parameters a query's ``# @param`` lines declare, in their order."""
    parameters = []
    for line in _DECLARATION_START.findall(text):
        match = _DECLARATION.fullmatch(line)
        if match is None or (match["type"] or "text") not in TYPES:
            raise QueryError(f"{source}: cannot read {line.strip()!r}; write "
                             f"'# @param NAME [{'|'.join(TYPES)}] MEANING (default: VALUE)'")
        parameters.append(Parameter(match["name"], match["meaning"], match["default"], match["type"] or "text"))
    return parameters


def _block(name: str) -> re.Pattern:
    """The one-line ``VALUES ?var { ... }   # PARAMETER name`` block of parameter ``name``."""
    return re.compile(rf"^(?P<head>[^#\n]*\bVALUES\s+\?\w+\s*\{{)(?P<data>[^{{}}\n]*)"
                      rf"(?P<tail>\}}[^#\n]*#\s*PARAMETER\s+{re.escape(name)}\b.*)$", re.M | re.I)


def bind_parameters(text: str, values: Mapping[str, str | Sequence[str]], source: str = "the query") -> str:
    """``text`` with the VALUES block of each parameter in ``values`` holding the given values
    (several values: several rows). QueryError for an undeclared name or a value of the wrong type."""
    declared = {p.name: p for p in declared_parameters(text, source)}
    for name, given in values.items():
        if name not in declared:
            known = f"its parameters are {', '.join(declared)}" if declared else "it has no parameters"
            raise QueryError(f"{source} has no parameter {name!r}; {known}")
        parameter = declared[name]
        terms = " ".join(str(parameter.term(v)) for v in ([given] if isinstance(given, str) else given))
        block = _block(name)
        found = len(block.findall(text))
        if found != 1:
            raise QueryError(f"{source}: parameter {name} needs one 'VALUES ?var {{ ... }}   # PARAMETER {name}' "
                             f"line, found {found}")
        text = block.sub(lambda m: f"{m['head']} {terms} {m['tail']}", text)
    return text


def parse_assignments(items: Iterable[str]) -> dict[str, list[str]]:
    """``["side=Ukraine", "status=Planned", "status=Completed"]`` -> {name: values}, in order."""
    values: dict[str, list[str]] = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {item!r}")
        values.setdefault(name.strip(), []).append(value)
    return values


def describe_bindings(text: str, values: Mapping[str, Sequence[str]]) -> str:
    """The parameters as they apply, for messages: ``article=a9; status=Completed, Planned (default)``."""
    parts = []
    for parameter in declared_parameters(text):
        given = values.get(parameter.name)
        if given:
            parts.append(f"{parameter.name}={','.join([given] if isinstance(given, str) else given)}")
        elif parameter.default != _ANY:
            parts.append(f"{parameter.name}={parameter.default} (default)")
    return "; ".join(parts)
