"""Read articles from .txt, .md, .html, .jsonl (also compressed: .jsonl.gz, .jsonl.bz2, .jsonl.xz)
and web-archive (.warc, .warc.gz) files into :class:`Document` objects.

Readers stream: a folder or glob of thousands of files, a JSONL file (decompressed as it is read)
or a web archive is read one article at a time, never whole. A bad article is reported as an
:class:`InputError` through ``on_error`` and skipped, or raised when ``strict`` is set.
"""

from __future__ import annotations

import bz2
import datetime as dt
import glob
import gzip
import hashlib
import json
import lzma
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError
from .warc import archived_pages, is_warc

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES  # and web archives: see kgbuild.warc
# Compressed JSONL, decompressed line by line as it is read: suffix -> (name in messages, opener).
COMPRESSED_JSONL = {".jsonl.gz": ("gzip", gzip.open), ".jsonl.bz2": ("bzip2", bz2.open), ".jsonl.xz": ("xz", lzma.open)}
# What the decompressors raise on damaged data (gzip.BadGzipFile is an OSError); a cut-short file raises EOFError.
DAMAGED_COMPRESSION = (OSError, zlib.error, lzma.LZMAError)
GLOB_CHARACTERS = frozenset("*?[")
INPUT_KINDS = ".txt, .md, .html, .jsonl, .jsonl.gz, .jsonl.bz2, .jsonl.xz, .warc or .warc.gz"
FRONT_MATTER_FENCE = "---"
MAX_TEXT = 1_000_000  # characters: spaCy's default nlp.max_length; a longer "article" is refused
MAX_ID = 100  # characters of an id kept in file names and IRIs (a longer one is cut and hashed)
EARLIEST, LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)  # publication dates outside are typos
_ID_UNSAFE = re.compile(r"[^\w.-]+")
# Code points no RDF or XML tool accepts in text: lone surrogates (from JSON escapes), noncharacters,
# and C0 controls other than tab and line breaks. Each becomes U+FFFD, so offsets stay the same.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
                       + "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
                         "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
                         "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
                         "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]")


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


def usable_text(text: str) -> str:
    """``text`` with the code points RDF tools reject replaced by U+FFFD (same length)."""
    return _UNUSABLE.sub("\ufffd", text)


def _clean_id(raw: str) -> str:
    """A file name and IRI segment for an article id: letters (any script), digits, '.', '_' and
    '-'. When the id had to change (spaces, slashes, "..", too long), a short hash of the original
    keeps two different ids from becoming one."""
    safe = _ID_UNSAFE.sub("-", usable_text(raw)).strip("-.")[:MAX_ID].strip("-.")
    if safe == raw:
        return safe
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe}-{digest}" if safe else f"article-{digest}"


def parse_date(value, where: str | None) -> dt.date | None:
    """A publication date from "YYYY-MM-DD" (a timestamp's date part is read), or None when
    empty; a value that is no date, or outside 1800-2200 (a typo), is an error naming it."""
    if value in (None, ""):
        return None
    try:
        date = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"'published' must be a date YYYY-MM-DD, got {value!r}", where) from None
    if not EARLIEST <= date <= LATEST:
        raise InputError(f"'published' {date.isoformat()} is not between {EARLIEST.year} and {LATEST.year}", where)
    return date


def _checked_text(text: str, where: str) -> str:
    """The article text, refused when it is too long to parse."""
    if len(text) > MAX_TEXT:
        raise InputError(f"text of {len(text):,} characters is longer than the {MAX_TEXT:,} kgbuild reads; "
                         "split it into articles", where)
    return usable_text(text)


def _checked_url(value, where: str) -> str | None:
    """An absolute http(s) URL, or None; anything else is an error naming the value."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"'url' must be a string, got {type(value).__name__}", where)
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value.strip()):
        raise InputError(f"'url' must be an absolute http(s) URL, got {value[:80]!r}", where)
    return usable_text(value.strip())


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


def _front_matter(text: str, where: str) -> tuple[dict[str, tuple[str, str]], str]:
    """The ``key: value`` lines of a block fenced by ``---`` lines at the top of ``text`` (key ->
    value and where it is, for messages), and the text after the block. Keys are lower-cased;
    lines of other forms (YAML lists, comments) are ignored. Without a closing fence the text has
    no front matter (a leading ``---`` is then a rule)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return {}, text
    fields: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == FRONT_MATTER_FENCE:
            return fields, "".join(lines[number:]).lstrip("\r\n")
        key, colon, value = line.partition(":")
        if colon and key.strip() and not key[0].isspace():
            fields[key.strip().lower()] = (value.strip().strip("\"'").strip(), f"{where}:{number}")
    return {}, text


def read_text_file(path: Path) -> Document:
    """A .txt or .md article; the id is the file stem. A front-matter block at the top may give
    ``published``, ``title``, ``url`` and ``source`` (or ``publisher``) and is not part of the text;
    without a title there, a first line set off by a blank line is the title."""
    fields, text = _front_matter(_checked_text(_decode(path), str(path)), str(path))
    if not text.strip():
        raise InputError("empty article", str(path))

    def field(key: str) -> tuple[str, str | None]:
        return fields.get(key, ("", None))

    title, body = _title_and_body(text)
    return Document(id=_clean_id(path.stem), text=body, title=field("title")[0] or title,
                    url=_checked_url(*field("url")), published=parse_date(*field("published")),
                    publisher=field("source")[0] or field("publisher")[0] or None, source_path=str(path))


def html_document(html: str, article_id: str, where: str, url: str | None = None,
                  crawled: dt.date | None = None) -> Document:
    """The article of a web page (:func:`kgbuild.webpages.read_page`). ``url`` (where the page was
    fetched from) wins over the page's canonical URL, and the page's date over ``crawled``."""
    from .webpages import read_page

    page = read_page(html)
    text = _checked_text(page.text, where)
    if not text.strip():
        raise InputError("no text in HTML", where)
    try:
        url = url or _checked_url(page.url, where)
    except InputError:  # a relative or odd canonical link: the article is read without it
        url = None
    return Document(id=article_id, text=text, title=usable_text(page.title) if page.title else None, url=url,
                    published=parse_date(page.published, where) or crawled,
                    publisher=usable_text(page.site_name) if page.site_name else None, source_path=where)


def read_html_file(path: Path) -> Document:
    """An .html article: the page's main text and metadata; the id is the file stem."""
    return html_document(_decode(path), _clean_id(path.stem), str(path))


def read_jsonl_line(line: str, path: Path, lineno: int) -> Document:
    """One JSONL record: {"id", "text", "url", "title", "published", "publisher"}; id and text required."""
    where = f"{path}:{lineno}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON ({exc.msg} at column {exc.colno})", str(path), lineno) from None
    except (ValueError, RecursionError) as exc:  # numbers of thousands of digits, very deep nesting
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        raise InputError(f"malformed JSON ({reason})", str(path), lineno) from None
    if not isinstance(record, dict):
        raise InputError("expected a JSON object", str(path), lineno)
    missing = [k for k in ("id", "text") if record.get(k) in (None, "")]
    if missing:
        raise InputError(f"missing {' and '.join(repr(k) for k in missing)}", str(path), lineno)
    if not isinstance(record["text"], str) or not record["text"].strip():
        raise InputError("'text' must be a non-empty string", str(path), lineno)
    if not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool):
        raise InputError(f"'id' must be a string, got {type(record['id']).__name__}", str(path), lineno)
    for key in ("title", "publisher"):
        if record.get(key) not in (None, "") and not isinstance(record[key], str):
            raise InputError(f"{key!r} must be a string, got {type(record[key]).__name__}", str(path), lineno)
    return Document(
        id=_clean_id(str(record["id"])),
        text=_checked_text(record["text"], where),
        title=usable_text(record["title"]) if record.get("title") else None,
        url=_checked_url(record.get("url"), where),
        published=parse_date(record.get("published"), where),
        publisher=usable_text(record["publisher"]) if record.get("publisher") else None,
        source_path=where,
    )


def _url_id(url: str) -> str:
    """An article id for a page of a web archive: its URL without the scheme, made safe, with a
    hash of it (so it is the same in every build and differs between two URLs)."""
    return _clean_id(url.split("://", 1)[-1])


def _compression(path: Path) -> str | None:
    """The compressed-JSONL suffix of ``path`` (``.jsonl.gz``, ...), or None."""
    name = path.name.lower()
    return next((suffix for suffix in COMPRESSED_JSONL if name.endswith(suffix)), None)


def _is_article_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or is_warc(path) or _compression(path) is not None


def _folder_files(folder: Path) -> list[Path]:
    """The article files under ``folder``, at any depth, sorted; README files are not articles."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and _is_article_file(p) and not p.name.upper().startswith("README"))


def _is_pattern(item: str | Path) -> bool:
    """Whether ``item`` is a glob pattern for kgbuild to expand (a quoted ``archive/2024-*/*.jsonl.gz``),
    rather than the name of a file or folder that exists."""
    return isinstance(item, str) and not GLOB_CHARACTERS.isdisjoint(item) and not Path(item).exists()


def _matches(pattern: str) -> list[Path]:
    """The article files a glob pattern names (``**`` matches folders at any depth; a folder it
    matches gives the article files under it), sorted; none is an error naming the pattern."""
    found: set[Path] = set()
    for match in map(Path, glob.iglob(pattern, recursive=True)):
        if match.is_dir():
            found.update(_folder_files(match))
        elif match.is_file() and _is_article_file(match):
            found.add(match)
    if not found:
        raise InputError("no article file matches this pattern", pattern)
    return sorted(found)


def _files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """The article files of ``inputs`` (files, folders and glob patterns), each once, in the order
    given (a folder's and a pattern's files sorted)."""
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if _is_pattern(item):
            paths = _matches(str(item))
        elif path.is_dir():
            paths = _folder_files(path)
        elif path.is_file():
            if not _is_article_file(path):
                raise InputError(f"unsupported file type {path.suffix!r} (use {INPUT_KINDS})", str(path))
            paths = [path]
        else:
            raise InputError("no such file or folder", str(path))
        for found in paths:
            key = found.resolve()
            if key not in seen:  # a file two inputs name (overlapping patterns) is read once
                seen.add(key)
                yield found


def _jsonl_articles(path: Path) -> Iterator[Document | InputError]:
    """The records of a JSONL file, read (and decompressed) line by line.

    A compressed file cut short ends with one error after the articles before the cut, which
    decompress as they were written. A file damaged inside (a checksum or the compressed data
    itself is wrong) is one error and none of its articles is read: the damage shows only at the
    end of a gzip member, so lines before it may already be garbage.
    """
    compression = _compression(path)
    kind, opener = COMPRESSED_JSONL[compression] if compression else ("", open)
    if compression and (damage := _damage(path, opener)):
        yield InputError(f"damaged {kind} file ({damage}); none of its articles is read, as the damage may be "
                         "anywhere in it", str(path))
        return
    lineno = 0
    # utf-8-sig: a byte-order mark is not part of the first line
    with opener(path, "rt", encoding="utf-8-sig") as handle:
        try:
            for lineno, line in enumerate(handle, 1):
                if line.strip():
                    yield _or_error(read_jsonl_line, line, path, lineno)
        except UnicodeDecodeError as exc:
            yield InputError(f"not UTF-8 text (byte {exc.start})", str(path))
        except EOFError as exc:
            yield InputError(f"{kind} file cut short after line {lineno} ({_first_line(exc)}); the articles before "
                             "it are read", str(path))


def _damage(path: Path, opener: Callable) -> str | None:
    """Why the compressed file at ``path`` cannot be trusted (a wrong checksum, data that does not
    decompress, not a compressed file at all), or None when it is whole or only cut short.
    Decompresses the file once, a block at a time, keeping nothing."""
    with opener(path, "rb") as handle:
        try:
            while handle.read(1 << 20):
                pass
        except EOFError:
            return None
        except DAMAGED_COMPRESSION as exc:
            return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:200] or type(exc).__name__


def _archive_articles(path: Path, records: Counter) -> Iterator[Document | InputError]:
    """The pages of a web archive, each with the URL it was fetched from and, when the page
    states no date, the day it was crawled as ``published``."""

    def document(page) -> Document:
        return html_document(page.html, _url_id(page.url), page.where, url=_checked_url(page.url, page.where),
                             crawled=parse_date(page.crawled, page.where))

    for page in archived_pages(path, records):
        yield page if isinstance(page, InputError) else _or_error(document, page)


def _or_error(read: Callable[..., Document], *args) -> Document | InputError:
    try:
        return read(*args)
    except InputError as error:
        return error


def _file_articles(path: Path, records: Counter) -> Iterator[Document | InputError]:
    """The articles of one file, or the error of each that cannot be read; records of a web
    archive that are not pages are counted in ``records`` by reason."""
    try:
        if is_warc(path):
            yield from _archive_articles(path, records)
        elif path.suffix.lower() in JSONL_SUFFIXES or _compression(path):
            yield from _jsonl_articles(path)
        else:
            yield _or_error(read_html_file if path.suffix.lower() in HTML_SUFFIXES else read_text_file, path)
    except OSError as exc:
        yield InputError(exc.strerror or "cannot read", str(path))


def read_documents(
    inputs: Iterable[str | Path],
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    published: dt.date | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[Document]:
    """Yield the articles in ``inputs`` (files, folders or glob patterns such as
    ``archive/2024-*/*.jsonl.gz``, ``**`` for any depth), one at a time, in a stable order.

    A bad article is passed to ``on_error`` and skipped; with ``strict`` it is raised. Articles
    with no publication date of their own get the day their URL carries, else ``published``.
    After each web archive, ``on_note`` gets one line: how many pages were read and how many
    records skipped, and why.
    Missing inputs, patterns that match no article file and unsupported file types always raise.
    """

    def bad(error: InputError) -> None:
        if strict:
            raise error
        if on_error:
            on_error(error)

    seen: set[str] = set()
    for path in _files(inputs):
        records: Counter = Counter()
        read = errors = 0
        for item in _file_articles(path, records):
            if isinstance(item, Document) and item.id in seen:
                item = InputError(f"duplicate article id {item.id!r}", item.source_path)
            if isinstance(item, InputError):
                errors += 1
                bad(item)
                continue
            seen.add(item.id)
            read += 1
            day = item.published or date_in_url(item.url) or published
            yield item if day == item.published else replace(item, published=day)
        if on_note and is_warc(path):
            on_note(_archive_note(path, read, records, errors))


_URL_DAYS = (re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),  # /2025/3/19/
             re.compile(r"(?<![\d])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d])"))  # /2024-06-25-swap


def date_in_url(url: str | None) -> dt.date | None:
    """The day a news page's URL carries in its path ("/2025/3/19/", "-2024-06-25"), which outlets
    set when they publish: the date an article without one of its own is dated by."""
    path = urlsplit(url).path if url else ""
    for pattern in _URL_DAYS:
        if found := pattern.search(path):
            try:
                day = dt.date(*map(int, found.groups()))
            except ValueError:
                continue
            if EARLIEST <= day <= LATEST:
                return day
    return None


def _archive_note(path: Path, read: int, records: Counter, errors: int) -> str:
    reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(records.items()))
    note = f"{path}: {read} pages read, {sum(records.values())} records skipped" + (f" ({reasons})" if reasons else "")
    return note + (f", {errors} errors reported" if errors else "")
