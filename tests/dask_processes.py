"""A real Dask cluster on 127.0.0.1 for tests and benchmarks: one ``dask scheduler`` and N
``dask worker`` processes (no nanny, so a worker's pid is the process that parses; no dashboard;
every port, the HTTP ones too, on 127.0.0.1), started as the README tells users to, and stopped
by pid on leaving, even after a failure."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path


def dask_command() -> str:
    """The ``dask`` command of this Python's environment."""
    beside = Path(sys.executable).with_name("dask")
    found = str(beside) if beside.exists() else shutil.which("dask")
    if not found:
        raise RuntimeError("the dask command is not installed: pip install 'kgbuild[dask]'")
    return found


class DaskProcesses:
    """The processes of a running local cluster: its scheduler's address and each worker's pid."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.scheduler_file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []

    @property
    def address(self) -> str:
        return json.loads(self.scheduler_file.read_text(encoding="utf-8"))["address"]

    def _start(self, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"dask-{len(self.processes)}.log", "wb")
        process = subprocess.Popen([dask_command(), *args], stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=self.folder)
        log.close()
        self.processes.append(process)
        return process

    def start_scheduler(self) -> None:
        """``dask scheduler`` on a free port of 127.0.0.1; returns once it has written its address."""
        self._start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                    "--dashboard-address", "127.0.0.1:0",  # its HTTP server (health, metrics) stays too
                    "--scheduler-file", str(self.scheduler_file))
        self._wait(lambda: self.scheduler_file.exists(), "the scheduler to start")

    def start_workers(self, count: int) -> None:
        """``count`` single-threaded ``dask worker`` processes; returns once the scheduler has them all."""
        self.workers += [self._start("worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                     "--no-nanny", "--no-dashboard", "--dashboard-address", "127.0.0.1:0")
                         for _ in range(count)]
        from distributed import Client

        with Client(self.address, set_as_default=False, timeout="30s") as client:
            client.wait_for_workers(len(self.workers), timeout=120)

    def _wait(self, ready, what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"timed out waiting for {what}; see the logs in {self.folder}")
            time.sleep(0.1)

    def peak_rss_mib(self, process: subprocess.Popen) -> float:
        """The peak resident memory of a running process (VmHWM), in MiB."""
        status = Path(f"/proc/{process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024

    def cpu_seconds(self, process: subprocess.Popen) -> float:
        """The CPU time (user and system) a running process has used."""
        fields = Path(f"/proc/{process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self, process: subprocess.Popen) -> None:
        """Kill ``process`` at once (SIGKILL), as a machine that fails would go."""
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        """Stop every process started here, workers first, by pid."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def dask_cluster(folder: Path, workers: int):
    """A scheduler and ``workers`` workers on 127.0.0.1, stopped on leaving."""
    cluster = DaskProcesses(folder)
    try:
        cluster.start_scheduler()
        cluster.start_workers(workers)
        yield cluster
    finally:
        cluster.stop()
