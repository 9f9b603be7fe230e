"""Remote loading over HTTP against a scripted local server: requests, retries, errors, credentials."""

import base64
import http.server
import threading
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from kgbuild.cli import main
from kgbuild.errors import StoreError
from kgbuild.store.remote import Endpoint, HttpSettings, load_endpoint, redact, update_request
from kgbuild.store.server import free_port, start_server

G1 = "https://w3id.org/kgbuild/id/graph/article/a"
G2 = "https://w3id.org/kgbuild/id/graph/article/b"
GAZETTEER = "https://w3id.org/kgbuild/id/graph/gazetteer"
SECRET = "s3cret-pass"
FAST = HttpSettings(timeout=2, retries=2, backoff=0.0)


def dataset(triples_per_graph: int = 3) -> ox.Store:
    store = ox.Store()
    for graph in (G1, G2):
        for i in range(triples_per_graph):
            store.add(ox.Quad(ox.NamedNode(f"{graph}/s{i}"), ox.NamedNode("https://w3id.org/kgbuild/ns#name"),
                              ox.Literal(f"name {i}"), ox.NamedNode(graph)))
    return store


class ScriptedServer:
    """A local HTTP server that records requests and answers with a scripted list of statuses."""

    def __init__(self, statuses=(), user=None, password=None, delay=0.0):
        self.statuses = list(statuses)
        self.requests: list[tuple[str, str, bytes, str | None]] = []
        self.expected_auth = None
        self.challenges = 0  # requests refused for want of credentials
        if user is not None:
            self.expected_auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_one(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                auth = self.headers.get("Authorization")
                if outer.expected_auth and auth != outer.expected_auth:
                    outer.challenges += 1
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                outer.requests.append((self.command, self.path, body, self.headers.get("Content-Type")))
                if delay:
                    threading.Event().wait(delay)
                status = outer.statuses.pop(0) if outer.statuses else 204
                message = b"" if status < 400 else b"<html><body><h1>Oops</h1><p>Bad thing: line 3</p></body></html>"
                self.send_response(status)
                self.send_header("Content-Length", str(len(message)))
                self.end_headers()
                self.wfile.write(message)

            do_PUT = do_POST = handle_one

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.handle_error = lambda request, address: None  # a client that hung up early is no news
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def no_ambient_credentials(monkeypatch, tmp_path):
    monkeypatch.delenv("KGBUILD_STORE_USER", raising=False)
    monkeypatch.delenv("KGBUILD_STORE_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))


def test_graph_store_protocol_puts_each_graph_then_posts_further_chunks():
    with ScriptedServer() as server:
        report = Endpoint(server.url + "/store", HttpSettings(chunk_triples=2)).load(dataset(3))
    calls = [(method, parse_qs(urlsplit(path).query)["graph"][0]) for method, path, _, _ in server.requests]
    assert calls == [("PUT", G1), ("POST", G1), ("PUT", G2), ("POST", G2)]
    sent = ox.Store()
    for _, path, body, content_type in server.requests:
        assert content_type == "text/turtle"
        sent.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(parse_qs(urlsplit(path).query)["graph"][0]))
                    for t in ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert set(sent) == set(dataset(3)) and report.quads == 6


def test_default_graph_goes_to_the_default_parameter():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    with ScriptedServer() as server:
        Endpoint(server.url + "/store").load(store)
    assert [(m, p) for m, p, _, _ in server.requests] == [("PUT", "/store?default")]


def test_sparql_update_drops_each_graph_in_the_first_request_only():
    with ScriptedServer() as server:
        Endpoint(server.url + "/update", HttpSettings(chunk_triples=2)).load(dataset(3), update=True)
    bodies = [body.decode() for _, _, body, _ in server.requests]
    assert {content_type for _, _, _, content_type in server.requests} == {"application/sparql-update"}
    assert [b.startswith(f"DROP SILENT GRAPH <{G}>") for b, G in zip(bodies, (G1, G1, G2, G2))] == [True, False, True, False]
    target = ox.Store()
    for body in bodies:
        target.update(body)
    assert set(target) == set(dataset(3))


def test_small_graphs_share_one_update_request():
    with ScriptedServer() as server:
        Endpoint(server.url + "/update", HttpSettings(chunk_triples=10)).load(dataset(3), update=True)
    [(_, _, body, _)] = server.requests
    assert body.decode().count("DROP SILENT GRAPH") == 2
    target = ox.Store()
    target.add(ox.Quad(ox.NamedNode(G1 + "/old"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), ox.NamedNode(G1)))
    target.update(body.decode())
    assert set(target) == set(dataset(3))


def test_update_request_for_the_default_graph_is_valid_sparql():
    quad = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal('say "hi"\n'))
    store = ox.Store()
    store.add(ox.Quad(quad.subject, quad.predicate, ox.Literal("old")))
    store.update(update_request(ox.DefaultGraph(), [quad], drop=True))
    assert list(store) == [quad]


def test_server_errors_are_retried_then_succeed():
    with ScriptedServer([503, 500]) as server:
        Endpoint(server.url + "/store", FAST).load(dataset(1))
    assert len(server.requests) == 4  # two failures on the first graph, then one PUT per graph


def test_persistent_server_errors_give_one_line_after_the_retries():
    with ScriptedServer([500] * 10) as server:
        with pytest.raises(StoreError) as error:
            Endpoint(server.url + "/store", FAST).load(dataset(1))
    assert len(server.requests) == FAST.retries + 1
    assert "HTTP 500" in str(error.value) and "Bad thing: line 3" in str(error.value) and "\n" not in str(error.value)


def test_client_errors_are_not_retried_and_name_the_graph():
    with ScriptedServer([404]) as server:
        with pytest.raises(StoreError, match=r"HTTP 404 .*check the endpoint URL") as error:
            Endpoint(server.url + "/wrong", FAST).load(dataset(1))
    assert len(server.requests) == 1 and G1 in str(error.value)


def test_unreachable_store_gives_one_line():
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(StoreError, match=r"cannot reach the store after 3 tries \(Connection refused\)"):
        Endpoint(url, FAST).load(dataset(1))


def test_timeouts_are_retried_then_reported():
    with ScriptedServer(delay=1.0) as server:
        with pytest.raises(StoreError, match="timed out"):
            Endpoint(server.url + "/store", HttpSettings(timeout=0.2, retries=1, backoff=0.0)).load(dataset(1))
    assert len(server.requests) == 2


def test_tls_failure_is_reported_without_retrying():
    with ScriptedServer() as server:
        with pytest.raises(StoreError, match="TLS error"):
            Endpoint(server.url.replace("http://", "https://") + "/store", FAST).load(dataset(1))


@pytest.mark.parametrize("source", ["env", "netrc", "url"])
def test_credentials_are_answered_to_the_challenge_and_never_shown(source, monkeypatch, tmp_path):
    with ScriptedServer(user="loader", password=SECRET) as server:
        url = server.url + "/store"
        if source == "env":
            monkeypatch.setenv("KGBUILD_STORE_USER", "loader")
            monkeypatch.setenv("KGBUILD_STORE_PASSWORD", SECRET)
        elif source == "netrc":
            (tmp_path / ".netrc").write_text(f"machine 127.0.0.1 login loader password {SECRET}\n")
        else:
            url = url.replace("http://", f"http://loader:{SECRET}@")
        endpoint = Endpoint(url, FAST)
        endpoint.load(dataset(1))
        assert len(server.requests) == 2
        assert SECRET not in repr(endpoint.__dict__) and SECRET not in endpoint.url


def test_credentials_go_with_every_request_once_the_server_asked_for_them():
    with ScriptedServer(user="loader", password=SECRET) as server:
        Endpoint(server.url.replace("http://", f"http://loader:{SECRET}@") + "/store",
                 HttpSettings(chunk_triples=2)).load(dataset(3))
    assert len(server.requests) == 4 and server.challenges == 1  # not each graph sent twice


def test_a_load_that_fails_half_way_names_the_graphs_it_replaced():
    with ScriptedServer(statuses=[204, 204, 400]) as server:
        with pytest.raises(StoreError, match=r"1 of 2 graphs had already been replaced \(<" + G1):
            Endpoint(server.url + "/store", HttpSettings(chunk_triples=2, retries=0)).load(dataset(3))


def test_wrong_credentials_fail_in_one_line_without_the_password(capsys, tmp_path):
    with ScriptedServer(user="loader", password="right") as server:
        url = server.url.replace("http://", f"http://loader:{SECRET}@") + "/store"
        assert main(["load", "--endpoint", url, "--retries", "0", "-q", write_dataset(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and SECRET not in err and err.count("\n") == 1


def test_redact_removes_user_password_and_query_values():
    assert redact(f"https://u:{SECRET}@store.example.org:8443/x?y=1") == "https://store.example.org:8443/x?y=…"
    assert SECRET not in redact(f"https://store.example.org/sparql?token={SECRET}&graph=g")


def test_a_malformed_netrc_is_named_without_quoting_its_tokens(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("KGBUILD_STORE_USER", "KGBUILD_STORE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    netrc_file = tmp_path / ".netrc"
    netrc_file.write_text(f"machine 127.0.0.1 login loader password {SECRET} bogus\n")
    netrc_file.chmod(0o600)
    assert main(["load", "--endpoint", "http://127.0.0.1:9/store", "--retries", "0", "-q", write_dataset(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert ".netrc" in err and SECRET not in err and err.count("\n") == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/store", f"http://u:{SECRET}@127.0.0.1:abc/store",
                                 f"http://u:{SECRET}@[ex.org/store?token={SECRET}"])
def test_a_bad_endpoint_is_one_line_without_secrets(capsys, tmp_path, url):
    assert main(["load", "--endpoint", url, "--retries", "0", "-q", write_dataset(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and SECRET not in err and "internal error" not in err


def test_cli_load_to_an_update_endpoint(capsys, tmp_path):
    with ScriptedServer() as server:
        assert main(["load", write_dataset(tmp_path), "--update-endpoint", server.url + "/update"]) == 0
    assert [method for method, *_ in server.requests] == ["POST"]
    assert "6 quads in 2 graphs" in capsys.readouterr().out


def write_dataset(folder) -> str:
    path = str(folder / "graph.trig")
    ox.serialize(dataset(3), path, ox.RdfFormat.TRIG)
    return path


def build_with_actors(folder, article: str, names: list[str]) -> tuple[str, set]:
    """The graph file of a small build: one article graph and the gazetteer graph of its actors."""
    kg = "https://w3id.org/kgbuild/ns#"
    quads = set()
    for name in names:
        actor = ox.NamedNode("https://w3id.org/kgbuild/id/actor/" + name.lower())
        quads.add(ox.Quad(actor, ox.NamedNode(kg + "name"), ox.Literal(name), ox.NamedNode(GAZETTEER)))
        quads.add(ox.Quad(actor, ox.NamedNode(kg + "name"), ox.Literal(name), ox.NamedNode(G1[:-1] + article)))
    path = str(folder / f"{article}.trig")
    ox.serialize(quads, path, ox.RdfFormat.TRIG)
    return path, quads


@pytest.mark.parametrize("update", [False, True], ids=["graph-store", "sparql-update"])
def test_two_builds_loaded_into_a_server_both_keep_their_gazetteer_actors(tmp_path, update):
    first, first_quads = build_with_actors(tmp_path, "a", ["Qatar", "Turkey"])
    second, second_quads = build_with_actors(tmp_path, "b", ["Egypt", "Turkey"])
    server = start_server(None, writable=True)
    try:
        for path in (first, second, second):
            load_endpoint([path], server.update_url if update else server.store_url, update=update, settings=FAST)
        request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=10) as response:
            stored = set(ox.parse(response.read(), format=ox.RdfFormat.N_QUADS))
    finally:
        server.stop()
    assert stored == first_quads | second_quads


def test_the_gazetteer_graph_is_posted_and_never_dropped():
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(GAZETTEER)) for q in dataset(2)
                 if q.graph_name == ox.NamedNode(G1))
    with ScriptedServer() as server:
        Endpoint(server.url + "/store").load(store)
        Endpoint(server.url + "/update").load(store, update=True)
    (gsp, update) = server.requests
    assert gsp[0] == "POST" and parse_qs(urlsplit(gsp[1]).query)["graph"] == [GAZETTEER]
    assert update[2].decode().startswith("INSERT DATA") and b"DROP" not in update[2]
