"""Inputs at archive size: glob patterns kgbuild expands itself, and compressed JSONL read line by line."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma

import pytest

from kgbuild.cli import main
from kgbuild.corpus import read_documents
from kgbuild.errors import InputError

from .conftest import EXAMPLES

COMPRESSORS = {".jsonl.gz": gzip.compress, ".jsonl.bz2": bz2.compress, ".jsonl.xz": lzma.compress}


def _records(prefix: str, count: int) -> list[dict]:
    return [{"id": f"{prefix}-{n}", "text": f"Russia and Ukraine exchanged {n + 10} prisoners each.",
             "published": "2025-06-0" + str(1 + n % 9), "publisher": "Example News"} for n in range(count)]


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def _read(*inputs) -> tuple[list, list[str]]:
    errors: list[InputError] = []
    documents = list(read_documents([str(i) for i in inputs], on_error=errors.append))
    return documents, [str(e) for e in errors]


def test_patterns_name_files_at_one_level_or_at_any_depth_with_double_star(tmp_path):
    for month in ("2024-01", "2024-02", "2025-01"):
        (tmp_path / "archive" / month / "deep").mkdir(parents=True)
        (tmp_path / "archive" / month / "day.jsonl.gz").write_bytes(gzip.compress(_jsonl(_records(month, 2))))
        (tmp_path / "archive" / month / "deep" / "late.jsonl").write_bytes(_jsonl(_records(month + "-late", 1)))
        (tmp_path / "archive" / month / "notes.csv").write_text("not an article\n", encoding="utf-8")

    documents, errors = _read(tmp_path / "archive" / "2024-*" / "*.jsonl.gz")
    assert errors == []
    assert [d.id for d in documents] == ["2024-01-0", "2024-01-1", "2024-02-0", "2024-02-1"]

    documents, _ = _read(tmp_path / "archive" / "**" / "*.jsonl")
    assert [d.id for d in documents] == ["2024-01-late-0", "2024-02-late-0", "2025-01-late-0"]

    documents, _ = _read(tmp_path / "archive" / "2025-*")  # a folder a pattern matches gives the files under it
    assert [d.id for d in documents] == ["2025-01-0", "2025-01-1", "2025-01-late-0"]


def test_a_file_two_patterns_name_is_read_once(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(_jsonl(_records("a", 3)))
    documents, errors = _read(tmp_path / "*.jsonl", tmp_path / "a.*", tmp_path / "a.jsonl")
    assert [d.id for d in documents] == ["a-0", "a-1", "a-2"] and errors == []


def test_a_pattern_that_matches_no_article_is_one_line_naming_it(tmp_path, capsys):
    (tmp_path / "notes.csv").write_text("x\n", encoding="utf-8")
    for pattern in (tmp_path / "2031-*" / "*.jsonl.gz", tmp_path / "*.csv"):
        with pytest.raises(InputError, match="no article file matches this pattern") as raised:
            list(read_documents([str(pattern)]))
        assert str(raised.value).startswith(str(pattern))
    pattern = str(tmp_path / "2031-*" / "*.jsonl.gz")
    assert main(["build", pattern, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err == f"kgbuild: error: {pattern}: no article file matches this pattern\n"


def test_a_file_whose_name_looks_like_a_pattern_is_that_file(tmp_path):
    (tmp_path / "[draft].jsonl").write_bytes(_jsonl(_records("draft", 1)))
    documents, errors = _read(tmp_path / "[draft].jsonl")
    assert [d.id for d in documents] == ["draft-0"] and errors == []


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_jsonl_gives_the_articles_of_the_same_jsonl(tmp_path, suffix):
    data = _jsonl(_records("c", 5)).replace(b'"c-0"', b'"c-\\u00e9"')  # and a non-ASCII id
    (tmp_path / "plain.jsonl").write_bytes(b"\xef\xbb\xbf" + data)  # a byte-order mark in both
    (tmp_path / f"packed{suffix}").write_bytes(COMPRESSORS[suffix](b"\xef\xbb\xbf" + data))
    plain, _ = _read(tmp_path / "plain.jsonl")
    packed, errors = _read(tmp_path / f"packed{suffix}")
    assert errors == [] and len(packed) == 5
    assert [(d.id, d.text, d.published, d.publisher) for d in packed] == \
        [(d.id, d.text, d.published, d.publisher) for d in plain]
    assert packed[0].source_path == f"{tmp_path / f'packed{suffix}'}:1"


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_a_cut_short_file_is_one_error_naming_it_after_the_articles_before_the_cut(tmp_path, suffix):
    packed = COMPRESSORS[suffix](_jsonl(_records("g", 20_000)))  # bzip2 gives data 900 kB blocks at a time
    (tmp_path / f"cut{suffix}").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "z-after.jsonl").write_bytes(_jsonl(_records("after", 1)))
    documents, errors = _read(tmp_path)
    assert 100 < len(documents) - 1 < 20_000
    assert [d.id for d in documents[:-1]] == [f"g-{n}" for n in range(len(documents) - 1)]
    assert documents[-1].id == "after-0"  # the next file is read
    [error] = errors
    kind = {".jsonl.gz": "gzip", ".jsonl.bz2": "bzip2", ".jsonl.xz": "xz"}[suffix]
    assert error.startswith(f"{tmp_path / f'cut{suffix}'}: {kind} file cut short after line {len(documents) - 1} (")
    assert error.endswith("; the articles before it are read") and "\n" not in error


@pytest.mark.parametrize("damage", ["not gzip", "flipped bytes", "trailing garbage"])
def test_a_gzip_damaged_inside_is_one_error_naming_it_and_gives_no_garbage_articles(tmp_path, damage):
    packed = bytearray(gzip.compress(_jsonl(_records("g", 2000))))
    if damage == "not gzip":
        packed = bytearray(_jsonl(_records("g", 2000)))
    elif damage == "flipped bytes":  # deflate decodes on, into garbage, until the checksum at the end
        for offset in range(len(packed) // 2, len(packed) // 2 + 8):
            packed[offset] ^= 0xFF
    else:
        packed += b"garbage, not another gzip member"
    (tmp_path / "bad.jsonl.gz").write_bytes(bytes(packed))
    documents, errors = _read(tmp_path / "bad.jsonl.gz")
    assert documents == [] and len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / 'bad.jsonl.gz'}: damaged gzip file (") and "\n" not in errors[0]
    assert errors[0].endswith("none of its articles is read, as the damage may be anywhere in it")
    with pytest.raises(InputError, match="damaged gzip file"):
        list(read_documents([tmp_path / "bad.jsonl.gz"], strict=True))


@pytest.mark.model
def test_a_build_from_jsonl_gz_patterns_equals_the_build_of_the_same_jsonl(nlp, tmp_path, capsys):
    source = (EXAMPLES / "articles.jsonl").read_bytes()
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "articles.jsonl").write_bytes(source)
    (tmp_path / "packed" / "2025" / "06").mkdir(parents=True)
    (tmp_path / "packed" / "2025" / "06" / "articles.jsonl.gz").write_bytes(gzip.compress(source))
    assert main(["build", str(tmp_path / "plain" / "articles.jsonl"), "--out", str(tmp_path / "out-plain"), "-q"]) == 0
    assert main(["build", str(tmp_path / "packed" / "**" / "*.jsonl.gz"), "--out", str(tmp_path / "out-packed"),
                 "-q"]) == 0
    for name in ("graph.trig", "graph.ttl", "validation.ttl"):
        assert (tmp_path / "out-packed" / name).read_bytes() == (tmp_path / "out-plain" / name).read_bytes()


@pytest.mark.model
def test_a_build_keeps_the_articles_before_a_damaged_gzip(nlp, tmp_path, capsys):
    lines = (EXAMPLES / "articles.jsonl").read_bytes().splitlines(keepends=True)
    packed = gzip.compress(b"".join(lines))
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) * 3 // 4])
    assert main(["build", str(tmp_path / "cut.jsonl.gz"), "--out", str(tmp_path / "out"), "--no-validate"]) == 0
    captured = capsys.readouterr()
    [warning] = [line for line in captured.err.splitlines() if "cut short" in line]
    assert warning.startswith(f"kgbuild: warning: skipped {tmp_path / 'cut.jsonl.gz'}: gzip file cut short after line ")
    assert 0 < len(list((tmp_path / "out" / "facts").glob("*.json"))) < len(lines)
