"""kgbuild report: one self-contained HTML page with a timeline, the events, the claims and the
actor network, on a synthetic graph (tests/synthetic.py), the hand-written views dataset, an
empty graph and the examples; and the page in headless Chromium (tests/browser.py)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kgbuild.cli import main
from kgbuild.rdf.io import read_store
from kgbuild.views import actor_network, load_view_data
from kgbuild.views.draw import short_label
from kgbuild.views.report import TOP_ACTORS, released_by_month, report_page, timeline_svg
from kgbuild.views.tables import claim_rows, exchange_rows, negotiation_rows

from .browser import boxes_of, needs_chromium, open_page, overlapping
from .synthetic import write_synthetic

NETWORK = Path(__file__).parent / "data" / "views" / "network.trig"
SECTIONS = ("timeline", "events", "claims", "network")
HOSTILE = '<script>alert("x")</script> & Sons'


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each section."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.section_text: dict[str, str] = {}
        self._section = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("id")
            self.section_text[self._section] = ""

    def handle_data(self, data):
        if self._section:
            self.section_text[self._section] += data

    def count(self, tag: str, **wanted) -> int:
        return sum(t == tag and all(a.get(k) == v for k, v in wanted.items()) for t, a in self.tags)


def assert_self_contained(page: str) -> Elements:
    """No script, and nothing the page would load: links go to articles or within the page."""
    elements = Elements(page)
    tags = {tag for tag, _ in elements.tags}
    assert not tags & {"script", "img", "link", "iframe", "object", "embed", "image"}
    assert "@import" not in page and not re.search(r"url\((?!#)", page)  # url(#id) is a clip path of the SVG
    for tag, attributes in elements.tags:
        assert "src" not in attributes
        for name in ("href", "xlink:href"):
            if name in attributes:
                assert attributes[name].startswith(("https://", "http://", "#") if tag == "a" else "#")
    return elements


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A build folder with a synthetic graph of 12 actors, one of them named HOSTILE."""
    folder = tmp_path_factory.mktemp("small")
    write_synthetic(folder, 12, hostile=HOSTILE)
    return folder


def test_report_of_a_small_graph_has_every_section(small, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(small), "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    elements = assert_self_contained(page)
    store = read_store(small / "graph.trig")
    data = load_view_data(store)
    exchanges, talks, claims = exchange_rows(data), negotiation_rows(data), claim_rows(data, store)
    network = actor_network(data)
    assert set(elements.section_text) == set(SECTIONS)
    assert not any("Nothing yet" in text for text in elements.section_text.values())
    assert elements.count("svg") == 2  # the timeline and the network
    assert elements.count("tr") == 1 + len(exchanges) + len(talks) + 1 + len(claims)  # two header rows
    assert elements.count("tr", **{"class": "planned"}) == sum("completed" not in r["status"] for r in exchanges)
    assert elements.count("g", **{"class": "node"}) == network.number_of_nodes() <= TOP_ACTORS
    for report in data.articles.values():
        assert elements.count("a", href=report.url) >= 1
    disagreements = [note for row in exchanges for note in row["disagreement"]]
    assert disagreements and all(note in elements.section_text["events"] for note in disagreements)
    assert all(c["statement"] in elements.section_text["claims"] for c in claims)


def test_report_escapes_every_name_from_the_graph(small):
    page, _ = report_page(read_store(small / "graph.trig"), title="Swaps & <talks>")
    assert "<script" not in page and HOSTILE not in page
    elements = Elements(page)
    for section in ("timeline", "events", "network"):
        assert HOSTILE in elements.section_text[section]  # shown as text, whole or shortened
    assert short_label(HOSTILE) in elements.section_text["network"]
    assert "<title>Swaps &amp; &lt;talks&gt;</title>" in page


def test_timeline_tells_planned_exchanges_from_done_ones():
    data = load_view_data(read_store(NETWORK))
    exchanges = exchange_rows(data)
    released = released_by_month(exchanges)
    # e2 is planned (Ruritania at most 100); e1 done, the count most reports give; e3 and e4 in May
    assert released == {(date(2025, 2, 1), "Ruritania", False): 100, (date(2025, 3, 1), "Ruritania", True): 90,
                        (date(2025, 3, 1), "Freedonia", True): 90, (date(2025, 5, 1), "Borduria", True): 52}
    both = timeline_svg(exchanges, negotiation_rows(data))
    done_only = timeline_svg([r for r in exchanges if r["status"] == "completed"], [])
    assert "planned (right bar)" in both and "<pattern" in both  # planned bars are hatched
    assert "planned" not in done_only and "<pattern" not in done_only
    assert both.startswith("<svg") and "2025-02" in both and "2025-05" in both
    assert timeline_svg([{**exchanges[0], "date": "2025"}], []) == ""  # a year alone has no month to be in


def test_report_of_an_empty_graph_says_there_is_nothing_yet(tmp_path):
    (tmp_path / "empty.trig").write_text("", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(tmp_path / "empty.trig"), "--out", str(out)]) == 0
    elements = assert_self_contained(out.read_text(encoding="utf-8"))
    assert all("Nothing yet" in elements.section_text[s] for s in SECTIONS)
    assert elements.count("svg") == 0 and elements.count("table") == 0


def test_report_errors_are_one_line_with_exit_2(small, tmp_path, capsys):
    out = tmp_path / "report.html"
    for arguments, message in (([str(tmp_path / "missing"), "--out", str(out)], "no such file"),
                               ([str(tmp_path), "--out", str(out)], "no graph.trig in this folder"),
                               ([str(small), "--out", str(tmp_path)], "is a folder")):
        assert main(["report", *arguments]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.model
def test_report_of_the_examples(examples_build, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", str(examples_build.out_dir), "--out", str(out)]) == 0
    elements = assert_self_contained(out.read_text(encoding="utf-8"))
    data = load_view_data(examples_build.store)
    assert not any("Nothing yet" in elements.section_text[s] for s in SECTIONS)
    assert elements.count("tr", **{"class": "planned"}) >= 1
    assert elements.count("g", **{"class": "node"}) == actor_network(data).number_of_nodes()
    assert all(note in elements.section_text["events"] for e in data.events.values() for note in e.disagreements)


# Sections, the network's labels (boxes), and the network's own box, as the browser lays them out.
REPORT_PROBE = """return {
  sections: Array.prototype.map.call(document.querySelectorAll("section"), function (s) {
    return {id: s.id, svg: s.querySelectorAll("svg").length, rows: s.querySelectorAll("tr").length}; }),
  labels: %s,
  network: %s[0]
};""" % (boxes_of("#network-chart .node text"), boxes_of("#network-chart svg"))


@needs_chromium
def test_report_in_headless_chromium_with_40_actors(tmp_path):
    from PIL import Image

    page, counts = report_page(read_store(write_synthetic(tmp_path, 40)), title="forty actors")
    screenshot = tmp_path / "report.png"
    probe = open_page(page, tmp_path, REPORT_PROBE, screenshot=screenshot, window=(1400, 1200))
    assert probe["errors"] == [] and probe["console"] == [] and probe["resources"] == []
    sections = {s["id"]: s for s in probe["sections"]}
    assert set(sections) == set(SECTIONS)
    assert sections["timeline"]["svg"] == 1 and sections["network"]["svg"] == 1
    assert sections["events"]["rows"] == counts.events + 1 and sections["claims"]["rows"] == counts.claims + 1
    labels, (left, top, right, bottom) = probe["labels"], probe["network"]
    assert len(labels) == counts.actors == 40
    assert overlapping(labels) == []
    assert all(left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom for b in labels)
    with Image.open(screenshot) as picture:
        assert picture.size == (1400, 1200)
        assert len(picture.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 10  # not blank
