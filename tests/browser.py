"""Pages opened in a real headless Chromium (Debian's ``chromium``, installed by .ci/run when apt
is available); tests that use it skip when it is missing.

:func:`open_page` loads a copy of a page with a probe script: on load it runs the test's
JavaScript and writes what it returns, with the page's uncaught errors and the resources it
fetched, into the DOM, which ``--dump-dom`` prints. Every console message Chromium logs is
collected from its log. :func:`overlapping` compares the boxes the probe measured.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from itertools import combinations
from pathlib import Path

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000")
PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
window.addEventListener("load", function () {
  var found = (function () { %s }());
  found.errors = window.__errors;
  found.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>"""
# A function body for the probe: the boxes (left, top, right, bottom) of the elements a CSS selector picks.
BOXES = """Array.prototype.map.call(document.querySelectorAll(%s), function (e) {
  var b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


needs_chromium = pytest.mark.skipif(chromium() is None, reason="no chromium installed (apt-get install chromium)")


def boxes_of(selector: str) -> str:
    """A JavaScript expression: the boxes of the elements ``selector`` picks."""
    return BOXES % json.dumps(selector)


def open_page(page: str, folder: Path, probe: str, screenshot: Path | None = None,
              window: tuple[int, int] = (1400, 1000)) -> dict:
    """Load ``page`` (HTML text) in headless Chromium with a fresh profile. ``probe`` is the body
    of a JavaScript function run on load; its returned object comes back with ``errors``,
    ``resources`` and ``console`` (the console messages Chromium logged). With ``screenshot``,
    a picture of the window is written there too."""
    path = folder / "page.html"
    path.write_text(page.replace("<head>", "<head>" + PROBE % probe, 1), encoding="utf-8")
    command = [chromium(), *FLAGS, f"--user-data-dir={folder / 'chromium-profile'}",
               f"--window-size={window[0]},{window[1]}"]
    if screenshot is not None:
        command.append(f"--screenshot={screenshot}")
    result = subprocess.run([*command, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, f"the page did not finish loading: {result.stderr[-2000:]}"
    probe_result = json.loads(html.unescape(found.group(1)))
    probe_result["console"] = re.findall(r":CONSOLE[^\]]*\] (.*)", result.stderr)
    return probe_result


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    """The pairs of boxes (left, top, right, bottom) whose insides meet."""
    return [(i, j) for (i, a), (j, b) in combinations(enumerate(boxes), 2)
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
