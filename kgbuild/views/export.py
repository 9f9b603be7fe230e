"""Write a view for Gephi (GraphML, GEXF) or Cytoscape (Cytoscape.js JSON).

GraphML and GEXF only hold plain values, so lists are joined with '; ' and missing values are
left out (never written as ``None``); JSON keeps lists as lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ..errors import KgbuildError
from ..files import atomic_path

EXPORT_FORMATS = ("graphml", "gexf", "json")
LIST_SEPARATOR = "; "


def _plain(attributes: dict) -> dict:
    out = {}
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            value = LIST_SEPARATOR.join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out


def plain_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attributes are strings, numbers or booleans only."""
    copy = graph.__class__()
    copy.graph.update(_plain(graph.graph))
    copy.add_nodes_from((n, _plain(a)) for n, a in graph.nodes(data=True))
    copy.add_edges_from((u, v, _plain(a)) for u, v, a in graph.edges(data=True))
    return copy


def _json_ready(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value


def cytoscape_json(graph: nx.Graph) -> dict:
    """Cytoscape.js elements JSON (``File > Import > Network from File`` in Cytoscape), with
    ``name`` set to each node's label."""
    data = nx.cytoscape_data(graph, name="label", ident="id")
    data["data"] = {k: _json_ready(v) for k, v in graph.graph.items()}
    for element in data["elements"]["nodes"] + data["elements"]["edges"]:
        element["data"] = {k: _json_ready(v) for k, v in element["data"].items() if v is not None}
    return data


def export_graph(graph: nx.Graph, out: str | Path, fmt: str | None = None) -> str:
    """Write ``graph`` to ``out`` (format from ``fmt`` or the file's suffix); returns the format."""
    fmt = fmt or Path(out).suffix.lstrip(".").lower()
    if fmt not in EXPORT_FORMATS:
        raise KgbuildError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    with atomic_path(out) as tmp:
        if fmt == "graphml":
            nx.write_graphml(plain_graph(graph), tmp)
        elif fmt == "gexf":
            nx.write_gexf(plain_graph(graph), tmp)
        else:
            tmp.write_text(json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1), encoding="utf-8")
    return fmt
