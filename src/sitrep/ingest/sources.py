"""Naming the inputs: which format a source is in, glob patterns, gzip and streamed lines.

A source's kind comes from the `--input-format` flag, else from its file suffix (a `.gz` suffix
is looked through), else from the media type a server sent, else from the first bytes.
"""

from __future__ import annotations

import glob
import gzip
import io
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from ..errors import Messages
from .documents import ReadFailure, failure
from .feeds import FEED_SUFFIXES, looks_like_feed
from .html import HTML_SUFFIXES, looks_like_html
from .tables import CSV_SUFFIXES, TSV_SUFFIXES

KINDS = ("text", "jsonl", "html", "feed", "csv", "tsv")
# Kinds holding many documents, read line by line so a large corpus streams.
LINE_KINDS = ("jsonl", "csv", "tsv")

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
GZIP_SUFFIXES = (".gz", ".gzip")
GZIP_MAGIC = b"\x1f\x8b"

_SUFFIX_KINDS = (
    {s: "text" for s in TEXT_SUFFIXES}
    | {s: "jsonl" for s in JSONL_SUFFIXES}
    | {s: "html" for s in HTML_SUFFIXES}
    | {s: "feed" for s in FEED_SUFFIXES}
    | {s: "csv" for s in CSV_SUFFIXES}
    | {s: "tsv" for s in TSV_SUFFIXES}
)

_MEDIA_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+xml": "feed",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/json": "jsonl",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# Types that say nothing about the format: decide by the address's suffix, then the bytes.
_VAGUE_MEDIA = ("", "application/octet-stream", "text/plain", "application/xml", "text/xml")
_GZIP_MEDIA = ("application/gzip", "application/x-gzip")


def is_gzip_name(name: str) -> bool:
    return Path(name).suffix.lower() in GZIP_SUFFIXES


def inner_name(name: str) -> str:
    """The name without a gzip suffix: "news/a.jsonl.gz" -> "news/a.jsonl"."""
    return name[: -len(Path(name).suffix)] if is_gzip_name(name) else name


def kind_of_name(name: str) -> str | None:
    """The kind a file name's suffix says (".gz" looked through), or None if it says none."""
    return _SUFFIX_KINDS.get(Path(inner_name(name)).suffix.lower())


def doc_stem(path: Path) -> str:
    """A one-document file's id: its name without extension (and without ".gz")."""
    return Path(inner_name(path.name)).stem


def kind_of_media(content_type: str, url: str) -> str | None:
    """The kind a server's media type says; for vague types, the address's suffix; else None."""
    if content_type in _MEDIA_KINDS:
        return _MEDIA_KINDS[content_type]
    if content_type in _VAGUE_MEDIA or content_type in _GZIP_MEDIA:
        return kind_of_name(url.split("?", 1)[0].split("#", 1)[0])
    return None


def media_is_readable(content_type: str) -> bool:
    """False for media types that are plainly not documents (images, PDFs, archives, audio)."""
    return (
        content_type in _MEDIA_KINDS
        or content_type in _VAGUE_MEDIA
        or content_type in _GZIP_MEDIA
        or content_type.startswith("text/")
        or content_type.endswith(("+xml", "/xml"))
    )


def sniff_kind(text: str, *, allow_jsonl: bool) -> str:
    """The kind the first characters of a decoded document show: feed, html, jsonl or text."""
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    if allow_jsonl and text.lstrip().startswith("{"):
        return "jsonl"
    return "text"


def readable_suffix(path: Path) -> bool:
    """Whether a file met while walking a directory is one Sitrep reads."""
    return kind_of_name(path.name) is not None


def expand(name: str) -> list[Path] | ReadFailure:
    """The paths a name stands for: itself if it exists or has no wildcard, else its glob matches.

    Matches are sorted so a run reads them in the same order every time; "**" recurses.
    """
    if not any(ch in name for ch in "*?[") or Path(name).exists():
        return [Path(name)]
    matches = sorted(glob.glob(name, recursive=True))
    if not matches:
        return failure(Messages.E458, name)
    return [Path(m) for m in matches]


def gunzip(name: str, data: bytes, *, limit: int) -> bytes | ReadFailure:
    """Decompress one gzip-compressed document of at most `limit` bytes."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(limit + 1)
    except (OSError, EOFError, zlib.error) as e:
        return failure(Messages.E457, name, reason=str(e) or type(e).__name__)
    if len(out) > limit:
        return failure(Messages.E459, name, limit=limit)
    return out


class LineStream:
    """The lines of a (possibly gzip-compressed) file, decoded as UTF-8, newlines kept.

    Iterating stops at the first unreadable line; `failure` then says why (read error, bad gzip
    data or the absolute offset of the first invalid UTF-8 byte). The caller reports it after
    the documents read before it.
    """

    def __init__(
        self,
        name: str,
        opener: Callable[[], AbstractContextManager[Iterable[bytes]]],
        *,
        gzipped: bool,
    ) -> None:
        self.name = name
        self.opener = opener
        self.gzipped = gzipped
        self.failure: ReadFailure | None = None

    @classmethod
    def of_path(cls, path: Path) -> LineStream:
        if is_gzip_name(path.name):
            return cls(str(path), lambda: gzip.open(path, "rb"), gzipped=True)
        return cls(str(path), lambda: path.open("rb"), gzipped=False)

    def __iter__(self) -> Iterator[str]:
        offset = 0
        try:
            with self.opener() as f:
                for raw in f:
                    try:
                        line = raw.decode("utf-8-sig" if offset == 0 else "utf-8")
                    except UnicodeDecodeError as e:
                        self.failure = failure(Messages.E103, self.name, offset=offset + e.start)
                        return
                    offset += len(raw)
                    yield line
        except (OSError, EOFError, zlib.error) as e:
            # gzip.BadGzipFile is an OSError; a truncated archive raises EOFError.
            reason = str(e) or type(e).__name__
            if self.gzipped and not isinstance(e, PermissionError | FileNotFoundError):
                self.failure = failure(Messages.E457, self.name, reason=reason)
            else:
                self.failure = failure(Messages.E109, self.name, reason=reason)
