"""Pictures of a view: a PNG (matplotlib), one self-contained interactive HTML page, or an inline
SVG element (for the report).

All three draw the same :class:`Drawing`: the ``top`` best-connected nodes on a canvas that grows
with their number, laid out by NetworkX's spring layout with a fixed seed (the same graph gives the
same picture), and labels placed by :func:`place_labels` where they overlap no other label and no
other node. Label sizes are measured with matplotlib's renderer in the font the pictures use; names
longer than LABEL_CHARS are shortened, with the full name on hover (HTML and SVG). The HTML page
embeds its data and script: it needs no network, pans (drag), zooms (wheel), lets nodes be
dragged, and shows the events and sources of an edge on hover.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np

from ..errors import KgbuildError
from ..files import atomic_path

DRAW_FORMATS = ("png", "html")
TYPE_COLOURS = {
    "State": "#4e79a7", "Organization": "#f28e2b", "Person": "#59a14f", "Media": "#b07aa1", "outlet": "#b07aa1",
    "source": "#9c755f", "negotiation": "#e15759", "prisoner_exchange": "#76b7b2", "civilian_return": "#edc948",
    "remains_return": "#bab0ac", "list_handover": "#ff9da7",
}
OTHER_COLOUR = "#888888"
CANVAS = (1000.0, 700.0)  # the canvas of up to NODES_PER_CANVAS nodes; larger graphs get more room
NODES_PER_CANVAS = 30
MARGIN = 60.0  # between the outermost nodes and the canvas edge
DPI = 100  # the PNG has one pixel per canvas unit
FONT_PX = 11.0
FONT_FAMILY = "DejaVu Sans"  # matplotlib's default font, in which labels are measured; wider than most
LABEL_CHARS = 26  # longer names are shortened on the picture
LABEL_PAD = (2.0, 1.0)  # room kept around each label's text, x and y
LINE_HEIGHT = 1.25  # of FONT_PX: a label's height, ascenders and descenders included
RING_STEP = 12.0  # the distance between the rings of places tried for a label
NEAR_RINGS = 5  # rings tried before a label may cover another node's circle
TITLE_PX = 36.0  # the band above the PNG's canvas that holds its title


@dataclass(frozen=True)
class Label:
    """A node's label as drawn: its text starts at ``x`` and is centred on ``y`` (canvas units);
    ``leader`` is the point of its box a line joins to the node when it sits away from it."""

    text: str
    x: float
    y: float
    width: float
    height: float
    leader: tuple[float, float] | None = None

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the text, without the padding."""
        return (self.x, self.y - self.height / 2, self.x + self.width, self.y + self.height / 2)


@dataclass
class Drawing:
    """What every picture format draws: the canvas, node positions and radii, placed labels."""

    width: float
    height: float
    positions: dict
    radii: dict
    labels: dict


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """``name``, or when longer than ``limit`` its first and last words around an ellipsis
    ("International … Red Cross"): the ends tell apart names that begin alike."""
    if len(name) <= limit:
        return name
    words, tail = name.split(), ""
    while len(words) > 1 and len(f"{words[-1]} {tail}".strip()) <= limit * 2 // 5:
        tail = f"{words.pop()} {tail}".strip()
    room = limit - len(tail) - (3 if tail else 1)
    head = " ".join(words)[:room]
    if tail and " " in head:
        head = head[:head.rindex(" ")]
    return f"{head} … {tail}" if tail else f"{head}…"


def node_radius(degree: int) -> float:
    return 5.0 + min(12.0, 2.0 * math.sqrt(degree))


def canvas_size(nodes: int) -> tuple[float, float]:
    """The canvas: CANVAS up to NODES_PER_CANVAS nodes, then the same room per node."""
    scale = max(1.0, math.sqrt(nodes / NODES_PER_CANVAS))
    return (round(CANVAS[0] * scale), round(CANVAS[1] * scale))


def top_subgraph(graph: nx.Graph, top: int | None) -> nx.Graph:
    """The ``top`` best-connected nodes (weighted degree, then label) and the edges among them."""
    if top is None or graph.number_of_nodes() <= top:
        return graph
    degree = dict(graph.degree(weight="weight"))
    keep = sorted(graph, key=lambda n: (-degree[n], str(graph.nodes[n].get("label", n)), str(n)))[:top]
    return graph.subgraph(keep).copy()


def layout(graph: nx.Graph, size: tuple[float, float] = CANVAS) -> dict:
    """Node -> (x, y) in a ``size`` box (y down). Each connected component gets a seeded spring
    layout in a square whose area is its number of nodes, and the squares are packed in rows
    (largest first) to the canvas's shape: a spring layout of the whole graph would push small
    components to the edges and crowd the rest."""
    if graph.number_of_nodes() == 0:
        return {}
    undirected = graph.to_undirected(as_view=True)
    components = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), str(c[0])))
    sides = [math.sqrt(len(c)) for c in components]
    row_width = max(max(sides), math.sqrt(sum((s + 1) ** 2 for s in sides) * size[0] / size[1]))
    positions: dict = {}
    left = top = row_height = 0.0
    for component, side in zip(components, sides):
        if left > 0 and left + side > row_width:
            left, top, row_height = 0.0, top + row_height + 1, 0.0
        spring = (nx.spring_layout(undirected.subgraph(component), seed=0, weight="weight", center=(0.5, 0.5),
                                   scale=0.5, k=1.5 / side) if len(component) > 1 else {component[0]: (0.5, 0.5)})
        positions.update({n: (left + p[0] * side, top + p[1] * side) for n, p in spring.items()})
        left, row_height = left + side + 1, max(row_height, side)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    width, height = size

    def scale(value, low, high, length):
        return length / 2 if high == low else MARGIN + (value - low) / (high - low) * (length - 2 * MARGIN)

    return {n: (round(scale(p[0], min(xs), max(xs), width), 1), round(scale(p[1], min(ys), max(ys), height), 1))
            for n, p in positions.items()}


@functools.lru_cache(maxsize=1)
def _measure():
    """A function giving the width of a text at FONT_PX in FONT_FAMILY, from matplotlib's Agg renderer."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer, font = RendererAgg(1, 1, DPI), FontProperties(family=FONT_FAMILY, size=FONT_PX * 72 / DPI)
    return lambda text: renderer.get_text_width_height_descent(text, font, ismath=False)[0]


def text_size(text: str) -> tuple[float, float]:
    """(width, height) of a label's text in canvas units (pixels of the PNG)."""
    return (_measure()(text), FONT_PX * LINE_HEIGHT)


# Directions tried around a node, best first: right, left, above, below, then the diagonals (y down).
ANGLES = np.radians([0, 180, 270, 90, 330, 30, 210, 150, 300, 60, 240, 120])


def _candidates(x: float, y: float, radius: float, width: float, height: float, rings: range) -> np.ndarray:
    """Boxes (left, top, right, bottom) of a label beside the node, nearest ring first."""
    distance = np.repeat([radius + 3.0 + RING_STEP * k for k in rings], len(ANGLES))
    angle = np.tile(ANGLES, len(rings))
    cx = x + np.cos(angle) * (distance + width / 2)
    cy = y + np.sin(angle) * (distance + height / 2)
    return np.stack([cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2], axis=1)


def _overlapping(boxes: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """For each box, whether it overlaps any of ``obstacles``."""
    if not len(obstacles):
        return np.zeros(len(boxes), dtype=bool)
    return ((boxes[:, None, 0] < obstacles[None, :, 2]) & (obstacles[None, :, 0] < boxes[:, None, 2])
            & (boxes[:, None, 1] < obstacles[None, :, 3]) & (obstacles[None, :, 1] < boxes[:, None, 3])).any(axis=1)


def _near(boxes: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """The obstacles that meet the region the boxes span (fewer to compare each box with)."""
    if not len(boxes) or not len(obstacles):
        return obstacles[:0]
    left, top = boxes[:, 0].min(), boxes[:, 1].min()
    right, bottom = boxes[:, 2].max(), boxes[:, 3].max()
    keep = (obstacles[:, 0] < right) & (obstacles[:, 2] > left) & (obstacles[:, 1] < bottom) & (obstacles[:, 3] > top)
    return obstacles[keep]


def place_labels(texts: dict, positions: dict, radii: dict, size: tuple[float, float]) -> dict:
    """Node -> :class:`Label`: each beside its node, inside the canvas, overlapping no other label.

    Nodes with the largest circles are placed first, nearest their node. The first free place is
    taken among rings of places around the node: first one that covers no other node's circle
    either within NEAR_RINGS rings, then one that may cover a circle there, then one further out
    (joined to its node by a leader line). Only when none is free anywhere does a label overlap."""
    width, height = size
    order = sorted(positions, key=lambda n: (-radii[n], str(n)))
    circles = {n: (positions[n][0] - radii[n], positions[n][1] - radii[n],
                   positions[n][0] + radii[n], positions[n][1] + radii[n]) for n in positions}
    all_rings = range(int(max(width, height) / RING_STEP) + 1)
    placed: list[tuple[float, float, float, float]] = []
    labels = {}
    for node in order:
        x, y = positions[node]
        text_width, text_height = text_size(texts[node])
        box_width, box_height = text_width + 2 * LABEL_PAD[0], text_height + 2 * LABEL_PAD[1]
        others = np.array([circles[n] for n in positions if n != node]).reshape(-1, 4)
        labels_so_far = np.array(placed).reshape(-1, 4)
        chosen = None
        for rings, obstacles in ((range(NEAR_RINGS), np.vstack([labels_so_far, others])),
                                 (range(NEAR_RINGS), labels_so_far),
                                 (all_rings[NEAR_RINGS:], np.vstack([labels_so_far, others])),
                                 (all_rings, labels_so_far)):
            boxes = _candidates(x, y, radii[node], box_width, box_height, rings)
            inside = (boxes[:, 0] >= 0) & (boxes[:, 1] >= 0) & (boxes[:, 2] <= width) & (boxes[:, 3] <= height)
            near = _near(boxes[inside], obstacles)
            free = np.flatnonzero(inside)[~_overlapping(boxes[inside], near)]
            if len(free):
                chosen, ring = boxes[free[0]], rings[free[0] // len(ANGLES)]
                break
        if chosen is None:  # the canvas is full: the nearest place
            chosen, ring = _candidates(x, y, radii[node], box_width, box_height, range(1))[0], 0
        left, top, right, bottom = (float(v) for v in chosen)
        placed.append((left, top, right, bottom))
        leader = (min(max(x, left), right), min(max(y, top), bottom)) if ring >= 2 else None
        labels[node] = Label(texts[node], round(left + LABEL_PAD[0], 1), round((top + bottom) / 2, 1),
                             round(text_width, 1), round(text_height, 1),
                             None if leader is None else (round(leader[0], 1), round(leader[1], 1)))
    return labels


def drawing(graph: nx.Graph) -> Drawing:
    """Lay out ``graph`` and place its labels (shortened names)."""
    size = canvas_size(graph.number_of_nodes())
    positions = layout(graph, size)
    radii = {n: node_radius(graph.degree(n)) for n in graph}
    texts = {n: short_label(str(graph.nodes[n].get("label", n))) for n in graph}
    return Drawing(size[0], size[1], positions, radii, place_labels(texts, positions, radii, size))


def _colour(attributes: dict) -> str:
    return TYPE_COLOURS.get(attributes.get("type"), OTHER_COLOUR)


def _edge_width(attributes: dict) -> float:
    return round(min(8.0, 1.0 + math.sqrt(attributes.get("count", 1))), 2)


def png_figure(graph: nx.Graph, title: str = ""):
    """A static picture (a matplotlib Figure, one pixel per canvas unit): nodes coloured by type,
    sized by degree, edges as wide as their counts, labels placed by :func:`place_labels`."""
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    picture = drawing(graph)
    band = TITLE_PX if title else 0.0
    figure = Figure(figsize=(picture.width / DPI, (picture.height + band) / DPI), dpi=DPI)
    axes = figure.add_axes((0, 0, 1, picture.height / (picture.height + band)))
    axes.set_xlim(0, picture.width)
    axes.set_ylim(picture.height, 0)  # y down, as on the HTML page
    axes.set_axis_off()
    if title:
        figure.text(0.5, 1 - band / 2 / (picture.height + band), title, ha="center", va="center", fontsize=12,
                    parse_math=False)
    positions, labels = picture.positions, picture.labels
    axes.add_collection(LineCollection([(positions[u], positions[v]) for u, v in graph.edges],
                                       linewidths=[_edge_width(a) for *_, a in graph.edges(data=True)],
                                       colors="#999999", alpha=0.6, zorder=1))
    axes.add_collection(LineCollection([(positions[n], labels[n].leader) for n in graph if labels[n].leader],
                                       linewidths=0.6, colors="#bbbbbb", zorder=1))
    if graph.number_of_nodes():
        axes.scatter([positions[n][0] for n in graph], [positions[n][1] for n in graph],
                     s=[(2 * picture.radii[n] * 72 / DPI) ** 2 for n in graph],
                     c=[_colour(a) for _, a in graph.nodes(data=True)], edgecolors="white", zorder=2)
    for node in graph:
        label = labels[node]
        axes.text(label.x, label.y, label.text, ha="left", va="center", fontsize=FONT_PX * 72 / DPI,
                  family=FONT_FAMILY, parse_math=False, zorder=3)
    return figure


def draw_png(graph: nx.Graph, out: str | Path, title: str = "") -> None:
    """Write :func:`png_figure` to ``out``."""
    figure = png_figure(graph, title)
    with atomic_path(out) as tmp:
        figure.savefig(tmp, format="png")


def page_data(graph: nx.Graph) -> dict:
    """The nodes and edges the HTML page draws (positions, labels placed relative to their node,
    and what hover shows)."""
    picture = drawing(graph)
    nodes = []
    for n, a in graph.nodes(data=True):
        (x, y), label = picture.positions[n], picture.labels[n]
        leader = None if label.leader is None else [round(label.leader[0] - x, 1), round(label.leader[1] - y, 1)]
        nodes.append({"id": str(n), "label": str(a.get("label", n)), "short": label.text, "type": str(a.get("type", "")),
                      "x": x, "y": y, "r": picture.radii[n], "lx": round(label.x - x, 1), "ly": round(label.y - y, 1),
                      "leader": leader, "degree": graph.degree(n), "colour": _colour(a)})
    edges = []
    for u, v, a in graph.edges(data=True):
        events = [{"label": label, "event": iri} for iri, label in zip(a.get("events", []), a.get("labels", []))]
        edges.append({"source": str(u), "target": str(v), "count": a.get("count", 1), "events": events,
                      "dates": a.get("dates", []), "articles": a.get("articles", []), "sources": a.get("sources", []),
                      "relation": a.get("relation", "/".join(a.get("roles", [])))})
    legend = sorted({(n["type"], n["colour"]) for n in nodes})
    return {"nodes": nodes, "edges": edges, "legend": [{"type": t, "colour": c} for t, c in legend],
            "width": picture.width, "height": picture.height}


def network_svg(graph: nx.Graph) -> str:
    """The drawing as one static ``<svg>`` element to put in an HTML page: no script; hovering a
    node shows its full name and type, hovering an edge its events."""
    picture = drawing(graph)
    positions, out = picture.positions, []
    out.append(f'<svg class="network" viewBox="0 0 {picture.width:g} {picture.height:g}" role="img" '
               f'aria-label="actor network" font-family="{FONT_FAMILY}, Verdana, sans-serif" font-size="{FONT_PX:g}">')
    for u, v, a in graph.edges(data=True):
        (x1, y1), (x2, y2) = positions[u], positions[v]
        events = "; ".join(a.get("labels", [])) or a.get("relation", "")
        tip = f"{graph.nodes[u].get('label', u)} — {graph.nodes[v].get('label', v)}: {events}"
        out.append(f'<line class="edge" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#9aa" stroke-opacity="0.7" '
                   f'stroke-width="{_edge_width(a)}"><title>{html.escape(tip)}</title></line>')
    for node, a in graph.nodes(data=True):
        (x, y), label = positions[node], picture.labels[node]
        out.append(f'<g class="node"><title>{html.escape(str(a.get("label", node)))} '
                   f'({html.escape(str(a.get("type", "")))}, {graph.degree(node)} links)</title>')
        if label.leader:
            out.append(f'<line x1="{x}" y1="{y}" x2="{label.leader[0]}" y2="{label.leader[1]}" stroke="#bbb" '
                       'stroke-width="0.6"/>')
        out.append(f'<circle cx="{x}" cy="{y}" r="{picture.radii[node]:g}" fill="{_colour(a)}" stroke="#fff" '
                   f'stroke-width="1.5"/><text x="{label.x}" y="{label.y}" dominant-baseline="central">'
                   f'{html.escape(label.text)}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def render_template(name: str, values: dict[str, str]) -> str:
    """A page of kgbuild/views/templates with each ``{{KEY}}`` replaced by ``values[KEY]`` in one
    pass, so text put in by one key is never searched for another."""
    template = resources.files("kgbuild.views").joinpath("templates", name).read_text(encoding="utf-8")
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)


def html_page(graph: nx.Graph, title: str = "kgbuild network") -> str:
    """The self-contained page: the template with the data embedded as JSON."""
    data = json.dumps(page_data(graph), ensure_ascii=False, separators=(",", ":"))
    safe_data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return render_template("network.html", {"TITLE": html.escape(title, quote=True), "DATA": safe_data})


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
