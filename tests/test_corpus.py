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
    assert doc.id.startswith("swap-one-")  # the space is replaced, and a hash keeps "swap-one.txt" apart
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


def _jsonl(tmp_path, *records, prefix: str = "") -> list:
    path = tmp_path / "in.jsonl"
    path.write_text(prefix + "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
                    encoding="utf-8")
    errors: list[InputError] = []
    return list(read_documents([path], on_error=errors.append)), [str(e) for e in errors]


TEXT = "Russia and Ukraine exchanged 84 prisoners each."


def test_a_byte_order_mark_does_not_cost_the_first_article(tmp_path):
    docs, errors = _jsonl(tmp_path, {"id": "a", "text": TEXT}, {"id": "b", "text": TEXT}, prefix="\ufeff")
    assert [d.id for d in docs] == ["a", "b"] and errors == []


def test_code_points_rdf_tools_reject_are_replaced_in_place(tmp_path):
    bad = TEXT + " \ud800 \ufffe \uffff \x01 \U0010ffff end"
    docs, errors = _jsonl(tmp_path, {"id": "a", "text": bad, "title": "T \udfff", "publisher": "P\x00"})
    [doc] = docs
    assert len(doc.text) == len(bad) and doc.text.endswith(" end")  # offsets are kept
    assert not any(ch in doc.text + doc.title + doc.publisher for ch in "\ud800\udfff\ufffe\uffff\x01\x00\U0010ffff")
    doc.text.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize("record, message", [
    ({"id": "a", "text": TEXT, "title": 42}, "'title' must be a string"),
    ({"id": "a", "text": TEXT, "publisher": ["x"]}, "'publisher' must be a string"),
    ({"id": "a", "text": TEXT, "url": 12345}, "'url' must be a string"),
    ({"id": "a", "text": TEXT, "url": "not a url"}, "'url' must be an absolute http(s) URL"),
    ({"id": "a", "text": TEXT, "url": "http://[ex.org"}, "'url' must be an absolute http(s) URL"),
    ({"id": {"x": 1}, "text": TEXT}, "'id' must be a string"),
    ({"id": "a", "text": TEXT, "published": "0001-01-01"}, "is not between"),
    ({"id": "a", "text": TEXT, "published": "9999-12-31"}, "is not between"),
    ('{"id": "a", "text": "x", "n": ' + "1" * 5000 + "}", "malformed JSON"),
    ("[" * 100_000 + "]" * 100_000, "malformed JSON (nested too deeply)"),
    ({"id": "a", "text": "x" * 1_000_001}, "longer than the 1,000,000"),
])
def test_a_bad_field_is_one_line_naming_the_line(tmp_path, record, message):
    docs, errors = _jsonl(tmp_path, record, {"id": "ok", "text": TEXT})
    assert [d.id for d in docs] == ["ok"]
    assert len(errors) == 1 and message in errors[0] and ":1:" in errors[0] and "\n" not in errors[0]


def test_urls_that_are_only_badly_escaped_are_kept(tmp_path):
    docs, errors = _jsonl(tmp_path, {"id": "a", "text": TEXT, "url": "http://ex.org/%zz"},
                          {"id": "b", "text": TEXT, "url": "http://ex.org/a#b#c"}, {"id": 7, "text": TEXT})
    assert [d.id for d in docs] == ["a", "b", "7"] and errors == []


def test_ids_become_safe_distinct_file_names(tmp_path):
    ids = [".", "..", "../x", "x" * 300, "статья", "новость", "a b", "a/b", "a-b"]
    docs, errors = _jsonl(tmp_path, *({"id": i, "text": TEXT} for i in ids))
    assert errors == [] and len({d.id for d in docs}) == len(ids)
    by_raw = dict(zip(ids, (d.id for d in docs)))
    assert by_raw["статья"] == "статья" and by_raw["a-b"] == "a-b"  # letters of any script are kept
    for doc in docs:
        assert "/" not in doc.id and not doc.id.startswith(".") and 0 < len(doc.id) <= 120


FRONT_MATTER = """---
published: 2025-07-24
title: "Sides swap prisoners"
url: https://example.org/news/swap
source: Example News
tags:
  - exchanges
---

Headline kept in the text

Kyiv and Moscow exchanged 250 prisoners each on Thursday.
"""


@pytest.mark.parametrize("name", ["swap.txt", "swap.md"])
def test_front_matter_gives_metadata_and_is_not_text(tmp_path, name):
    (tmp_path / name).write_text(FRONT_MATTER, encoding="utf-8")
    [doc] = read_documents([tmp_path], strict=True)
    assert (doc.published, doc.title, doc.url, doc.publisher) == (
        dt.date(2025, 7, 24), "Sides swap prisoners", "https://example.org/news/swap", "Example News")
    assert doc.text == FRONT_MATTER.split("---\n\n", 1)[1]
    assert "---" not in doc.text and "published" not in doc.text


@pytest.mark.parametrize("line, message", [
    ("published: 24 July 2025", "'published' must be a date YYYY-MM-DD, got '24 July 2025'"),
    ("published: 2025-02-30", "'published' must be a date YYYY-MM-DD"),
    ("published: 0999-01-01", "is not between"),
    ("url: example.org/news", "'url' must be an absolute http(s) URL"),
])
def test_a_bad_front_matter_value_is_one_line_naming_file_and_line_and_skipped(tmp_path, line, message):
    (tmp_path / "bad.md").write_text(f"---\ntitle: T\n{line}\n---\nText.\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Text.", encoding="utf-8")
    errors: list[InputError] = []
    assert [d.id for d in read_documents([tmp_path], on_error=errors.append)] == ["good"]
    assert len(errors) == 1 and str(errors[0]).startswith(f"{tmp_path / 'bad.md'}:3: ") and message in str(errors[0])
    assert "\n" not in str(errors[0])


def test_a_leading_rule_without_a_closing_one_is_text(tmp_path):
    text = "---\npublished: not front matter\n\nThe talks ended.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    [doc] = read_documents([tmp_path], strict=True)
    assert doc.text == text and doc.published is None


def test_published_dates_the_articles_that_have_no_date_of_their_own(tmp_path):
    (tmp_path / "undated.txt").write_text("The sides swapped prisoners on Monday.", encoding="utf-8")
    (tmp_path / "dated.md").write_text("---\npublished: 2024-01-02\n---\nText.", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><meta property='article:published_time' content='2023-03-04T10:00:00Z'></head>"
        "<body><p>Text of the page.</p></body></html>", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"id": "j1", "text": "T", "published": "2022-05-06"}\n{"id": "j2", "text": "T"}\n',
                                      encoding="utf-8")
    default = dt.date(2025, 6, 11)
    dates = {d.id: d.published for d in read_documents([tmp_path], strict=True, published=default)}
    assert dates == {"undated": default, "dated": dt.date(2024, 1, 2), "page": dt.date(2023, 3, 4),
                     "j1": dt.date(2022, 5, 6), "j2": default}
    assert {d.id: d.published for d in read_documents([tmp_path / "undated.txt"])} == {"undated": None}


def test_an_undated_article_takes_the_day_its_url_carries(tmp_path):
    records = [{"id": "path", "text": "T", "url": "https://news.example/world/2025/3/19/sides-swap-prisoners"},
               {"id": "slug", "text": "T", "url": "https://news.example/swap-2024-06-25-details"},
               {"id": "own", "text": "T", "url": "https://news.example/2025/3/19/x", "published": "2025-03-20"},
               {"id": "none", "text": "T", "url": "https://news.example/news/707063/swap"},
               {"id": "impossible", "text": "T", "url": "https://news.example/2025/13/40/x"}]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    default = dt.date(2026, 1, 1)
    dates = {d.id: d.published for d in read_documents([tmp_path], strict=True, published=default)}
    assert dates == {"path": dt.date(2025, 3, 19), "slug": dt.date(2024, 6, 25), "own": dt.date(2025, 3, 20),
                     "none": default, "impossible": default}
