"""A local SPARQL server over the on-disk store: the Oxigraph server from the ``oxigraph`` package.

``kgbuild serve --store PATH`` starts ``oxigraph serve-read-only`` on 127.0.0.1 only, with the
default graph as the union of the named graphs (as in ``kgbuild query``). It offers a query page at
``/`` and SPARQL queries at ``/query``. Updates and the Graph Store Protocol's writes (``/update``,
``PUT /store``) need ``--writable``, which starts ``oxigraph serve``: then anything on this machine
can change or empty the store. Oxigraph would also send requests to other servers for SERVICE
and LOAD; a small front on the public port refuses such requests unless ``--allow-remote`` is
given, and passes everything else through unchanged.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import StoreError
from ..query import calls_remote
from .embedded import DEFAULT_STORE

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"}

HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def oxigraph_executable() -> str:
    """The ``oxigraph`` command: on PATH, or beside this Python (an unactivated virtualenv)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        raise StoreError("the Oxigraph server is not installed; install it with `pip install oxigraph`")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class RemoteGuard:
    """The public side of ``kgbuild serve``: refuses SPARQL requests that would make the server
    call other servers (SERVICE, LOAD) and relays every other request to Oxigraph unchanged."""

    def __init__(self, port: int, backend: str):
        guard = self

        class Relay(http.server.BaseHTTPRequestHandler):
            def relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if any(calls_remote(text) for text in sparql_texts(self.path, self.headers.get("Content-Type", ""), body)):
                    message = b"SERVICE and LOAD are refused: kgbuild serve sends no requests to other servers " \
                              b"(start it with --allow-remote to allow them)\n"
                    self.send_response(403)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(message)))
                    self.end_headers()
                    self.wfile.write(message)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                request = urllib.request.Request(guard.backend + self.path, data=body, method=self.command, headers=headers)
                try:
                    response = urllib.request.urlopen(request, timeout=3600)
                except urllib.error.HTTPError as error:
                    response = error
                with response:
                    data = response.read()
                    self.send_response(response.status)
                    for key, value in response.headers.items():
                        if key.lower() not in HOP_HEADERS:
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = relay

            def log_message(self, *args):
                pass

        self.backend = backend
        self.httpd = http.server.ThreadingHTTPServer((HOST, port), Relay)
        self.httpd.handle_error = lambda request, address: None  # a client that hung up early
        threading.Thread(target=self.httpd.serve_forever, args=(0.1,), daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def sparql_texts(path: str, content_type: str, body: bytes | None) -> list[str]:
    """The SPARQL queries and updates a request carries: in the URL, a form, or the body."""
    in_url = parse_qs(urlsplit(path).query)
    texts = [*in_url.get("query", []), *in_url.get("update", [])]
    if body:
        kind = content_type.split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"))
            texts += [*form.get("query", []), *form.get("update", [])]
        elif kind in ("application/sparql-query", "application/sparql-update"):
            texts.append(body.decode("utf-8", "replace"))
    return texts


@dataclass
class RunningServer:
    """An Oxigraph server process, the guard in front of it, and where it listens."""

    process: subprocess.Popen
    url: str
    guard: RemoteGuard | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the guard, then the server by its pid (SIGTERM, then SIGKILL if it lingers)."""
        if self.guard is not None:
            self.guard.stop()
            self.guard = None
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait()


def start_server(store_path: str | Path | None = DEFAULT_STORE, port: int | None = None, *,
                 writable: bool = False, allow_remote: bool = False, wait: float = 20.0) -> RunningServer:
    """Start the Oxigraph server for 127.0.0.1:``port`` (a free port if None) and wait until it
    answers: read-only unless ``writable``, behind a :class:`RemoteGuard` unless ``allow_remote``.

    ``store_path=None`` serves an empty in-memory store. Raises StoreError with the server's own
    message when it exits at once (store in use, port taken).
    """
    public = port or free_port()
    port = public if allow_remote else free_port()  # Oxigraph's own port: the guard takes the public one
    if not writable and (store_path is None or not Path(store_path).is_dir()):
        raise StoreError(f"{store_path}: no store to serve read-only; load one with `kgbuild load GRAPH --store "
                         f"{store_path}`, or start an empty writable one with --writable")
    mode = "serve" if writable else "serve-read-only"
    command = [oxigraph_executable(), mode, "--bind", f"{HOST}:{port}", "--union-default-graph"]
    if store_path is not None:
        Path(store_path).mkdir(parents=True, exist_ok=True)
        command += ["--location", str(store_path)]
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
            last = lines[-1] if lines else f"exit code {process.returncode}"
            if "lock" in last.lower():
                raise StoreError(f"{store_path}: the store is in use by another process; stop it first")
            raise StoreError(f"the Oxigraph server stopped at start: {last}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                pass
        except OSError:
            time.sleep(0.05)
            continue
        if allow_remote:
            return RunningServer(process, f"http://{HOST}:{port}")
        try:
            guard = RemoteGuard(public, f"http://{HOST}:{port}")
        except OSError as error:
            RunningServer(process, "").stop()
            raise StoreError(f"cannot listen on {HOST}:{public}: {error.strerror or error}") from None
        return RunningServer(process, f"http://{HOST}:{public}", guard)
    RunningServer(process, "").stop()
    raise StoreError(f"the Oxigraph server did not answer on {HOST}:{port} within {wait:.0f}s")


def serve(store_path: str | Path = DEFAULT_STORE, port: int = DEFAULT_PORT, writable: bool = False,
          allow_remote: bool = False) -> int:
    """``kgbuild serve --store PATH --port N``: run the server until Ctrl-C or SIGTERM, then stop it.

    >>> serve("kgstore", 7878)      # doctest: +SKIP
    """
    server = start_server(store_path, port, writable=writable, allow_remote=allow_remote)
    if writable:
        access = (f"  SPARQL update:  {server.update_url}\n  Graph Store:    {server.store_url}\n"
                  "  WRITABLE: any program on this machine can change or empty the store")
    else:
        access = f"  read-only (updates and Graph Store writes refused; --writable allows them)\n  Graph Store:    {server.store_url}"
    print(f"kgbuild: Oxigraph serves {store_path} at {server.url}/ (query page)\n"
          f"  SPARQL query:   {server.query_url}\n{access}\n  pid {server.pid}; stop with Ctrl-C", flush=True)
    def stop_on_terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_terminate)
    try:
        return server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
