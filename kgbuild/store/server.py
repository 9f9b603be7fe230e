"""A local SPARQL server over the on-disk store: the Oxigraph server from the ``oxigraph`` package.

``kgbuild serve --store PATH`` starts ``oxigraph serve-read-only`` on 127.0.0.1 only, with the
default graph as the union of the named graphs (as in ``kgbuild query``). It offers a query page at
``/`` and SPARQL queries at ``/query``. Updates and the Graph Store Protocol's writes (``/update``,
``PUT /store``) need ``--writable``, which starts ``oxigraph serve``: then anything on this machine
can change or empty the store.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from .embedded import DEFAULT_STORE

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


@dataclass
class RunningServer:
    """An Oxigraph server process and where it listens."""

    process: subprocess.Popen
    url: str

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
        """Stop the server by its pid (SIGTERM, then SIGKILL if it lingers)."""
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait()


def start_server(store_path: str | Path | None = DEFAULT_STORE, port: int | None = None, *,
                 writable: bool = False, wait: float = 20.0) -> RunningServer:
    """Start ``oxigraph serve`` on 127.0.0.1:``port`` (a free port if None) and wait until it answers.

    ``store_path=None`` serves an empty in-memory store. Raises StoreError with the server's own
    message when it exits at once (store in use, port taken).
    """
    port = port or free_port()
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
                return RunningServer(process, f"http://{HOST}:{port}")
        except OSError:
            time.sleep(0.05)
    RunningServer(process, "").stop()
    raise StoreError(f"the Oxigraph server did not answer on {HOST}:{port} within {wait:.0f}s")


def serve(store_path: str | Path = DEFAULT_STORE, port: int = DEFAULT_PORT, writable: bool = False) -> int:
    """``kgbuild serve --store PATH --port N``: run the server until Ctrl-C or SIGTERM, then stop it.

    >>> serve("kgstore", 7878)      # doctest: +SKIP
    """
    server = start_server(store_path, port, writable=writable)
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
