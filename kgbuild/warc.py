"""The HTML pages of a web archive (.warc, .warc.gz: the format news crawls are stored in), read
record by record with warcio, so an archive of any size is never held in memory.

Only the responses a reader would have seen as a page are kept: HTTP 200 with an HTML body. The
other records (requests, metadata, redirects, errors, images, scripts) are counted by reason.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_PAGE_BYTES = 20_000_000  # a bigger "page" is not an article; reading it would cost memory for nothing
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ArchivedPage:
    """One HTML response of an archive: where it was fetched from, when, and the page."""

    url: str
    crawled: str | None  # the WARC-Date, an ISO 8601 timestamp
    html: str
    where: str  # the archive and the URL, for messages


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def archived_pages(path: Path, skipped: Counter) -> Iterator[ArchivedPage | InputError]:
    """The HTML pages of the archive at ``path`` in archive order, or the error of a page that
    cannot be read; every other record is counted in ``skipped`` under its reason. A damaged
    archive (cut short, or not an archive) ends with an :class:`InputError` after the pages
    before the damage."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class Records(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning over several lines of stderr; the one-line error below says it

    records = 0
    with path.open("rb") as handle:
        try:
            archive = Records(handle)
            for record in archive:
                item = _page(record, path)
                archive.read_to_end()
                if record.length is None or getattr(record.raw_stream, "limit", 0) or archive.err_count:
                    raise EOFError("a record is cut short, or longer than its Content-Length says")
                records += 1
                if isinstance(item, str):
                    skipped[item] += 1
                else:
                    yield item
            # warcio ends quietly where a record's headers are cut short: what follows the last whole record must be blank
            if not _blank_from(handle, archive.offset):
                raise EOFError("the archive ends inside a record, or holds something else")
        except Exception as exc:  # noqa: BLE001 -- whatever warcio raises on a damaged archive: the pages before it are read
            first_line = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
            reason = first_line if isinstance(exc, (ArchiveLoadFailed, EOFError)) else f"{type(exc).__name__}: {first_line}"
            yield InputError(f"damaged web archive after {records} records ({reason[:200]}); "
                             "the pages before it are read", str(path))


def _page(record, path: Path) -> ArchivedPage | InputError | str:
    """The page of a record, the error of a page that cannot be read, or why the record is no page."""
    reason = _not_a_page(record)
    if reason:
        return reason
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    where = f"{path} ({url})"
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        return InputError(f"page of more than {MAX_PAGE_BYTES:,} bytes, not an article", where)
    return ArchivedPage(url, record.rec_headers.get_header("WARC-Date"),
                        body.decode(_charset(record.http_headers.get_header("Content-Type")), "replace"), where)


def _blank_from(handle: BinaryIO, offset: int) -> bool:
    """Whether the file holds nothing but whitespace from ``offset`` on (read a block at a time)."""
    handle.seek(offset)
    while block := handle.read(1 << 16):
        if block.strip():
            return False
    return True


def _not_a_page(record) -> str | None:
    """Why ``record`` is not an HTML page a reader saw, or None when it is one."""
    if record.rec_type != "response" or record.http_headers is None:
        return "not a response"
    if record.http_headers.get_statuscode() != "200":
        return "not 200"
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return "not HTML"
    return None


def _charset(content_type: str | None) -> str:
    """The encoding the response declares, if Python knows it, else UTF-8."""
    match = _CHARSET.search(content_type or "")
    if match:
        try:
            return codecs.lookup(match[1]).name
        except LookupError:
            pass
    return "utf-8"
