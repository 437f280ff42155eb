"""Readers for real sources read from files: HTML pages, feeds, CSV/TSV, gzip, globs, datelines."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from helpers import ENGLISH, read
from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.ingest.html import html_to_text, looks_like_html
from sitrep.ingest.readers import INPUT_FORMATS, ReadFailure
from sitrep.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def ids(items: list[Article | ReadFailure]) -> list[str]:
    return [i.doc_id if isinstance(i, ReadFailure) else i.id for i in items]


# --- HTML ---


def test_html_page_gives_main_text_title_date_and_url(settings: Settings) -> None:
    (item,) = read([fixture("article.html")], settings, published=dt.date(2020, 1, 1))
    assert isinstance(item, Article)
    assert item.id == "article"
    assert "retook a river crossing near the northern town of Kelvale" in item.text
    assert "aid agencies said around 2,000 people" in item.text.lower()
    # boilerplate is gone
    assert "Sport" not in item.text and "Copyright" not in item.text
    assert item.title == "Troops retake river crossing after two days of clashes"
    assert item.published == dt.date(2024, 3, 5)  # page metadata beats --published
    assert item.url == "https://news.example.org/world/troops-retake-crossing"


def test_html_page_without_text_is_one_clear_failure(settings: Settings) -> None:
    items = read([fixture("no-text.html"), fixture("article.html")], settings)
    assert isinstance(items[0], ReadFailure)
    assert items[0].doc_id == "no-text"
    assert "no extractable article text" in items[0].message
    assert "\n" not in items[0].message
    assert isinstance(items[1], Article)


def test_malformed_html_does_not_crash(settings: Settings) -> None:
    (item,) = read([fixture("malformed.html")], settings)
    assert isinstance(item, Article)
    assert "Police arrested eleven people in the port city" in item.text
    assert "<" not in item.text


@pytest.mark.parametrize(
    "garbage",
    [b"<html>", b"<html><body></body></html>", b"<html>\xff\xfe<<<<>>>>", b"<html" * 2000],
)
def test_garbage_html_becomes_failure_not_exception(settings: Settings, garbage: bytes) -> None:
    (item,) = read(["-"], settings, stdin=io.BytesIO(garbage), input_format="html")
    assert isinstance(item, ReadFailure)


def test_html_on_stdin_is_recognised(settings: Settings) -> None:
    page = (FIXTURES / "article.html").read_bytes()
    (item,) = read([], settings, stdin=io.BytesIO(page))
    assert isinstance(item, Article) and item.id == "stdin"
    assert item.title is not None and "<p>" not in item.text


def test_txt_file_holding_a_saved_page_is_extracted(tmp_path: Path, settings: Settings) -> None:
    saved = tmp_path / "saved.txt"
    shutil.copy(FIXTURES / "article.html", saved)
    (item,) = read([str(saved)], settings)
    assert isinstance(item, Article) and "<article>" not in item.text


def test_looks_like_html() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("\n  <html lang='en'>")
    assert not looks_like_html("Police said <b> was used as a tag name.")
    assert not looks_like_html(ENGLISH)


def test_html_to_text_strips_tags_and_keeps_paragraphs() -> None:
    text = html_to_text("<p>One &amp; two.</p><script>x()</script><p>Three <b>four</b>.</p>")
    assert text == "One & two.\n\nThree four."


# --- feeds ---


def test_rss_entries_become_documents(settings: Settings) -> None:
    items = read([fixture("feed.rss")], settings)
    assert ids(items) == [
        "wire-0001",
        "https://wire.example.org/world/rally",
        "https://wire.example.org/world/port-strike",
    ]
    first, second, third = items
    assert isinstance(first, Article) and isinstance(second, Article)
    # content:encoded wins over the short description
    assert first.text.startswith("The foreign ministers") and '"frank"' in first.text
    assert first.published == dt.date(2024, 3, 4)
    assert first.title == "Ministers meet over border dispute"
    assert first.url == "https://wire.example.org/world/ministers-meet"
    # HTML in the description is stripped
    assert "Police watched" in second.text and "<" not in second.text
    assert second.published == dt.date(2024, 3, 5)
    # no text and fetching is off for files: one line that says how to fetch
    assert isinstance(third, ReadFailure) and "fetch_linked_pages" in third.message


def test_atom_entry_uses_published_not_updated(settings: Settings) -> None:
    (item,) = read([fixture("feed.atom")], settings)
    assert isinstance(item, Article)
    assert item.id == "urn:example:monitor:17"
    assert item.published == dt.date(2024, 2, 10)
    assert item.url == "https://monitor.example.org/17"


def test_feed_file_never_fetches_linked_pages_by_default(settings: Settings) -> None:
    # the linked host does not exist; a fetch attempt would give a download error instead
    items = read([fixture("feed.rss")], settings)
    assert "cannot download" not in items[2].message  # type: ignore[union-attr]


def test_not_xml_feed_is_one_line(settings: Settings) -> None:
    items = read([fixture("not-a-feed.xml"), fixture("feed.atom")], settings)
    assert isinstance(items[0], ReadFailure)
    assert "not an RSS or Atom feed" in items[0].message
    assert "not-a-feed.xml" in items[0].message and "\n" not in items[0].message
    assert isinstance(items[1], Article)


def test_feed_without_entries(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "empty.rss"
    path.write_text('<rss version="2.0"><channel><title>x</title></channel></rss>')
    (item,) = read([str(path)], settings)
    assert isinstance(item, ReadFailure) and "no entries" in item.message


# --- CSV / TSV ---


def test_csv_columns_are_guessed_and_bad_rows_reported(settings: Settings) -> None:
    items = read([fixture("corpus.csv")], settings, published=dt.date(2020, 1, 1))
    assert ids(items) == ["c-1", "c-2", "c-3", "c-4"]
    c1, c2, c3, c4 = items
    assert isinstance(c1, Article) and c1.title == "Curfew declared"
    assert c1.published == dt.date(2024, 1, 17) and c1.url == "https://example.org/c-1"
    assert isinstance(c2, Article) and c2.published == dt.date(2024, 1, 18)
    assert '"could be signed within days"' in c2.text
    assert isinstance(c3, ReadFailure) and "'text' is empty" in c3.message
    assert isinstance(c4, ReadFailure) and "'next week'" in c4.message


def test_csv_mapping_from_settings(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "mapped.csv"
    path.write_text(f'key,words,day\nk1,"{ENGLISH}",2023-06-01\n')
    mapped = settings.with_overrides(
        {"input": {"csv": {"id": "key", "text": "words", "published": "day"}}}
    )
    (item,) = read([str(path)], mapped)
    assert isinstance(item, Article)
    assert (item.id, item.published) == ("k1", dt.date(2023, 6, 1))
    (item,) = read([str(path)], settings)  # no mapping: no text column
    assert isinstance(item, ReadFailure) and "no text column" in item.message


def test_csv_mapping_naming_a_missing_column(settings: Settings) -> None:
    mapped = settings.with_overrides({"input": {"csv": {"text": "article_body"}}})
    (item,) = read([fixture("corpus.csv")], mapped)
    assert isinstance(item, ReadFailure)
    assert "'article_body'" in item.message and "body" in item.message


def test_tsv_with_dateline_and_published_fallback(settings: Settings) -> None:
    items = read([fixture("corpus.tsv")], settings, published=dt.date(2024, 2, 20))
    t1, t2 = items
    assert isinstance(t1, Article) and t1.published == dt.date(2024, 2, 4)
    # "LAGOS, Feb 5 (...) -": no year, so placed on or before --published
    assert isinstance(t2, Article) and t2.published == dt.date(2024, 2, 5)


def test_csv_rows_without_id_are_named_by_file_and_row(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "noid.csv"
    path.write_text(f'text\n"{ENGLISH}"\n"{ENGLISH}"\n')
    assert ids(read([str(path)], settings)) == [f"{path}:2", f"{path}:3"]


def test_broken_csv_quote_stops_with_one_line(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "broken.tsv"
    path.write_bytes(b"id\ttext\na\t" + ENGLISH.encode() + b"\nb\t\xff\xfe bad bytes\n")
    items = read([str(path)], settings)
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ReadFailure) and "not valid UTF-8" in items[1].message


# --- dates ---


def test_date_order_field_then_dateline_then_published(tmp_path: Path, settings: Settings) -> None:
    (item,) = read([fixture("dateline.txt")], settings, published=dt.date(2025, 1, 1))
    assert isinstance(item, Article) and item.published == dt.date(2024, 3, 3)
    line = {"id": "j", "text": "KELVALE, March 3, 2024 (Example News) - " + ENGLISH}
    stream = io.BytesIO(json.dumps({**line, "published": "2024-03-04"}).encode())
    (item,) = read([], settings, stdin=stream)
    assert isinstance(item, Article) and item.published == dt.date(2024, 3, 4)
    (item,) = read([], settings, stdin=io.BytesIO(ENGLISH.encode()), published=dt.date(2021, 5, 5))
    assert isinstance(item, Article) and item.published == dt.date(2021, 5, 5)


def test_dateline_dates_can_be_switched_off(settings: Settings) -> None:
    off = settings.with_overrides({"input": {"dateline_dates": False}})
    (item,) = read([fixture("dateline.txt")], off)
    assert isinstance(item, Article) and item.published is None


# --- gzip, globs, directories ---


def test_gzip_of_each_kind(tmp_path: Path, settings: Settings) -> None:
    for name in ("article.html", "feed.atom", "corpus.tsv"):
        data = (FIXTURES / name).read_bytes()
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(data))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress(ENGLISH.encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(
        gzip.compress(json.dumps({"id": "j1", "text": ENGLISH}).encode() + b"\n")
    )
    names = ["article.html.gz", "feed.atom.gz", "corpus.tsv.gz", "note.txt.gz", "c.jsonl.gz"]
    items = read([str(tmp_path / n) for n in names], settings)
    assert ids(items) == ["article", "urn:example:monitor:17", "t-1", "t-2", "note", "j1"]
    assert all(isinstance(i, Article) for i in items)


def test_bad_gzip_is_one_line(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8bnot really gzip")
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(ENGLISH.encode())[:20])
    items = read([str(tmp_path / "bad.jsonl.gz"), str(tmp_path / "cut.txt.gz")], settings)
    assert len(items) == 2
    assert all(isinstance(i, ReadFailure) and "gzip" in i.message for i in items)


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path, settings: Settings) -> None:
    small = settings.with_overrides({"input": {"max_download_bytes": 1000}})
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"a" * 100_000))
    (item,) = read([str(tmp_path / "big.txt.gz")], small)
    assert isinstance(item, ReadFailure) and "1000 bytes" in item.message


def test_glob_patterns_expand_sorted(tmp_path: Path, settings: Settings) -> None:
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    for name in ("b.txt", "a.txt", "c.md", "sub/d.txt"):
        (news / name).write_text(ENGLISH)
    assert ids(read([str(news / "*.txt")], settings)) == ["a", "b"]
    assert ids(read([str(news / "**" / "*.txt")], settings)) == ["a", "b", "d"]
    (item,) = read([str(news / "*.html")], settings)
    assert isinstance(item, ReadFailure) and "no files match" in item.message


def test_directory_reads_new_formats(tmp_path: Path, settings: Settings) -> None:
    for name in ("article.html", "feed.atom", "corpus.tsv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    assert ids(read([str(tmp_path)], settings)) == [
        "article",
        "t-1",
        "t-2",
        "urn:example:monitor:17",
    ]


# --- formats and settings ---


def test_explicit_formats_on_stdin(settings: Settings) -> None:
    assert {"auto", "text", "jsonl", "html", "feed", "csv", "tsv"} <= set(INPUT_FORMATS)
    feed = (FIXTURES / "feed.atom").read_bytes()
    (item,) = read([], settings, stdin=io.BytesIO(feed), input_format="feed")
    assert isinstance(item, Article) and item.id == "urn:example:monitor:17"
    table = f"id,text\nx,{ENGLISH}\n".encode()
    (item,) = read([], settings, stdin=io.BytesIO(table), input_format="csv")
    assert isinstance(item, Article) and item.id == "x"


def test_bad_input_setting_is_a_config_error(settings: Settings) -> None:
    bad = settings.with_overrides({"input": {"fetch_linked_pages": "sometimes"}})
    with pytest.raises(ConfigError, match="fetch_linked_pages"):
        read([fixture("feed.atom")], bad)
