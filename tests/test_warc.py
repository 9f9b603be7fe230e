"""Web archives: the HTML pages of a WARC file, each with its URL and date, read record by record."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import socket

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kgbuild.cli import main
from kgbuild.corpus import read_documents
from kgbuild.errors import InputError

from .webpage_fixtures import PAGE_FILES, PAGES, TWINS, built_facts, without_event_ids

CRAWLED = "2025-08-01T09:30:00Z"
# A page that states no date of its own: it is dated by the crawl.
UNDATED_PAGE = ("<html><head><title>Remains returned</title></head><body><article>"
                + "".join(f"<p>{sentence}</p>" for sentence in [
                    "Ukraine received the bodies of 1,000 people on Thursday and returned 19 bodies to Russia, "
                    "officials in Kyiv said.",
                    "Forensic experts will now work to identify the remains, a task that can take many months.",
                    "The handover was carried out with the help of the International Committee of the Red Cross."])
                + "</article></body></html>")


def _url(page) -> str:
    return f"https://news.example.org/{page.stem}"


def _write_archive(path, pages: list[tuple[str, str, str, bytes]]) -> None:
    """A web archive of a crawl: a warcinfo record, then a request and a response per page
    (URL, status line, content type, body), as crawlers write them."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kgbuild tests"}))
        for url, status, content_type, body in pages:
            request = StatusAndHeaders(f"GET /{url.rsplit('/', 1)[-1]} HTTP/1.1", [("Host", "news.example.org")],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request,
                                                          warc_headers_dict={"WARC-Date": CRAWLED}))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers, warc_headers_dict={"WARC-Date": CRAWLED}))


def _crawl() -> list[tuple[str, str, str, bytes]]:
    """The fixture pages (one of them in another encoding, as its header declares), a page with
    no date, a page that was not found, an image and a redirect."""
    pages = [(_url(p), "200 OK", "text/html; charset=utf-8", p.read_bytes()) for p in PAGE_FILES]
    pages[0] = (pages[0][0], "200 OK", "text/html; charset=utf-16", PAGE_FILES[0].read_text(encoding="utf-8").encode("utf-16"))
    return pages + [
        ("https://news.example.org/remains", "200 OK", "text/html", UNDATED_PAGE.encode()),
        ("https://news.example.org/gone", "404 Not Found", "text/html", b"<html><body><p>Page not found.</p></body></html>"),
        ("https://news.example.org/photo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("https://news.example.org/old", "301 Moved Permanently", "text/html", b""),
    ]


def _read(path) -> tuple[list, list[str], list[str]]:
    errors: list[InputError] = []
    notes: list[str] = []
    documents = list(read_documents([path], on_error=errors.append, on_note=notes.append))
    return documents, [str(e) for e in errors], notes


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_an_archive_gives_its_html_pages_with_url_and_date_and_counts_the_rest(tmp_path, name):
    crawl = _crawl()
    _write_archive(tmp_path / name, crawl)
    documents, errors, notes = _read(tmp_path / name)
    assert errors == []
    assert [d.url for d in documents] == [url for url, *_ in crawl[:4]]
    twins = {p.stem: next(read_documents([TWINS / f"{p.stem}.txt"])) for p in PAGE_FILES}
    assert [d.published for d in documents] == [twins[p.stem].published for p in PAGE_FILES] + [dt.date(2025, 8, 1)]
    assert [d.text for d in documents[:3]] == [twins[p.stem].text.strip() for p in PAGE_FILES]
    ids = [d.id for d in documents]
    assert len(set(ids)) == len(ids) and all("news.example.org" in i for i in ids)
    assert ids == [d.id for d in _read(tmp_path / name)[0]]  # the same in every build
    # warcinfo and a request per page are not responses; 404 and 301 are not 200; the image is not HTML
    assert notes == [f"{tmp_path / name}: 4 pages read, {1 + len(crawl) + 3} records skipped "
                     f"(2 not 200, 1 not HTML, {1 + len(crawl)} not a response)"]


def test_a_folder_holds_archives_next_to_other_articles(tmp_path):
    _write_archive(tmp_path / "crawl.warc.gz", _crawl()[:1])
    (tmp_path / "note.txt").write_text("Kyiv said 12 civilians were returned.", encoding="utf-8")
    (tmp_path / "other.gz").write_bytes(gzip.compress(b"not an archive"))
    documents, errors, _ = _read(tmp_path)
    assert errors == [] and len(documents) == 2 and documents[1].id == "note"


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_truncated_archive_is_one_error_and_the_pages_before_it_are_read(tmp_path, name):
    whole = tmp_path / f"whole-{name}"
    _write_archive(whole, _crawl())
    with whole.open("rb") as handle:
        archive = ArchiveIterator(handle)
        responses = [(archive.get_record_offset(), archive.get_record_length())
                     for record in archive if record.rec_type == "response"]
    offset, length = responses[2]  # the third page
    (tmp_path / name).write_bytes(whole.read_bytes()[:offset + length // 2])
    documents, errors, notes = _read(tmp_path / name)
    assert [d.url for d in documents] == [url for url, *_ in _crawl()[:2]]
    assert len(errors) == 1 and errors[0].startswith(f"{tmp_path / name}: damaged web archive after") and "\n" not in errors[0]
    assert notes[0].startswith(f"{tmp_path / name}: 2 pages read")


def test_a_file_that_is_no_archive_is_one_error(tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(b"<html><body><p>Not a WARC.</p></body></html>"))
    (tmp_path / "raw.warc").write_bytes(bytes(range(256)) * 4)
    documents, errors, _ = _read(tmp_path)
    assert documents == [] and len(errors) == 2
    assert all("damaged web archive" in e and "\n" not in e for e in errors)


def test_reading_pages_and_archives_opens_no_connection(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    _write_archive(tmp_path / "crawl.warc.gz", _crawl())
    documents, errors, _ = _read(tmp_path)
    assert len(documents) == 4 and errors == []
    assert len(list(read_documents([PAGES], strict=True))) == len(PAGE_FILES)


@pytest.mark.model
def test_an_archive_builds_the_facts_its_pages_give_as_html_files(nlp, tmp_path, capsys):
    _write_archive(tmp_path / "crawl.warc.gz", _crawl()[:3])
    out = tmp_path / "out"
    assert main(["build", str(tmp_path / "crawl.warc.gz"), "--out", str(out), "--no-validate"]) == 0
    assert f"kgbuild: {tmp_path / 'crawl.warc.gz'}: 3 pages read" in capsys.readouterr().err
    from_archive = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "facts").glob("*.json"))]
    from_files = built_facts([PAGES], nlp)
    assert len(from_archive) == len(from_files) == 3
    def comparable(facts) -> list[str]:
        return sorted(json.dumps(without_event_ids(f), sort_keys=True) for f in facts)

    assert comparable(from_archive) == comparable(from_files.values())
