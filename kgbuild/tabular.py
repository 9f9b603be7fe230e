"""Rows for people and for programs: an aligned text table whose long cells wrap within their
column, or CSV. ``kgbuild query``, ``kgbuild table`` and ``kgbuild graph`` print with it.

A cell never breaks a row: in CSV a cell with line breaks is quoted; in the table its text wraps
within its column, nothing cut, and when some row takes several lines a blank line separates rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import textwrap
from collections.abc import Sequence

from .errors import KgbuildError

FORMATS = ("table", "csv", "json")
GAP = "  "
MIN_CELL_WIDTH = 10  # the narrowest a column is made to fit the terminal


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--format, --columns and --width, for the commands that print rows (query, table)."""
    parser.add_argument("--format", choices=FORMATS,
                        help="table (the default on a terminal), csv (the default otherwise) or json")
    parser.add_argument("--columns", metavar="A,B,...", help="print only these columns, in this order")
    parser.add_argument("--width", type=int, metavar="N",
                        help="widest cell of the table, longer text wraps (default: fit the terminal)")


def default_format(stream=None) -> str:
    """``table`` when ``stream`` (standard output by default) is a terminal, else ``csv``."""
    stream = sys.stdout if stream is None else stream
    return "table" if stream.isatty() else "csv"


def with_newline(text: str) -> str:
    """``text`` ending in exactly the line break it needs (CSV and Turtle end in one already)."""
    return text if text.endswith("\n") else text + "\n"


def split_columns(text: str | None) -> list[str] | None:
    """``--columns a,b,c`` as a list (None when not given)."""
    if text is None:
        return None
    columns = [c.strip() for c in text.split(",") if c.strip()]
    if not columns:
        raise KgbuildError("--columns needs column names, e.g. --columns name,articles")
    return columns


def pick_columns(available: Sequence[str], wanted: Sequence[str] | None) -> list[str]:
    """``wanted`` in its order (every column when None); KgbuildError naming the columns there are."""
    if wanted is None:
        return list(available)
    unknown = [c for c in wanted if c not in available]
    if unknown:
        raise KgbuildError(f"unknown column {unknown[0]!r}; the columns are {', '.join(available) or 'none'}")
    return list(wanted)


def csv_text(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _paragraphs(cell: str) -> list[str]:
    return cell.rstrip().splitlines() or [""]


def _wrapped(cell: str, width: int) -> list[str]:
    return [line for paragraph in _paragraphs(cell) for line in (textwrap.wrap(paragraph, width) or [""])]


def _fitting_width(columns: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> int:
    """The widest a cell may be for the table to fit in ``total`` characters (at least
    MIN_CELL_WIDTH, so a table of many columns may still be wider)."""
    natural = [max([len(line) for row in rows for line in _paragraphs(row[i])] + [0]) for i in range(len(columns))]

    def table_width(cap: int) -> int:
        return sum(max(len(c), min(n, cap)) for c, n in zip(columns, natural)) + len(GAP) * (len(columns) - 1)

    low, high = MIN_CELL_WIDTH, max(natural + [MIN_CELL_WIDTH])
    while low < high:  # the largest cap whose table fits (table_width grows with cap)
        middle = (low + high + 1) // 2
        low, high = (middle, high) if table_width(middle) <= total else (low, middle - 1)
    return low


def table_text(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None) -> str:
    """An aligned table, a cell wrapped at ``width`` characters (by default the width at which the
    table fits the terminal), then ``(N rows)``."""
    if width is None:
        width = _fitting_width(columns, rows, shutil.get_terminal_size().columns)
    if width < 1:
        raise KgbuildError(f"--width must be at least 1, got {width}")
    if not columns:
        return "(no rows)"
    cells = [[_wrapped(cell, width) for cell in row] for row in rows]
    widths = [max([len(c)] + [len(line) for row in cells for line in row[i]]) for i, c in enumerate(columns)]

    def line(parts) -> str:
        return GAP.join(p.ljust(w) for p, w in zip(parts, widths)).rstrip()

    lines = [line(columns), line("-" * w for w in widths)]
    tall = any(len(cell) > 1 for row in cells for cell in row)
    for number, row in enumerate(cells):
        if tall and number:
            lines.append("")
        height = max(len(cell) for cell in row)
        lines += [line(cell[i] if i < len(cell) else "" for cell in row) for i in range(height)]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
