"""CSV and TSV corpora -> one Article per row, columns named by `[input.csv]` or guessed.

The first row is the header. Each of id, text, published, title and url is read from the column
the settings name, or, when the setting is "", from the first column whose name matches a
common one (options.CSV_GUESSES, case-insensitive). A column named in the settings but absent
is one failure for the whole file; so is a file with no text column. A bad row is one failure
and the rows after it are still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..errors import DocumentError, Messages
from .documents import Item, ReadFailure, failure, make_item, parse_date
from .options import CSV_GUESSES

if TYPE_CHECKING:
    from ..config import Settings

CSV_SUFFIXES = (".csv",)
TSV_SUFFIXES = (".tsv", ".tab")

# News texts are longer than the csv module's default cell limit (128 KiB); the real limit on
# a document is [input] max_chars, checked on every text.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def column_map(
    name: str, header: list[str], settings_columns: Mapping[str, str]
) -> dict[str, int] | ReadFailure:
    """Field name -> column index for this header, or the failure that stops the whole file."""
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for key, guesses in CSV_GUESSES.items():
        wanted = settings_columns.get(key, "").strip()
        if wanted:
            if wanted.lower() not in lowered:
                columns = ", ".join(header) or "(none)"
                return failure(Messages.E454, name, column=wanted, key=key, columns=columns)
            found[key] = lowered.index(wanted.lower())
            continue
        for guess in guesses:
            if guess in lowered:
                found[key] = lowered.index(guess)
                break
    if "text" not in found:
        return failure(
            Messages.E455,
            name,
            candidates=", ".join(CSV_GUESSES["text"]),
            columns=", ".join(header) or "(none)",
        )
    return found


def read_table(
    name: str,
    lines: Iterable[str],
    *,
    delimiter: str,
    settings: Settings,
    settings_columns: Mapping[str, str],
    published: dt.date | None,
) -> Iterator[Item]:
    """One document per row of the table in `lines` (decoded text lines, newlines kept)."""
    rows = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(rows, None)
    except csv.Error as e:
        yield failure(Messages.E456, name, reason=str(e))
        return
    if header is None:
        yield failure(Messages.E101, name)
        return
    columns = column_map(name, header, settings_columns)
    if isinstance(columns, ReadFailure):
        yield columns
        return
    while True:
        where = f"{name}:{rows.line_num + 1}"
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            # The csv module cannot resynchronise after a broken quote; stop with one line.
            yield failure(Messages.E456, where, reason=str(e))
            return
        if not any(cell.strip() for cell in row):
            continue
        yield _row_item(row, columns, where=where, settings=settings, published=published)


def _row_item(
    row: list[str],
    columns: Mapping[str, int],
    *,
    where: str,
    settings: Settings,
    published: dt.date | None,
) -> Item:
    def cell(key: str) -> str:
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    doc_id = cell("id") or where
    text = row[columns["text"]] if columns["text"] < len(row) else ""
    if not text.strip():
        problem = "is missing" if columns["text"] >= len(row) else "is empty"
        return ReadFailure(
            doc_id, DocumentError(Messages.E108, doc=doc_id, field="text", problem=problem).message
        )
    raw_date = cell("published")
    try:
        own = table_date(raw_date)
    except ValueError:
        bad = f"is {raw_date!r}, not a date YYYY-MM-DD or an RFC 2822 date"
        return ReadFailure(
            doc_id, DocumentError(Messages.E108, doc=doc_id, field="published", problem=bad).message
        )
    return make_item(
        doc_id,
        text,
        settings=settings,
        own=own,
        fallback=published,
        title=cell("title"),
        url=cell("url"),
    )


def table_date(value: str) -> dt.date | None:
    """An ISO date or timestamp, or an RFC 2822 date ("Tue, 05 Mar 2024 10:00:00 GMT") as
    scraped tables often carry; raise ValueError for anything else."""
    try:
        return parse_date(value)
    except ValueError:
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            raise ValueError(value) from None
