"""Scaling out: a build on one machine (--jobs 1 and 2) against a build on a Dask cluster of 1
and of 2 workers, on N synthetic news articles.

    python benchmarks/bench_scale.py --articles 1000 10000
    python benchmarks/bench_scale.py --articles 100000 --configs local-2,dask-2   # about 2 h of CPU per config
    python benchmarks/bench_scale.py --articles 2000 --configs dask-1,dask-2,dask-4

Writes N distinct articles of news length (tests/synthetic_news.py: several conflicts, varied
actors, figures, dates, outlets and paragraph templates) to a JSONL file, then builds it once per
configuration: ``local-N`` is ``build(..., jobs=N)``, ``dask-N`` starts a real ``dask scheduler``
and N ``dask worker`` processes on 127.0.0.1 (one thread each, tests/dask_processes.py) and
builds with ``scheduler=ADDRESS``. Each build runs in a fresh process and includes loading the
model (on the client, and on each worker at its first task). Prints wall time, articles/s, the
seconds of each stage, the peak RSS of the client, of its forked workers (local) or of each Dask
worker, the CPU seconds of the client and of the workers (figures that hold on a busy machine,
where wall times do not), and the time ratio of 1 to N workers. The parse stage scales with
workers; resolve, map, validate and write run on the client whatever the cluster (see
docs/scaling.md).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.dask_processes import dask_cluster  # noqa: E402
from tests.synthetic_news import write_news_jsonl  # noqa: E402


def own_peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def run_build(corpus: Path, out: Path, jobs: int, scheduler: str | None) -> None:
    """One measured build, in this (child) process; prints its figures as JSON."""
    from kgbuild.build import build

    started = time.perf_counter()
    result = build([corpus], out, jobs=jobs, scheduler=scheduler, progress=False)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": time.perf_counter() - started, "stages": result.stage_seconds,
                      "client_cpu": own.ru_utime + own.ru_stime,
                      "articles": result.articles, "skipped": len(result.skipped), "summary": result.summary(),
                      "client_mib": own_peak_rss_mib(),
                      "children_mib": children.ru_maxrss / 1024, "children_cpu": children.ru_utime + children.ru_stime}))


def measure(corpus: Path, out: Path, jobs: int, scheduler: str | None = None) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--run", str(corpus), str(out), str(jobs), scheduler or ""],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the build failed: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_config(config: str, corpus: Path, folder: Path) -> dict:
    """Build ``corpus`` as ``config`` says (local-N or dask-N); its figures, with the workers' peak RSS."""
    kind, count = config.split("-")
    out = folder / f"out-{config}"
    if kind == "local":
        figures = measure(corpus, out, int(count))
        forked = int(count) > 1 and figures["children_mib"]
        figures["workers_mib"] = [figures["children_mib"]] if forked else []
        figures["workers_cpu"] = figures["children_cpu"] if forked else 0.0
        return figures
    with dask_cluster(folder / config, int(count)) as cluster:
        figures = measure(corpus, out, 1, cluster.address)
        figures["workers_mib"] = [cluster.peak_rss_mib(worker) for worker in cluster.workers]
        figures["workers_cpu"] = sum(cluster.cpu_seconds(worker) for worker in cluster.workers)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], metavar="N",
                        help="corpus sizes (default 1000 10000; 100000 is about 2 h of CPU per configuration)")
    parser.add_argument("--configs", default="local-1,local-2,dask-1,dask-2",
                        help="comma-separated local-N (N processes) and dask-N (N Dask workers) builds "
                             "(default local-1,local-2,dask-1,dask-2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the article generator")
    parser.add_argument("--run", nargs=4, metavar=("CORPUS", "OUT", "JOBS", "SCHEDULER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        corpus, out, jobs, scheduler = args.run
        run_build(Path(corpus), Path(out), int(jobs), scheduler or None)
        return
    configs = args.configs.split(",")
    if any(c.split("-")[0] not in ("local", "dask") or not c.partition("-")[2].isdigit() for c in configs):
        parser.error(f"--configs takes local-N and dask-N, got {args.configs!r}")
    for size in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "news.jsonl"
            words = write_news_jsonl(corpus, size, args.seed)
            print(f"corpus: {size:,} articles, {words:,} words ({words / size:.0f} per article)", flush=True)
            seconds = {}
            for config in configs:
                figures = run_config(config, corpus, Path(tmp))
                seconds[config] = figures["seconds"]
                stages = ", ".join(f"{name} {value:.1f}s" for name, value in figures["stages"].items())
                workers = " ".join(f"{mib:.0f}" for mib in figures["workers_mib"]) or "-"
                print(f"  {config:8s} {figures['seconds']:8.1f} s  {size / figures['seconds']:6.2f} articles/s  "
                      f"peak RSS client {figures['client_mib']:5.0f} MiB, workers {workers} MiB  "
                      f"({figures['articles']} built, {figures['skipped']} skipped)", flush=True)
                print(f"           stages: {stages}; CPU: client {figures['client_cpu']:.1f}s, "
                      f"workers {figures['workers_cpu']:.1f}s", flush=True)
            for kind in ("local", "dask"):
                ones = [c for c in configs if c == f"{kind}-1"]
                for config in (c for c in configs if c.startswith(kind) and c not in ones):
                    if ones:
                        print(f"  {config} / {kind}-1 time: {seconds[config] / seconds[ones[0]]:.2f} "
                              f"(speed-up {seconds[ones[0]] / seconds[config]:.2f}x)", flush=True)


if __name__ == "__main__":
    main()
