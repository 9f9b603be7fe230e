"""Read articles from .txt, .md, .html and .jsonl files into :class:`Document` objects.

Readers stream: a folder of thousands of files or a JSONL archive is read one article at a
time. A bad article is reported as an :class:`InputError` through ``on_error`` and skipped,
or raised when ``strict`` is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Document:
    """One news article: its text and what is known about where it comes from."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    source_path: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text and metadata: changes when the article does."""
        meta = json.dumps([self.id, self.title, self.url, str(self.published), self.publisher])
        return hashlib.sha256((meta + "\n" + self.text).encode()).hexdigest()


def _clean_id(raw: str) -> str:
    return _ID_UNSAFE.sub("-", raw).strip("-") or "article"


def _parse_date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"'published' must be a date YYYY-MM-DD, got {value!r}", where) from None


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError("binary file, expected text", str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", str(path)) from None


def _title_and_body(text: str) -> tuple[str | None, str]:
    """A short first line followed by a blank line is the title (``# `` stripped in Markdown)."""
    first, sep, rest = text.partition("\n")
    heading = first.strip().lstrip("#").strip()
    if sep and heading and len(heading) <= 200 and rest.startswith(("\n", "\r\n")):
        return heading, text
    return None, text


def read_text_file(path: Path) -> Document:
    """A .txt or .md article; the id is the file stem, a first line set off by a blank line is its title."""
    text = _decode(path)
    if not text.strip():
        raise InputError("empty article", str(path))
    title, body = _title_and_body(text)
    return Document(id=_clean_id(path.stem), text=body, title=title, source_path=str(path))


def read_html_file(path: Path) -> Document:
    """An .html article: visible text and <title>, scripts and styles dropped (BeautifulSoup)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"] if soup.title is None
                    else ["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    if soup.title:
        soup.title.decompose()
    blocks = [b.get_text(" ", strip=True) for b in soup.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])]
    blocks = [b for b in blocks if b]
    text = "\n\n".join(blocks) if blocks else soup.get_text("\n", strip=True)
    text = re.sub(r"[ \t]+", " ", text)
    if not text.strip():
        raise InputError("no text in HTML", str(path))
    return Document(id=_clean_id(path.stem), text=text, title=title or None, source_path=str(path))


def read_jsonl_line(line: str, path: Path, lineno: int) -> Document:
    """One JSONL record: {"id", "text", "url", "title", "published", "publisher"}; id and text required."""
    where = f"{path}:{lineno}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON ({exc.msg})", str(path), lineno) from None
    if not isinstance(record, dict):
        raise InputError("expected a JSON object", str(path), lineno)
    missing = [k for k in ("id", "text") if not record.get(k)]
    if missing:
        raise InputError(f"missing {' and '.join(repr(k) for k in missing)}", str(path), lineno)
    if not isinstance(record["text"], str) or not record["text"].strip():
        raise InputError("'text' must be a non-empty string", str(path), lineno)
    return Document(
        id=_clean_id(str(record["id"])),
        text=record["text"],
        title=record.get("title") or None,
        url=record.get("url") or None,
        published=_parse_date(record.get("published"), where),
        publisher=record.get("publisher") or None,
        source_path=where,
    )


def _files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.upper().startswith("README"))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(f"unsupported file type {path.suffix!r} (use .txt, .md, .html or .jsonl)", str(path))
            yield path
        else:
            raise InputError("no such file or folder", str(path))


def read_documents(
    inputs: Iterable[str | Path],
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Document]:
    """Yield the articles in ``inputs`` (files or folders), in a stable order.

    A bad article is passed to ``on_error`` and skipped; with ``strict`` it is raised.
    Missing inputs and unsupported file types always raise.
    """

    def bad(error: InputError) -> None:
        if strict:
            raise error
        if on_error:
            on_error(error)

    seen: set[str] = set()
    for path in _files(inputs):
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            try:
                handle = path.open(encoding="utf-8")
                lines = enumerate(handle, 1)
            except OSError as exc:
                bad(InputError(exc.strerror or "cannot read", str(path)))
                continue
            with handle:
                try:
                    for lineno, line in lines:
                        if not line.strip():
                            continue
                        try:
                            doc = read_jsonl_line(line, path, lineno)
                        except InputError as error:
                            bad(error)
                            continue
                        if doc.id in seen:
                            bad(InputError(f"duplicate article id {doc.id!r}", str(path), lineno))
                            continue
                        seen.add(doc.id)
                        yield doc
                except UnicodeDecodeError as exc:
                    bad(InputError(f"not UTF-8 text (byte {exc.start})", str(path)))
            continue
        try:
            doc = read_html_file(path) if suffix in HTML_SUFFIXES else read_text_file(path)
        except InputError as error:
            bad(error)
            continue
        except OSError as exc:
            bad(InputError(exc.strerror or "cannot read", str(path)))
            continue
        if doc.id in seen:
            bad(InputError(f"duplicate article id {doc.id!r}", str(path)))
            continue
        seen.add(doc.id)
        yield doc
