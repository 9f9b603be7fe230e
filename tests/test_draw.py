"""Pictures: the PNG, and the self-contained HTML page checked in a real headless Chromium.

The browser tests open the page in headless Chromium (tests/browser.py): no errors, what it
shows, and labels that do not overlap; they skip when chromium is missing.
"""

import json
import re
from pathlib import Path

import pytest

from kgbuild.cli import main
from kgbuild.rdf.io import read_store
from kgbuild.views import actor_network, load_view_data
from kgbuild.views.draw import CANVAS, LABEL_CHARS, draw, html_page, place_labels, png_figure, short_label, top_subgraph

from .browser import boxes_of, needs_chromium, open_page, overlapping
from .synthetic import write_synthetic

NETWORK = Path(__file__).parent / "data" / "views" / "network.trig"
# Hovers an edge, zooms with the wheel, and reports what the page shows.
PROBE = """
  var edge = document.querySelector(".edge-hit");
  if (edge) { edge.dispatchEvent(new MouseEvent("mouseenter", {clientX: 50, clientY: 50})); }
  var svg = document.getElementById("graph");
  svg.dispatchEvent(new WheelEvent("wheel", {deltaY: -200, clientX: 300, clientY: 300, cancelable: true}));
  return {
    labels: Array.prototype.map.call(document.querySelectorAll(".node text"), function (t) { return t.textContent; }),
    circles: document.querySelectorAll(".node circle").length,
    rendered: document.body.getAttribute("data-rendered-nodes"),
    tooltip: document.getElementById("tooltip").textContent,
    transform: document.getElementById("viewport").getAttribute("transform")
  };"""


@pytest.fixture(scope="module")
def graph():
    return actor_network(load_view_data(read_store(NETWORK)))


def test_png_is_written(graph, tmp_path):
    out = tmp_path / "network.png"
    assert draw(graph, out) == "png"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000


def test_html_page_is_self_contained_and_escapes_data(graph):
    graph = graph.copy()
    graph.nodes["https://w3id.org/kgbuild/id/actor/qatar"]["label"] = "Qatar</script><b>x</b>"
    page = html_page(graph, title="Talks & <swaps>")
    assert not re.search(r"""(src|href)\s*=|@import|url\(|https?://[^"'\s]*\.(js|css)""", page)
    assert "</script><b>" not in page and "Talks &amp; &lt;swaps&gt;" in page
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["edges"]) == graph.number_of_edges()
    edge = next(e for e in data["edges"] if {e["source"].rsplit("/", 1)[-1], e["target"].rsplit("/", 1)[-1]}
                == {"ruritania", "freedonia"})
    assert {"Example Wire", "Example Times"} <= set(edge["sources"]) and len(edge["events"]) == 3


def test_top_keeps_the_best_connected_nodes(graph):
    top = top_subgraph(graph, 3)
    assert top.number_of_nodes() == 3
    assert "https://w3id.org/kgbuild/id/actor/freedonia" in top


def test_cli_draw_and_bad_suffix(tmp_path, capsys):
    assert main(["graph", "draw", str(NETWORK), "--out", str(tmp_path / "n.html"), "--view", "mediators"]) == 0
    assert "Qatar" in (tmp_path / "n.html").read_text()
    assert main(["graph", "draw", str(NETWORK), "--out", str(tmp_path / "n.svg")]) == 2
    assert "use a .png or .html" in capsys.readouterr().err


@needs_chromium
def test_html_page_in_headless_chromium(graph, tmp_path):
    probe = open_page(html_page(graph, title="test network"), tmp_path, PROBE)
    assert probe["errors"] == [] and probe["console"] == [] and probe["resources"] == []
    assert probe["circles"] == graph.number_of_nodes() == int(probe["rendered"])
    assert sorted(probe["labels"]) == sorted(short_label(graph.nodes[n]["label"]) for n in graph)
    assert "Events" in probe["tooltip"] and "Articles" in probe["tooltip"]
    assert "scale(1)" not in probe["transform"]  # the wheel zoomed


@pytest.fixture(scope="module")
def forty_actors(tmp_path_factory):
    """The actor network of a synthetic dataset of 40 actors, some with long names."""
    network = actor_network(load_view_data(read_store(write_synthetic(tmp_path_factory.mktemp("forty")))))
    assert network.number_of_nodes() == 40
    return network


def test_short_label_keeps_the_first_and_last_words():
    assert short_label("Qatar") == "Qatar"
    long_name = "Coordination Headquarters for the Treatment of Prisoners of War"
    short = short_label(long_name)
    assert len(short) <= LABEL_CHARS and "…" in short
    assert short.startswith("Coordination") and short.endswith("of War")
    assert len(short_label("x" * 40)) <= LABEL_CHARS


def test_png_labels_do_not_overlap_with_40_actors(forty_actors):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = png_figure(forty_actors, "forty actors")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = figure.axes[0].texts
    assert sorted(t.get_text() for t in texts) == sorted(short_label(forty_actors.nodes[n]["label"])
                                                         for n in forty_actors)
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert overlapping([[b.x0, b.y0, b.x1, b.y1] for b in boxes]) == []
    assert all(0 <= b.x0 and b.x1 <= figure.bbox.width and 0 <= b.y0 and b.y1 <= figure.bbox.height for b in boxes)


def test_labels_of_a_crowded_cluster_are_placed_apart():
    positions = {i: (500 + (i % 5) * 4, 350 + (i // 5) * 4) for i in range(40)}  # 40 nodes in a 20-pixel square
    radii = dict.fromkeys(positions, 6.0)
    labels = place_labels({i: f"Actor number {i}" for i in positions}, positions, radii, CANVAS)
    assert overlapping([labels[i].box for i in positions]) == []
    assert all(0 <= labels[i].box[0] and labels[i].box[2] <= CANVAS[0] for i in positions)
    assert sum(labels[i].leader is not None for i in positions) > 0  # the far ones are joined to their node


@needs_chromium
def test_html_page_labels_do_not_overlap_with_40_actors(forty_actors, tmp_path):
    probe = open_page(html_page(forty_actors), tmp_path, "return {labels: " + boxes_of(".node text") + "};")
    assert probe["errors"] == [] and probe["console"] == []
    assert len(probe["labels"]) == 40 and overlapping(probe["labels"]) == []
