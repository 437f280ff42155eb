"""Bad input: each problem gets one clear line naming the document, and the others still run."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from helpers import ENGLISH, read
from sitrep.config import Settings
from sitrep.ingest.readers import ReadFailure, check_text
from sitrep.model import Article


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_text_file_becomes_article_named_by_stem(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "report-1.txt", ENGLISH.encode())
    (item,) = read([path], settings, published=dt.date(2024, 5, 1))
    assert isinstance(item, Article)
    assert item.id == "report-1"
    assert item.published == dt.date(2024, 5, 1)
    assert item.text == ENGLISH


@pytest.mark.parametrize(
    ("name", "data", "code_words"),
    [
        ("empty.txt", b"   \n\n", "is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        ("latin1.txt", "Le président a déclaré".encode("latin-1"), "not valid UTF-8"),
        (
            "french.txt",
            (
                "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir "
                "les agriculteurs touchés par la sécheresse dans le sud du pays, selon un "
                "communiqué publié par le ministère de l'Agriculture après une réunion avec "
                "les syndicats du secteur."
            ).encode(),
            "English",
        ),
        (
            "arabic.txt",
            ("قالت الحكومة العراقية إن القوات الأمنية اعتقلت عشرة أشخاص " * 5).encode(),
            "English",
        ),
    ],
)
def test_bad_text_gets_one_line_naming_the_document(
    tmp_path: Path, settings: Settings, name: str, data: bytes, code_words: str
) -> None:
    good = write(tmp_path, "good.txt", ENGLISH.encode())
    bad = write(tmp_path, name, data)
    items = read([bad, good], settings)
    assert isinstance(items[0], ReadFailure)
    assert code_words in items[0].message
    assert Path(name).stem in items[0].message
    assert "\n" not in items[0].message
    assert isinstance(items[1], Article)


def test_huge_text_is_refused_with_the_limit(tmp_path: Path, settings: Settings) -> None:
    big = write(tmp_path, "huge.txt", ((ENGLISH + "\n") * 30_000).encode())  # about 5 MB
    (item,) = read([big], settings)
    assert isinstance(item, ReadFailure)
    assert "exceeds the limit" in item.message and "max_chars" in item.message


def test_missing_path_is_reported_and_run_goes_on(tmp_path: Path, settings: Settings) -> None:
    good = write(tmp_path, "good.txt", ENGLISH.encode())
    items = read([str(tmp_path / "nope.txt"), good], settings)
    assert isinstance(items[0], ReadFailure) and "no such file" in items[0].message
    assert isinstance(items[1], Article)


def test_jsonl_malformed_lines_do_not_stop_the_rest(tmp_path: Path, settings: Settings) -> None:
    lines = [
        json.dumps({"id": "a", "text": ENGLISH, "published": "2023-02-01"}),
        "{not json",
        "[1, 2]",
        '{"id": "b"}',
        json.dumps({"id": "c", "text": ENGLISH, "published": "yesterday"}),
        json.dumps({"id": "d", "text": ENGLISH, "title": "T", "extra": 1}),
    ]
    path = write(tmp_path, "corpus.jsonl", "\n".join(lines).encode())
    items = read([path], settings, published=dt.date(2020, 1, 1))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article"] + ["ReadFailure"] * 4 + ["Article"]
    assert items[0].published == dt.date(2023, 2, 1)
    assert isinstance(items[1], ReadFailure) and items[1].doc_id.endswith("corpus.jsonl:2")
    assert isinstance(items[3], ReadFailure) and "'text' is missing" in items[3].message
    assert isinstance(items[4], ReadFailure) and "published" in items[4].message
    last = items[5]
    assert isinstance(last, Article) and last.title == "T" and last.published == dt.date(2020, 1, 1)


def test_stdin_auto_detects_jsonl_and_text(settings: Settings) -> None:
    stream = io.BytesIO(b'{"id": "x", "text": "' + ENGLISH.encode() + b'"}\n')
    (item,) = read([], settings, stdin=stream)
    assert isinstance(item, Article) and item.id == "x"
    (item,) = read(["-"], settings, stdin=io.BytesIO(ENGLISH.encode()))
    assert isinstance(item, Article) and item.id == "stdin"


def test_directory_reads_text_files_sorted(tmp_path: Path, settings: Settings) -> None:
    for name in ("b.txt", "a.txt", "ignored.bin"):
        write(tmp_path, name, ENGLISH.encode())
    items = read([str(tmp_path)], settings)
    assert [i.doc_id if isinstance(i, ReadFailure) else i.id for i in items] == ["a", "b"]


def test_check_text_accepts_english(settings: Settings) -> None:
    assert check_text("x", ENGLISH, settings=settings) is None
