"""Pictures of a view: a PNG (matplotlib) or one self-contained interactive HTML page.

Both show the ``top`` actors with the most links, laid out by NetworkX's spring layout with a
fixed seed (the same graph gives the same picture). The HTML page embeds its data and script:
it needs no network, pans (drag), zooms (wheel), lets nodes be dragged, and shows the events and
sources of an edge on hover.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx

from ..errors import KgbuildError
from ..files import atomic_path

DRAW_FORMATS = ("png", "html")
TYPE_COLOURS = {
    "State": "#4e79a7", "Organization": "#f28e2b", "Person": "#59a14f", "Media": "#b07aa1", "outlet": "#b07aa1",
    "source": "#9c755f", "negotiation": "#e15759", "prisoner_exchange": "#76b7b2", "civilian_return": "#edc948",
    "remains_return": "#bab0ac", "list_handover": "#ff9da7",
}
OTHER_COLOUR = "#888888"
CANVAS = (1000.0, 700.0)


def top_subgraph(graph: nx.Graph, top: int | None) -> nx.Graph:
    """The ``top`` best-connected nodes (weighted degree, then label) and the edges among them."""
    if top is None or graph.number_of_nodes() <= top:
        return graph
    degree = dict(graph.degree(weight="weight"))
    keep = sorted(graph, key=lambda n: (-degree[n], str(graph.nodes[n].get("label", n)), str(n)))[:top]
    return graph.subgraph(keep).copy()


def layout(graph: nx.Graph) -> dict:
    """Node -> (x, y) in a CANVAS-sized box, from a seeded spring layout."""
    if graph.number_of_nodes() == 0:
        return {}
    positions = nx.spring_layout(graph, seed=0, weight="weight", k=1.5 / max(1, graph.number_of_nodes()) ** 0.5)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    width, height = CANVAS
    margin = 60.0

    def scale(value, low, high, size):
        return size / 2 if high == low else margin + (value - low) / (high - low) * (size - 2 * margin)

    return {n: (round(scale(p[0], min(xs), max(xs), width), 1), round(scale(p[1], min(ys), max(ys), height), 1))
            for n, p in positions.items()}


def draw_png(graph: nx.Graph, out: str | Path, title: str = "") -> None:
    """A static picture: nodes coloured by type, sized by degree, edges as wide as their counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    positions = layout(graph)
    figure, axes = plt.subplots(figsize=(12, 8.4), dpi=100)
    axes.set_axis_off()
    if title:
        axes.set_title(title)
    degree = dict(graph.degree(weight="weight"))
    widths = [0.6 + min(6.0, graph.edges[e].get("count", 1) ** 0.5) for e in graph.edges]
    nx.draw_networkx_edges(graph, positions, ax=axes, width=widths, edge_color="#999999", alpha=0.6)
    nx.draw_networkx_nodes(graph, positions, ax=axes,
                           node_color=[TYPE_COLOURS.get(graph.nodes[n].get("type"), OTHER_COLOUR) for n in graph],
                           node_size=[120 + 60 * min(20, degree[n]) for n in graph], edgecolors="white")
    nx.draw_networkx_labels(graph, positions, ax=axes, font_size=8,
                            labels={n: graph.nodes[n].get("label", str(n)) for n in graph})
    axes.invert_yaxis()  # same orientation as the HTML page
    figure.tight_layout()
    with atomic_path(out) as tmp:
        figure.savefig(tmp, format="png")
    plt.close(figure)


def page_data(graph: nx.Graph) -> dict:
    """The nodes and edges the HTML page draws (positions, labels, and what hover shows)."""
    positions = layout(graph)
    nodes = [{"id": str(n), "label": str(a.get("label", n)), "type": str(a.get("type", "")),
              "x": positions[n][0], "y": positions[n][1], "degree": graph.degree(n),
              "colour": TYPE_COLOURS.get(a.get("type"), OTHER_COLOUR)} for n, a in graph.nodes(data=True)]
    edges = []
    for u, v, a in graph.edges(data=True):
        events = [{"label": label, "event": iri} for iri, label in zip(a.get("events", []), a.get("labels", []))]
        edges.append({"source": str(u), "target": str(v), "count": a.get("count", 1), "events": events,
                      "dates": a.get("dates", []), "articles": a.get("articles", []), "sources": a.get("sources", []),
                      "relation": a.get("relation", "/".join(a.get("roles", [])))})
    legend = sorted({(n["type"], n["colour"]) for n in nodes})
    return {"nodes": nodes, "edges": edges, "legend": [{"type": t, "colour": c} for t, c in legend]}


def html_page(graph: nx.Graph, title: str = "kgbuild network") -> str:
    """The self-contained page: the template with the data embedded as JSON."""
    template = resources.files("kgbuild.views").joinpath("templates/network.html").read_text(encoding="utf-8")
    data = json.dumps(page_data(graph), ensure_ascii=False, separators=(",", ":"))
    safe_data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return template.replace("{{TITLE}}", safe_title).replace("{{DATA}}", safe_data)


def draw(graph: nx.Graph, out: str | Path, title: str = "kgbuild network", top: int | None = 150) -> str:
    """Draw ``graph`` (its ``top`` best-connected nodes) to ``out``: .png or .html; returns the format."""
    fmt = Path(out).suffix.lstrip(".").lower()
    if fmt not in DRAW_FORMATS:
        raise KgbuildError(f"cannot draw to {out}: use a .png or .html file name")
    shown = top_subgraph(graph, top)
    if fmt == "png":
        draw_png(shown, out, title)
    else:
        page = html_page(shown, title)
        with atomic_path(out) as tmp:
            tmp.write_text(page, encoding="utf-8")
    return fmt
