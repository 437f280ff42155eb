"""Sources -> Articles: files, directories, globs, gzip, standard input and http(s) addresses.

Formats: plain text, JSONL, HTML pages (html.py), RSS/Atom feeds (feeds.py) and CSV/TSV tables
(tables.py); sources.py says which one a source is, urls.py downloads. Every document that cannot
be read becomes a `ReadFailure` naming the document and the fix; the caller reports it and goes
on with the others. The checks on text and the order of publication dates live in documents.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import DocumentError, Messages
from ..jsonl import split_lines
from .documents import (
    Item,
    ReadFailure,
    check_text,
    decode,
    failure,
    make_item,
    parse_date,
)
from .options import InputOptions
from .sources import (
    GZIP_MAGIC,
    JSONL_SUFFIXES,
    KINDS,
    LINE_KINDS,
    TEXT_SUFFIXES,
    LineStream,
    doc_stem,
    expand,
    gunzip,
    kind_of_media,
    kind_of_name,
    media_is_readable,
    readable_suffix,
    sniff_kind,
)
from .urls import fetch, is_url

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "INPUT_FORMATS",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "Item",
    "ReadFailure",
    "check_text",
    "decode",
    "parse_date",
    "read_documents",
    "read_jsonl_lines",
]

logger = logging.getLogger(__name__)

INPUT_FORMATS = ("auto", *KINDS)
STDIN_NAMES = ("-",)


@dataclass(frozen=True, slots=True)
class _Run:
    """What every reader of one run needs: the settings, their [input] view, the flags."""

    settings: Settings
    options: InputOptions
    input_format: str
    published: dt.date | None


def read_jsonl_lines(
    lines: Iterable[str], *, name: str, settings: Settings, published: dt.date | None
) -> Iterator[Item]:
    """One document per JSON line; malformed lines become failures and the rest go on."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield failure(Messages.E106, where, reason=e.msg)
            continue
        if not isinstance(obj, dict):
            yield failure(Messages.E106, where, reason=f"got {type(obj).__name__}")
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if raw_id not in (None, "") else where
        text = obj.get("text")
        if not isinstance(text, str):
            problem = "is missing" if text is None else "must be a string"
            yield failure(Messages.E108, doc_id, field="text", problem=problem)
            continue
        try:
            own = parse_date(obj.get("published"))
        except ValueError:
            bad = f"is {obj.get('published')!r}, not a date YYYY-MM-DD"
            yield failure(Messages.E108, doc_id, field="published", problem=bad)
            continue
        title, url = obj.get("title"), obj.get("url")
        yield make_item(
            doc_id,
            text,
            settings=settings,
            own=own,
            fallback=published,
            title=title if isinstance(title, str) else None,
            url=url if isinstance(url, str) else None,
        )


def _read_lines(name: str, lines: Iterable[str], kind: str, run: _Run) -> Iterator[Item]:
    """The documents of a many-document source given as decoded lines."""
    if kind == "jsonl":
        yield from read_jsonl_lines(
            lines, name=name, settings=run.settings, published=run.published
        )
        return
    from .tables import read_table

    yield from read_table(
        name,
        lines,
        delimiter="\t" if kind == "tsv" else ",",
        settings=run.settings,
        settings_columns=run.options.csv_columns or {},
        published=run.published,
    )


def _read_bytes(
    name: str,
    doc_id: str,
    data: bytes,
    run: _Run,
    *,
    kind: str | None,
    from_url: bool = False,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Item]:
    """The documents in one source's bytes. `kind` None: decide from the bytes themselves."""
    if data.startswith(GZIP_MAGIC):
        unpacked = gunzip(name, data, limit=run.options.max_download_bytes)
        if isinstance(unpacked, ReadFailure):
            yield unpacked
            return
        data = unpacked
    if kind == "feed":
        yield from _read_feed(name, data, run, from_url=from_url)
        return
    text = decode(doc_id, data, charset or "utf-8-sig")
    if kind == "html":
        from .html import read_html

        # Undecodable HTML goes to trafilatura as bytes: it guesses the page's encoding.
        page = data if isinstance(text, ReadFailure) else text
        yield read_html(doc_id, page, settings=run.settings, published=run.published, url=url)
        return
    if isinstance(text, ReadFailure):
        yield text
        return
    if kind is None:
        kind = sniff_kind(text, allow_jsonl=True)
        if kind in ("feed", "html"):
            yield from _read_bytes(
                name, doc_id, data, run, kind=kind, from_url=from_url, url=url, charset=charset
            )
            return
    if kind in LINE_KINDS:
        yield from _read_lines(name, split_lines(text), kind, run)
        return
    yield make_item(doc_id, text, settings=run.settings, own=None, fallback=run.published, url=url)


def _read_feed(name: str, data: bytes, run: _Run, *, from_url: bool) -> Iterator[Item]:
    from .feeds import read_feed

    linked = None
    if run.options.fetch_linked(from_url=from_url):

        def linked(link: str) -> Item:
            return _read_linked_page(link, run)

    yield from read_feed(
        name,
        data,
        settings=run.settings,
        published=run.published,
        min_chars=run.options.linked_page_min_chars,
        read_linked=linked,
    )


def _read_linked_page(link: str, run: _Run) -> Item:
    """The article on a page a feed entry links to: always read as HTML, never as a feed."""
    from .html import read_html

    try:
        download = fetch(link, options=run.options)
    except DocumentError as e:
        return ReadFailure(link, e.message)
    text = decode(link, download.data, download.charset or "utf-8-sig")
    page = download.data if isinstance(text, ReadFailure) else text
    return read_html(
        link, page, settings=run.settings, published=None, url=download.final_url or link
    )


def read_url(url: str, run: _Run) -> Iterator[Item]:
    """The documents at one http(s) address: a page, a feed, a text, a JSONL or CSV corpus."""
    try:
        download = fetch(url, options=run.options)
    except DocumentError as e:
        yield ReadFailure(url, e.message)
        return
    kind: str | None = None
    if run.input_format != "auto":
        kind = run.input_format
    elif not media_is_readable(download.content_type):
        yield failure(Messages.E465, url, content_type=download.content_type)
        return
    else:
        kind = kind_of_media(download.content_type, download.final_url)
    yield from _read_bytes(
        url,
        url,
        download.data,
        run,
        kind=kind,
        from_url=True,
        url=download.final_url,
        charset=download.charset,
    )


def read_stream(stream: IO[bytes], *, name: str, run: _Run) -> Iterator[Item]:
    """Read standard input (or any byte stream): one document, a feed, or a corpus."""
    if run.input_format == "jsonl":
        # Line by line, so a long JSONL stream is annotated as it arrives.
        for lineno, raw in enumerate(stream, 1):
            text = decode(f"{name}:{lineno}", raw)
            if isinstance(text, ReadFailure):
                yield text
                continue
            yield from read_jsonl_lines(
                [text], name=f"{name}:{lineno}", settings=run.settings, published=run.published
            )
        return
    kind = None if run.input_format == "auto" else run.input_format
    yield from _read_bytes(name, name, stream.read(), run, kind=kind)


def read_path(path: Path, run: _Run) -> Iterator[Item]:
    """Read one file, or every readable file under a directory (sorted), into documents."""
    name = str(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and readable_suffix(p))
        for child in files:
            yield from read_path(child, run)
        return
    if not path.exists():
        yield failure(Messages.E107, name)
        return
    kind = kind_of_name(name) if run.input_format == "auto" else run.input_format
    if kind in LINE_KINDS:
        lines = LineStream.of_path(path)
        yield from _read_lines(name, lines, kind, run)
        if lines.failure is not None:
            yield lines.failure
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield failure(Messages.E109, name, reason=e.strerror)
        return
    if run.input_format == "auto" and kind in ("text", None):
        # A .txt file may still be a saved web page or feed; let its first bytes decide.
        head = data[:4096].decode("utf-8", errors="ignore")
        kind = sniff_kind(head, allow_jsonl=kind is None)
    # One document per file is named by its stem; a feed's entries by the feed's path.
    yield from _read_bytes(name, doc_stem(path), data, run, kind=kind)


def read_documents(
    paths: Iterable[str],
    *,
    input_format: str = "auto",
    published: dt.date | None = None,
    settings: Settings,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """Every document named by `paths` (no paths or "-": standard input), in order.

    A path may be a file, a directory, a glob pattern ("news/*.txt", "**" recurses), a
    gzip-compressed file of any format, or an http(s) address. Yields an `Article` for each
    readable document and a `ReadFailure` for each that is not. Raises ValueError for an unknown
    `input_format` and ConfigError for invalid [input] settings, before reading anything.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input format must be one of {', '.join(INPUT_FORMATS)}")
    run = _Run(
        settings=settings,
        options=InputOptions.from_settings(settings),
        input_format=input_format,
        published=published,
    )
    return _warn_on_duplicate_ids(_read_all(list(paths) or ["-"], run, stdin))


def _warn_on_duplicate_ids(items: Iterator[Item]) -> Iterator[Item]:
    # Ids are the caller's labels, not keys: both documents are annotated (one output line each,
    # in order) and the store keys documents by their text. A repeated id is usually a mistake in
    # the corpus, so say so once per id rather than silently emit two lines with one doc_id.
    seen: set[str] = set()
    warned: set[str] = set()
    for item in items:
        doc_id = item.doc_id if isinstance(item, ReadFailure) else item.id
        if doc_id in seen and doc_id not in warned:
            warned.add(doc_id)
            logger.warning(
                "%s: id used by an earlier document too; both are processed and output lines "
                "share the id. Give each document its own id.",
                doc_id,
            )
        seen.add(doc_id)
        yield item


def _read_all(names: list[str], run: _Run, stdin: IO[bytes] | None) -> Iterator[Item]:
    for name in names:
        if name in STDIN_NAMES:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(stream, name="stdin", run=run)
        elif is_url(name):
            yield from read_url(name, run)
        else:
            found = expand(name)
            if isinstance(found, ReadFailure):
                yield found
                continue
            for path in found:
                yield from read_path(path, run)
