"""Loading into a remote triple store: SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL Update.

Graph Store Protocol (``--endpoint``): each graph of the input is sent with PUT (which replaces
it) and, when it is larger than one chunk, the rest with POST (which adds to it); the default
graph goes to ``?default``, a named graph to ``?graph=IRI``. SPARQL Update (``--update-endpoint``)
sends ``DROP SILENT GRAPH`` with the first ``INSERT DATA`` chunk in one request, then the other
chunks; small graphs share a request. The gazetteer graph, which every build has, is only added
to (POST, or INSERT DATA without DROP), as in the embedded store. Either way loading twice gives
the same quads.

Only the standard library speaks HTTP here (urllib), so there is nothing more to install.
Credentials come from the URL's user part, ``KGBUILD_STORE_USER``/``KGBUILD_STORE_PASSWORD`` or
``~/.netrc``; they are answered to the server's Basic or Digest challenge and never printed.
Server errors (5xx), timeouts and refused connections are retried with exponential backoff;
4xx answers, unknown hosts and TLS failures stop at once with a one-line error.
"""

from __future__ import annotations

import http.client
import netrc
import os
import re
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import pyoxigraph as ox
from tqdm import tqdm

from ..errors import StoreError
from ..rdf.io import PREFIXES
from ..rdf.iri import is_shared_graph
from .embedded import GraphName, LoadReport, graph_names, graph_quads

ENV_USER, ENV_PASSWORD = "KGBUILD_STORE_USER", "KGBUILD_STORE_PASSWORD"
ENDPOINT_HINTS = ("Oxigraph .../store, Fuseki .../DATASET/data, GraphDB .../repositories/REPO/rdf-graphs/service, "
                  "Virtuoso .../sparql-graph-crud-auth")
STATUS_HINTS = {
    401: f"check {ENV_USER}/{ENV_PASSWORD} or ~/.netrc",
    403: "the user may not write to this store",
    404: f"check the endpoint URL ({ENDPOINT_HINTS})",
    405: "this URL does not take this method; is it the store's Graph Store or update endpoint?",
    413: "the request is too large; lower --chunk-size",
    415: "the store does not take this media type",
}


@dataclass
class HttpSettings:
    """How patient to be with a remote store."""

    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0
    chunk_triples: int = 50_000


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password=<hidden>)"


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """The URL without its ``user:password@`` part, and those credentials if it had them."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a port that is no number from 0 to 65535
    except ValueError as exc:
        raise StoreError(f"endpoint is not a valid URL ({exc}): {redact_lenient(url)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"endpoint must be an http:// or https:// URL, got {redact(url)!r}")
    if parts.username is None:
        return url, None
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return bare, Credentials(unquote(parts.username), unquote(parts.password or ""))


def redact(url: str) -> str:
    """``url`` for messages: no user and password, and the values of its query string (often a
    token or key) hidden."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = re.sub(r"=[^&]*", "=…", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def redact_lenient(url: str) -> str:
    """:func:`redact` for text that does not even parse as a URL: everything up to the host's
    '@' and the query string dropped."""
    text = url.split("?", 1)[0]
    scheme, sep, rest = text.partition("://")
    return scheme + sep + rest.rsplit("@", 1)[-1] if sep else text.rsplit("@", 1)[-1]


def find_credentials(url: str, from_url: Credentials | None = None) -> Credentials | None:
    """Credentials for ``url``: from the URL itself, then the environment, then ``~/.netrc``."""
    if from_url is not None:
        return from_url
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user:
        return Credentials(user, password or "")
    path = os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:  # its message quotes the offending token, which may be a password
        raise StoreError(f"~/.netrc cannot be read: syntax error on line {exc.lineno}; fix or remove it") from None
    except OSError as exc:
        raise StoreError(f"~/.netrc cannot be read: {exc.strerror or exc}") from None
    if entry is None:
        return None
    login, _account, password = entry
    return Credentials(login, password or "")


class BasicAuthAfterChallenge(urllib.request.HTTPBasicAuthHandler):
    """Basic authentication that is sent up front only after the server accepted it once; a
    server that wants Digest (Virtuoso) is not sent Basic credentials it would refuse."""

    def http_response(self, req, response):
        sent = req.get_header("Authorization") or req.unredirected_hdrs.get("Authorization") or ""
        if sent.startswith("Basic ") or not 200 <= response.code < 300:
            return super().http_response(req, response)
        return response

    https_response = http_response


class Endpoint:
    """One HTTP endpoint with credentials, timeouts and retries."""

    def __init__(self, url: str, settings: HttpSettings | None = None):
        self.url, from_url = split_credentials(url)
        self.settings = settings or HttpSettings()
        handlers: list[urllib.request.BaseHandler] = []
        credentials = find_credentials(self.url, from_url)
        if credentials is not None:
            # Once the server has asked for them and accepted them, Basic credentials go with every
            # later request at once, so each graph is not sent twice (refused, then answered).
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            passwords.add_password(None, self.url, credentials.user, credentials.password)
            handlers += [BasicAuthAfterChallenge(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def graph_url(self, graph: GraphName) -> str:
        """The Graph Store Protocol URL of ``graph`` (indirect identification)."""
        query = "default" if isinstance(graph, ox.DefaultGraph) else "graph=" + quote(graph.value, safe="")
        return self.url + ("&" if "?" in self.url else "?") + query

    def send(self, method: str, url: str, body: bytes, content_type: str, what: str) -> int:
        """Send one request; retry 5xx, timeouts and refused connections; StoreError otherwise."""
        settings = self.settings
        for attempt in range(settings.retries + 1):
            request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
            try:
                with self.opener.open(request, timeout=settings.timeout) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as exc:
                detail = _first_line(exc.read())
                exc.close()
                if exc.code < 500 or attempt == settings.retries:
                    hint = STATUS_HINTS.get(exc.code)
                    raise StoreError(f"{redact(self.url)}: {what}: HTTP {exc.code} {exc.reason}"
                                     + (f" ({hint})" if hint else "") + (f": {detail}" if detail else "")) from None
                problem = f"HTTP {exc.code} {exc.reason}"
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                reason = exc if isinstance(exc, ssl.SSLError) else getattr(exc, "reason", exc)
                if isinstance(reason, ssl.SSLError):
                    raise StoreError(f"{redact(self.url)}: TLS error: {_reason(reason)} "
                                     "(check the certificate, or use http:// for a local server)") from None
                if isinstance(reason, socket.gaierror):
                    raise StoreError(f"{redact(self.url)}: unknown host {urlsplit(self.url).hostname!r}") from None
                problem = _reason(reason)
                if attempt == settings.retries:
                    raise StoreError(f"{redact(self.url)}: cannot reach the store after {attempt + 1} tries "
                                     f"({problem}); is it running?") from None
            time.sleep(settings.backoff * 2 ** attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    def load(self, dataset: ox.Store, *, update: bool = False, progress: bool = False) -> LoadReport:
        """Replace each graph the dataset holds: Graph Store Protocol, or SPARQL Update with ``update``."""
        started = time.perf_counter()
        report = LoadReport(target=redact(self.url))
        names = graph_names(dataset)
        replaced: list[str] = []  # graphs the store already holds in their new form (or in part)
        with tqdm(total=len(dataset), desc="sending", unit="quad", unit_scale=True, disable=not progress,
                  file=sys.stderr) as bar:
            try:
                if update:
                    for body, graphs, count in update_requests(dataset, names, self.settings.chunk_triples):
                        self.send("POST", self.url, body.encode("utf-8"), "application/sparql-update",
                                  f"update of graph {_label(graphs[0])}" + (f" and {len(graphs) - 1} more" if graphs[1:] else ""))
                        replaced.extend(label for label in dict.fromkeys(map(_label, graphs)) if label not in replaced)
                        report.quads += count
                        bar.update(count)
                else:
                    for graph in names:
                        for first, chunk in enumerate_chunks(graph_quads(dataset, graph), self.settings.chunk_triples):
                            body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in chunk),
                                                format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
                            method = "PUT" if first and not is_shared_graph(graph) else "POST"
                            self.send(method, self.graph_url(graph), body, "text/turtle", f"{method} of graph {_label(graph)}")
                            if first:
                                replaced.append(_label(graph))
                            report.quads += len(chunk)
                            bar.update(len(chunk))
            except StoreError as error:
                if not replaced:
                    raise
                shown = ", ".join(replaced[:5]) + (f" and {len(replaced) - 5} more" if len(replaced) > 5 else "")
                raise StoreError(f"{error}; {len(replaced)} of {len(names)} graphs had already been replaced "
                                 f"({shown}); loading again replaces them all") from None
            report.replaced = len(names)
        report.graphs = len(names)
        report.seconds = time.perf_counter() - started
        return report


def enumerate_chunks(quads: Iterator[ox.Quad], size: int) -> Iterator[tuple[bool, list[ox.Quad]]]:
    """Chunks of at most ``size`` quads, flagged True for the first; one chunk if blank nodes occur.

    A blank node's label only holds within one request, so a graph with blank nodes is sent
    whole rather than split where a blank node could fall on both sides.
    """
    quads = list(quads)
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
        size = max(len(quads), 1)
    for start in range(0, len(quads), max(size, 1)):
        yield start == 0, quads[start:start + size]


def update_requests(dataset: ox.Store, names: list[GraphName], size: int) -> Iterator[tuple[str, list[GraphName], int]]:
    """SPARQL Update requests of about ``size`` triples: (text, graphs touched, triples).

    Small graphs share a request (one transaction on the server instead of one per article);
    a large graph is split, its first part dropping the old graph (except the gazetteer graph,
    which is merged).
    """
    parts: list[str] = []
    graphs: list[GraphName] = []
    count = 0
    for graph in names:
        for first, chunk in enumerate_chunks(graph_quads(dataset, graph), size):
            if parts and count + len(chunk) > size:
                yield " ;\n".join(parts), graphs, count
                parts, graphs, count = [], [], 0
            parts.append(update_request(graph, chunk, drop=first and not is_shared_graph(graph)))
            graphs.append(graph)
            count += len(chunk)
    if parts:
        yield " ;\n".join(parts), graphs, count


def update_request(graph: GraphName, quads: list[ox.Quad], *, drop: bool) -> str:
    """A SPARQL Update that inserts ``quads`` into ``graph``, dropping the graph first if ``drop``."""
    lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    default = isinstance(graph, ox.DefaultGraph)
    insert = f"INSERT DATA {{\n{lines}\n}}" if default else f"INSERT DATA {{ GRAPH {graph} {{\n{lines}\n}} }}"
    if not drop:
        return insert
    return f"DROP SILENT {'DEFAULT' if default else f'GRAPH {graph}'} ;\n{insert}"


def load_endpoint(paths, url: str, *, update: bool = False, settings: HttpSettings | None = None,
                  progress: bool = False) -> LoadReport:
    """``kgbuild load GRAPH.trig --endpoint URL`` (or ``--update-endpoint URL`` with ``update``).

    >>> load_endpoint(["out/graph.trig"], "http://127.0.0.1:7878/store")      # doctest: +SKIP
    """
    from .embedded import read_datasets

    endpoint = Endpoint(url, settings)
    return endpoint.load(read_datasets(paths), update=update, progress=progress)


def _label(graph: GraphName) -> str:
    return "default" if isinstance(graph, ox.DefaultGraph) else str(graph)


def _reason(reason) -> str:
    if isinstance(reason, ssl.SSLError):
        return reason.reason or str(reason)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def _first_line(body: bytes) -> str:
    """The server's explanation in one short line (the last text line of an HTML error page)."""
    text = body.decode("utf-8", "replace")
    if re.search(r"<html|<!doctype", text[:500], re.I):
        text = re.sub(r"(?s)<(head|title|h1)\b.*?</\1>|<[^>]+>", "\n", text)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1][:200] if lines else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200] if lines else ""
