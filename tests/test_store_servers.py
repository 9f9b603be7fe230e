"""Loading the sample graph into real triple stores over HTTP and checking them against the embedded store.

The Oxigraph server comes from the ``oxigraph`` PyPI package; Virtuoso 7 from Debian's
virtuoso-opensource (integration: skipped when it is not installed). Every server listens on a
free 127.0.0.1 port and is stopped by its pid.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgbuild.errors import StoreError
from kgbuild.query import format_result, query_text, run_query, with_prefixes
from kgbuild.store.embedded import load_files, open_store
from kgbuild.store.remote import HttpSettings, load_endpoint
from kgbuild.store.server import HOST, free_port, start_server

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/kgbuild/id/"
# Which actors each article mentions, how often, with their names (competency question 3, actors part).
ACTORS_PER_ARTICLE = """
SELECT ?article ?actor ?name (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {
  ?actor kg:hasMention ?mention ; kg:name ?name .
  ?mention kg:inArticle ?article .
} GROUP BY ?article ?actor ?name
"""
COUNT_NAMED = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{BASE}')) }}"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample(examples_build, tmp_path_factory):
    """The sample graph file and an embedded store loaded from it."""
    trig = examples_build.out_dir / "graph.trig"
    store_path = tmp_path_factory.mktemp("embedded") / "kgstore"
    load_files([trig], store_path)
    return trig, open_store(store_path, create=False)


def competency_queries() -> dict[str, str]:
    queries = {"actors-per-article": ACTORS_PER_ARTICLE}
    for path in sorted((ROOT / "queries").glob("*.rq")):
        queries[path.stem] = query_text(str(path))
    return queries


def rows_of(sparql_json: dict) -> list[tuple]:
    """Solutions as sorted tuples of (variable, value), comparable across stores."""
    if "boolean" in sparql_json:
        return [("boolean", sparql_json["boolean"])]
    rows = [tuple(sorted((var, term["value"]) for var, term in binding.items()))
            for binding in sparql_json["results"]["bindings"]]
    return sorted(rows)


def remote_select(url: str, query: str, auth: tuple[str, str] | None = None) -> list[tuple]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": with_prefixes(query)}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return rows_of(json.load(response))


def embedded_select(store: ox.Store, query: str) -> list[tuple]:
    return rows_of(json.loads(format_result(run_query(store, query), "json")))


def test_oxigraph_server_matches_the_embedded_store(sample, tmp_path):
    trig, embedded = sample
    server = start_server(tmp_path / "served", writable=True)
    try:
        settings = HttpSettings(timeout=30, retries=1, backoff=0.1, chunk_triples=100)
        report = load_endpoint([trig], server.store_url, settings=settings)
        assert report.quads == len(embedded)
        assert remote_select(server.query_url, COUNT_NAMED) == [(("n", str(len(embedded))),)]
        for name, query in competency_queries().items():
            assert remote_select(server.query_url, query) == embedded_select(embedded, query), name

        load_endpoint([trig], server.store_url, settings=settings)
        load_endpoint([trig], server.update_url, update=True, settings=settings)
        assert remote_select(server.query_url, COUNT_NAMED) == [(("n", str(len(embedded))),)]

        # a smaller article graph replaces the one there; a smaller gazetteer graph is merged into it
        article = min((g for g in embedded.named_graphs() if "/graph/article/" in g.value), key=str)
        gazetteer = ox.NamedNode(BASE + "graph/gazetteer")
        kept = [next(iter(embedded.quads_for_pattern(None, None, None, g))) for g in (article, gazetteer)]
        smaller = tmp_path / "smaller.trig"
        ox.serialize(kept, str(smaller), ox.RdfFormat.TRIG)
        load_endpoint([smaller], server.store_url, settings=settings)
        dropped = sum(1 for _ in embedded.quads_for_pattern(None, None, None, article)) - 1
        assert remote_select(server.query_url, COUNT_NAMED) == [(("n", str(len(embedded) - dropped)),)]
    finally:
        server.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(server.pid, 0)


def test_the_server_is_read_only_unless_asked(sample, tmp_path):
    trig, embedded = sample
    store_path = tmp_path / "kgstore"
    load_files([trig], store_path)
    with pytest.raises(StoreError, match="no store to serve read-only"):
        start_server(tmp_path / "missing")
    server = start_server(store_path)
    try:
        before = remote_select(server.query_url, COUNT_NAMED)
        for url, body, content_type in ((server.update_url, b"DROP ALL", "application/sparql-update"),
                                        (server.store_url + "?default", b"<x:a> <x:b> <x:c> .", "text/turtle")):
            request = urllib.request.Request(url, data=body, method="POST" if "update" in url else "PUT",
                                             headers={"Content-Type": content_type})
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=10)
        assert remote_select(server.query_url, COUNT_NAMED) == before != [(("n", "0"),)]
    finally:
        server.stop()


def test_the_server_sends_no_request_to_other_servers(sample, tmp_path):
    import http.server
    import threading

    trig, embedded = sample
    store_path = tmp_path / "kgstore"
    load_files([trig], store_path)
    hits = []

    class Elsewhere(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    elsewhere = http.server.ThreadingHTTPServer((HOST, 0), Elsewhere)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    remote = f"http://{HOST}:{elsewhere.server_address[1]}/sparql"
    server = start_server(store_path, writable=True)
    try:
        for url, data, content_type in (
                (server.query_url + "?query=" + urllib.parse.quote(f"SELECT * {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"), None, None),
                (server.query_url, f"select * {{ service <{remote}> {{}} }}".encode(), "application/sparql-query"),
                (server.update_url, urllib.parse.urlencode({"update": f"LOAD <{remote}>"}).encode(),
                 "application/x-www-form-urlencoded")):
            request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type} if content_type else {})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 403 and b"--allow-remote" in refused.value.read()
        assert remote_select(server.query_url, COUNT_NAMED) == [(("n", str(len(embedded))),)]  # the rest passes
    finally:
        server.stop()
        elsewhere.shutdown()
    assert hits == []


def test_kgbuild_serve_says_where_it_listens_and_stops_its_server(sample, tmp_path):
    trig, embedded = sample
    store_path = tmp_path / "kgstore"
    load_files([trig], store_path)
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "kgbuild.cli", "serve", "--store", str(store_path), "--port", str(port)],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        announcement = "".join(serve.stdout.readline() for _ in range(5))
        assert f"http://{HOST}:{port}/query" in announcement
        oxigraph_pid = int(re.search(r"pid (\d+)", announcement).group(1))
        assert remote_select(f"http://{HOST}:{port}/query", ACTORS_PER_ARTICLE) == embedded_select(embedded, ACTORS_PER_ARTICLE)
    finally:
        serve.send_signal(signal.SIGINT)
        assert serve.wait(15) == 0
        serve.stdout.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.path.exists(f"/proc/{oxigraph_pid}"):
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{oxigraph_pid}")


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def start_virtuoso(folder: Path, files: Path | None = None) -> tuple[subprocess.Popen, int, int]:
    """A private Virtuoso instance in ``folder`` on free ports (SQL and HTTP, both returned), from
    Debian's config; its bulk loader may read ``files`` (DirsAllowed)."""
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b", f"ServerPort = {HOST}:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b", f"ServerPort = {HOST}:{http_port}", ini)
    if files is not None:
        ini = re.sub(r"(?m)^(DirsAllowed\s*=.*)$", lambda m: f"{m[1]}, {files}", ini)
    (folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
    process = subprocess.Popen([shutil.which("virtuoso-t"), "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://{HOST}:{http_port}/sparql?query=ASK%7B%7D", timeout=2).close()
            return process, sql_port, http_port
        except OSError:
            time.sleep(0.3)
    process.kill()
    process.wait()
    pytest.fail("Virtuoso did not start; see " + str(folder / "virtuoso.log"))


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("virtuoso-t") is None or not VIRTUOSO_INI.is_file(),
                    reason="Virtuoso 7 is not installed (Debian: apt-get install virtuoso-opensource)")
def test_virtuoso_graph_store_endpoint_matches_the_embedded_store(sample, tmp_path, monkeypatch):
    trig, embedded = sample
    monkeypatch.setenv("KGBUILD_STORE_USER", "dba")  # a fresh Virtuoso database's administrator
    monkeypatch.setenv("KGBUILD_STORE_PASSWORD", "dba")
    process, _, port = start_virtuoso(tmp_path)
    try:
        endpoint, query_url = f"http://{HOST}:{port}/sparql-graph-crud-auth", f"http://{HOST}:{port}/sparql"
        settings = HttpSettings(timeout=60, retries=2, backoff=0.5, chunk_triples=500)
        load_endpoint([trig], endpoint, settings=settings)
        assert remote_select(query_url, COUNT_NAMED) == [(("n", str(len(embedded))),)]
        ours = f"FILTER(STRSTARTS(STR(?article), '{BASE}'))"
        query = ACTORS_PER_ARTICLE.replace("} GROUP BY", ours + "\n} GROUP BY")
        assert remote_select(query_url, query) == embedded_select(embedded, query)
        load_endpoint([trig], endpoint, settings=settings)
        assert remote_select(query_url, COUNT_NAMED) == [(("n", str(len(embedded))),)]
    finally:
        stop_virtuoso(process)


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None or not VIRTUOSO_INI.is_file(),
                    reason="Virtuoso 7 is not installed (Debian: apt-get install virtuoso-opensource)")
def test_virtuoso_bulk_loader_loads_the_quads_the_embedded_store_holds(sample, tmp_path):
    """docs/triple-stores.md: ld_dir, rdf_loader_run and checkpoint in isql, for a first load."""
    trig, embedded = sample
    files, database = tmp_path / "files", tmp_path / "db"
    files.mkdir()
    database.mkdir()
    shutil.copy(trig, files / "graph.trig")
    process, sql_port, http_port = start_virtuoso(database, files)
    try:
        script = (f"ld_dir('{files}', 'graph.trig', '{BASE}graph/default'); rdf_loader_run(); checkpoint; "
                  "SELECT ll_state, ll_error FROM DB.DBA.load_list;")
        done = subprocess.run([shutil.which("isql-vt"), f"{HOST}:{sql_port}", "dba", "dba", f"exec={script}"],
                              capture_output=True, text=True, timeout=300, check=True)
        assert "*** Error" not in done.stdout + done.stderr
        assert remote_select(f"http://{HOST}:{http_port}/sparql", COUNT_NAMED) == [(("n", str(len(embedded))),)]
    finally:
        stop_virtuoso(process)


def stop_virtuoso(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
