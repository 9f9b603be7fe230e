"""Pictures: the PNG, and the self-contained HTML page checked in a real headless Chromium.

The browser test runs Debian's ``chromium`` (installed by .ci/run when apt is available) with
--dump-dom on a copy of the page with a probe script that records script errors and console
errors, hovers an edge, and writes what it saw into the DOM. It skips when chromium is missing.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kgbuild.cli import main
from kgbuild.rdf.io import read_store
from kgbuild.views import actor_network, load_view_data
from kgbuild.views.draw import draw, html_page, top_subgraph

NETWORK = Path(__file__).parent / "data" / "views" / "network.trig"
PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
var originalError = console.error;
console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, " ")); originalError.apply(console, arguments); };
window.addEventListener("load", function () {
  var edge = document.querySelector(".edge-hit");
  if (edge) { edge.dispatchEvent(new MouseEvent("mouseenter", {clientX: 50, clientY: 50})); }
  var svg = document.getElementById("graph");
  svg.dispatchEvent(new WheelEvent("wheel", {deltaY: -200, clientX: 300, clientY: 300, cancelable: true}));
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    errors: window.__errors,
    labels: Array.prototype.map.call(document.querySelectorAll(".node text"), function (t) { return t.textContent; }),
    circles: document.querySelectorAll(".node circle").length,
    rendered: document.body.getAttribute("data-rendered-nodes"),
    tooltip: document.getElementById("tooltip").textContent,
    transform: document.getElementById("viewport").getAttribute("transform")
  });
  document.body.appendChild(out);
});
</script>"""


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


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(chromium() is None, reason="no chromium installed (apt-get install chromium)")
def test_html_page_in_headless_chromium(graph, tmp_path):
    page = html_page(graph, title="test network").replace("<head>", "<head>" + PROBE, 1)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-extensions", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, f"the page did not finish loading: {result.stderr[-2000:]}"
    probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                       .replace("&gt;", ">"))
    assert probe["errors"] == []
    assert probe["circles"] == graph.number_of_nodes() == int(probe["rendered"])
    assert sorted(probe["labels"]) == sorted(graph.nodes[n]["label"] for n in graph)
    assert "Events" in probe["tooltip"] and "Articles" in probe["tooltip"]
    assert "scale(1)" not in probe["transform"]  # the wheel zoomed
