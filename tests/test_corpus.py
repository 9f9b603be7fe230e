"""Article readers: formats, metadata, and clear errors for bad input."""

import datetime as dt
import json

import pytest

from kgbuild.corpus import read_documents
from kgbuild.errors import InputError


def test_txt_title_and_id(tmp_path):
    path = tmp_path / "swap one.txt"
    path.write_text("Sides swap prisoners\n\nThe two sides exchanged 50 prisoners each on Monday.\n", encoding="utf-8")
    [doc] = read_documents([tmp_path])
    assert doc.id == "swap-one"
    assert doc.title == "Sides swap prisoners"
    assert doc.text.startswith("Sides swap prisoners")  # offsets stay relative to the whole file


def test_txt_without_title(tmp_path):
    (tmp_path / "a.md").write_text("One line.\nAnother line.\n", encoding="utf-8")
    [doc] = read_documents([tmp_path])
    assert doc.title is None


def test_html_drops_scripts_and_keeps_title(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Talks end</title><style>p{color:red}</style></head>"
        "<body><script>var secret = 1;</script><p>The delegations met in Geneva.</p></body></html>", encoding="utf-8")
    [doc] = read_documents([tmp_path])
    assert doc.title == "Talks end"
    assert "Geneva" in doc.text and "secret" not in doc.text and "color" not in doc.text


def test_jsonl_metadata(tmp_path):
    record = {"id": "x1", "text": "Kyiv and Moscow swapped 90 prisoners.", "url": "https://example.org/x1",
              "title": "Swap", "published": "2025-06-11", "publisher": "Example News"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    [doc] = read_documents([tmp_path / "a.jsonl"])
    assert doc.published == dt.date(2025, 6, 11)
    assert (doc.url, doc.publisher, doc.title) == ("https://example.org/x1", "Example News", "Swap")


def test_bad_articles_are_reported_with_file_and_line_and_skipped(tmp_path):
    lines = ['{"id": "ok", "text": "Fine."}', "{not json", '{"id": "no-text"}', '{"id": "d", "text": "t", "published": "June"}']
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    errors = []
    docs = list(read_documents([tmp_path], on_error=errors.append))
    assert [d.id for d in docs] == ["ok"]
    messages = sorted(str(e) for e in errors)
    assert any("a.jsonl:2: malformed JSON" in m for m in messages)
    assert any("a.jsonl:3: missing 'text'" in m for m in messages)
    assert any("a.jsonl:4:" in m and "YYYY-MM-DD" in m for m in messages)
    assert any("empty.txt: empty article" in m for m in messages)
    assert any("bin.txt: binary file" in m for m in messages)
    assert any("latin.txt: not UTF-8" in m for m in messages)


def test_strict_makes_a_bad_article_fatal(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "x"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"a.jsonl:2"):
        list(read_documents([tmp_path], strict=True))


def test_missing_input_and_unknown_type(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_documents([tmp_path / "nope"]))
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported file type"):
        list(read_documents([tmp_path / "a.pdf"]))


def test_duplicate_ids_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "a", "text": "Second."}\n', encoding="utf-8")
    errors = []
    docs = list(read_documents([tmp_path], on_error=errors.append))
    assert len(docs) == 1 and "duplicate article id" in str(errors[0])


def test_content_hash_changes_with_text():
    from kgbuild.corpus import Document

    assert Document("a", "x").content_hash != Document("a", "y").content_hash
    assert Document("a", "x").content_hash == Document("a", "x").content_hash


def test_readme_in_a_folder_is_not_an_article(tmp_path):
    (tmp_path / "README.md").write_text("# About these articles\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Article.", encoding="utf-8")
    assert [d.id for d in read_documents([tmp_path])] == ["a"]
