"""Progress and timing of a build's stages: a bar per stage on a terminal (nothing when the
output is piped or ``--quiet``), and the seconds each stage took, for ``--verbose``."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

tqdm.monitor_interval = 0  # no monitor thread: the parse stage forks worker processes


class Stages:
    """The stages of one build, in the order they ran, with their seconds."""

    def __init__(self, show: bool):
        self.show = show
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "article") -> Iterator[tqdm]:
        """Time a stage; the yielded bar is advanced with ``bar.update()`` (a no-op when hidden)."""
        started = time.perf_counter()
        with tqdm(desc=f"{name:<9}", total=total, unit=unit, disable=not self.show, file=sys.stderr,
                  dynamic_ncols=True) as bar:
            yield bar
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def counted(self, name: str, items: Iterable, total: int | None = None, unit: str = "article") -> Iterator:
        """The items, counted on the stage's bar as they are consumed."""
        with self.stage(name, total, unit) as bar:
            for item in items:
                yield item
                bar.update()
