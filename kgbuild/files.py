"""Files written safely: each output goes to a temporary name beside its target and is renamed
over it only when complete, so a failed or killed run never leaves a half-written file and never
damages the previous run's output. The outputs of a build are published together
(:func:`publishing`): one rename switches every one of them. Written files get the modes a plain
``open()`` would give."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK  # what a plain open() would have given, unlike mkstemp's 0600
DIR_MODE = 0o777 & ~_UMASK


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only when the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


RELEASES = ".releases"  # under an output folder: one folder per published set of outputs
CURRENT = ".current"  # the link to the set readers see; out/<name> are links through it


@contextlib.contextmanager
def publishing(out: Path, names: Iterable[str]) -> Iterator[Path]:
    """Publish a set of outputs together: the block writes them into the fresh folder it is
    given under ``out/.releases/`` (as it goes, so that nothing waits in memory for the end),
    then one rename of the link ``out/.current`` switches readers from the old set to the new
    one. ``out/<name>`` are links through ``.current``, so a reader, a failure or a kill never
    sees graph.trig of one build beside facts/ of another. Older sets and leftovers of killed
    runs are removed."""
    releases = out / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="outputs-", dir=releases))
    try:
        yield fresh
        fresh.chmod(DIR_MODE)
        _link(out / CURRENT, os.path.join(RELEASES, fresh.name))
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    for name in names:
        entry, target = out / name, os.path.join(CURRENT, name)
        if not (entry.is_symlink() and os.readlink(entry) == target):
            if entry.is_dir() and not entry.is_symlink():  # a folder from before outputs were published
                shutil.rmtree(entry)
            _link(entry, target)
    for entry in out.iterdir():  # an output this build does not make (validation.ttl after --no-validate)
        if entry.is_symlink() and os.readlink(entry).startswith(CURRENT + os.sep) and not entry.exists():
            entry.unlink()
    remove_leftovers(out)


def _link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target`` in one rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def remove_leftovers(out: Path) -> None:
    """Remove what killed runs left in ``out``: output sets no link points to, and temporary files
    (``.name.*.tmp``, ``.name.*.link``) in ``out`` and its cache."""
    releases = out / RELEASES
    current = os.readlink(out / CURRENT) if (out / CURRENT).is_symlink() else None
    if releases.is_dir():
        for entry in releases.iterdir():
            if os.path.join(RELEASES, entry.name) != current:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    for folder in (out, out / "cache", out / "cache" / "graphs", out / "cache" / "shared"):
        if folder.is_dir():
            for entry in folder.glob(".*"):
                if entry.name.endswith((".tmp", ".link")) or ".old-" in entry.name:
                    shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() and not entry.is_symlink() \
                        else entry.unlink(missing_ok=True)


