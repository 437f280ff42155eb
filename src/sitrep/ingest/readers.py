"""Sources -> Articles: plain-text files, JSONL corpora, directories and standard input.

Every document that cannot be read becomes a `ReadFailure` naming the document and the fix; the
caller reports it and goes on with the others. Checks on the text itself (empty, binary, not
UTF-8, too long, not English) live in `check_text` so every reader applies the same ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import DocumentError, Messages
from ..model import Article

if TYPE_CHECKING:
    from ..config import Settings

INPUT_FORMATS = ("auto", "text", "jsonl")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
STDIN_NAMES = ("-",)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A document that could not be read: its id (or path) and a one-line message with the fix."""

    doc_id: str
    message: str
    published: dt.date | None = None


Item = Article | ReadFailure


# Hand-written on purpose: a full language identifier is a large dependency for one yes/no
# question. English news text is dense in these function words; other languages are not.
_ENGLISH_FUNCTION_WORDS = frozenset(
    (
        "the of and to in a is that for on was with by as at from it he said his its are were "
        "has have had be been not but an this which they who their will would after"
    ).split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def check_text(doc_id: str, text: str, *, settings: Settings) -> str | None:
    """Return a one-line problem message for text Sitrep cannot annotate, or None if it is fine."""
    if not text.strip():
        return DocumentError(Messages.E101, doc=doc_id).message
    if "\x00" in text or _control_share(text) > 0.05:
        return DocumentError(Messages.E102, doc=doc_id).message
    if len(text) > settings.max_chars:
        return DocumentError(
            Messages.E104, doc=doc_id, size=f"{len(text):,}", limit=f"{settings.max_chars:,}"
        ).message
    reason = _not_english(text, settings.min_latin_share)
    if reason:
        return DocumentError(Messages.E105, doc=doc_id, reason=reason).message
    return None


def _control_share(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / max(1, len(sample))


def _not_english(text: str, min_latin_share: float) -> str | None:
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    latin = sum(1 for ch in letters if ch < "\u0250")
    if latin / len(letters) < min_latin_share:
        return f"only {latin / len(letters):.0%} of its letters are Latin"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) >= 25:
        share = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) / len(words)
        if share < 0.08:
            return f"only {share:.0%} of its words are common English words"
    return None


def decode(doc_id: str, data: bytes) -> str | ReadFailure:
    """Decode UTF-8 bytes (a BOM is dropped), or say which byte is bad."""
    if b"\x00" in data[:8192]:
        return ReadFailure(doc_id, DocumentError(Messages.E102, doc=doc_id).message)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return ReadFailure(doc_id, DocumentError(Messages.E103, doc=doc_id, offset=e.start).message)


def _article_or_failure(
    doc_id: str, text: str, *, settings: Settings, published: dt.date | None, **meta: Any
) -> Item:
    problem = check_text(doc_id, text, settings=settings)
    if problem:
        return ReadFailure(doc_id, problem, published)
    return Article(id=doc_id, text=text, published=published, **meta)


def parse_date(value: object) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp), or raise ValueError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("must be a string YYYY-MM-DD")
    return dt.date.fromisoformat(value.strip()[:10])


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
            yield ReadFailure(where, DocumentError(Messages.E106, doc=where, reason=e.msg).message)
            continue
        if not isinstance(obj, dict):
            reason = f"got {type(obj).__name__}"
            yield ReadFailure(where, DocumentError(Messages.E106, doc=where, reason=reason).message)
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if raw_id not in (None, "") else where
        text = obj.get("text")
        if not isinstance(text, str):
            problem = "is missing" if text is None else "must be a string"
            msg = DocumentError(Messages.E108, doc=doc_id, field="text", problem=problem).message
            yield ReadFailure(doc_id, msg)
            continue
        try:
            doc_published = parse_date(obj.get("published")) or published
        except ValueError:
            bad = f"is {obj.get('published')!r}, not a date YYYY-MM-DD"
            msg = DocumentError(Messages.E108, doc=doc_id, field="published", problem=bad).message
            yield ReadFailure(doc_id, msg)
            continue
        title, url = obj.get("title"), obj.get("url")
        yield _article_or_failure(
            doc_id,
            text,
            settings=settings,
            published=doc_published,
            title=title if isinstance(title, str) else None,
            url=url if isinstance(url, str) else None,
        )


def _looks_like_jsonl(text: str) -> bool:
    return text.lstrip().startswith("{")


def read_stream(
    stream: IO[bytes],
    *,
    name: str,
    input_format: str,
    settings: Settings,
    published: dt.date | None,
) -> Iterator[Item]:
    """Read standard input (or any byte stream) as one text document or as JSONL."""
    if input_format == "jsonl":
        # Line by line, so a long JSONL stream is annotated as it arrives.
        for lineno, raw in enumerate(stream, 1):
            text = decode(f"{name}:{lineno}", raw)
            if isinstance(text, ReadFailure):
                yield text
                continue
            yield from read_jsonl_lines(
                [text], name=f"{name}:{lineno}", settings=settings, published=published
            )
        return
    decoded = decode(name, stream.read())
    if isinstance(decoded, ReadFailure):
        yield decoded
    elif input_format == "auto" and _looks_like_jsonl(decoded):
        yield from read_jsonl_lines(
            decoded.splitlines(), name=name, settings=settings, published=published
        )
    else:
        yield _article_or_failure(name, decoded, settings=settings, published=published)


def read_path(
    path: Path, *, input_format: str, settings: Settings, published: dt.date | None
) -> Iterator[Item]:
    """Read one file (or every text/JSONL file under a directory, sorted) into documents."""
    name = str(path)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES + JSONL_SUFFIXES
        )
        for child in files:
            yield from read_path(
                child, input_format=input_format, settings=settings, published=published
            )
        return
    if not path.exists():
        yield ReadFailure(name, DocumentError(Messages.E107, doc=name).message)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield ReadFailure(name, DocumentError(Messages.E109, doc=name, reason=e.strerror).message)
        return
    as_jsonl = input_format == "jsonl" or (
        input_format == "auto" and path.suffix.lower() in JSONL_SUFFIXES
    )
    doc_id = name if as_jsonl else path.stem
    text = decode(doc_id, data)
    if isinstance(text, ReadFailure):
        yield text
    elif as_jsonl:
        yield from read_jsonl_lines(
            text.splitlines(), name=name, settings=settings, published=published
        )
    else:
        yield _article_or_failure(doc_id, text, settings=settings, published=published)


def read_documents(
    paths: Iterable[str],
    *,
    input_format: str = "auto",
    published: dt.date | None = None,
    settings: Settings,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """Every document named by `paths` (no paths or "-": standard input), in order.

    Yields an `Article` for each readable document and a `ReadFailure` for each that is not.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input format must be one of {', '.join(INPUT_FORMATS)}")
    names = list(paths) or ["-"]
    for name in names:
        if name in STDIN_NAMES:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(
                stream,
                name="stdin",
                input_format=input_format,
                settings=settings,
                published=published,
            )
        else:
            yield from read_path(
                Path(name), input_format=input_format, settings=settings, published=published
            )
