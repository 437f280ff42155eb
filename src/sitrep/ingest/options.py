"""The `[input]` settings the source readers use, read once and checked, as one typed record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .. import __version__
from ..errors import ConfigError, Messages

if TYPE_CHECKING:
    from ..config import Settings

# Generic on purpose: a polite crawler names itself and where to read about it.
DEFAULT_USER_AGENT = f"sitrep/{__version__} (+https://github.com/sitrep/sitrep)"

# Column names tried, in order, when [input.csv] leaves a column "" (guess).
CSV_GUESSES: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid", "document_id", "guid", "uid", "article_id", "story_id"),
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext", "maintext"),
    "published": (
        "published",
        "date",
        "pubdate",
        "pub_date",
        "publish_date",
        "published_at",
        "publication_date",
        "datetime",
        "timestamp",
    ),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "source_url", "href"),
}

FetchLinked = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class InputOptions:
    """How to fetch URLs and read feeds and tables. Build with `InputOptions.from_settings`."""

    fetch_timeout: float = 20.0
    max_download_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    fetch_linked_pages: FetchLinked = "auto"
    linked_page_min_chars: int = 500
    csv_columns: Mapping[str, str] | None = None  # field -> column; "" or missing = guess

    @classmethod
    def from_settings(cls, settings: Settings) -> InputOptions:
        """Read `[input]`; a value of the wrong type raises ConfigError (E466) naming the key."""
        table = settings.section("input")
        linked = table.get("fetch_linked_pages", "auto")
        if linked is True or linked is False:
            linked = "always" if linked else "never"
        if linked not in ("auto", "always", "never"):
            raise ConfigError(
                Messages.E466,
                key="fetch_linked_pages",
                value=linked,
                problem='use true, false or "auto"',
            )
        columns = table.get("csv", {})
        if not isinstance(columns, Mapping) or not all(
            isinstance(v, str) for v in columns.values()
        ):
            raise ConfigError(
                Messages.E466, key="csv", value=columns, problem="give column names as strings"
            )
        return cls(
            fetch_timeout=_positive(table, "fetch_timeout", 20.0, float),
            max_download_bytes=int(_positive(table, "max_download_bytes", 10 * 1024 * 1024, int)),
            max_redirects=int(_positive(table, "max_redirects", 5, int, allow_zero=True)),
            user_agent=str(table.get("user_agent") or DEFAULT_USER_AGENT),
            fetch_linked_pages=linked,
            linked_page_min_chars=int(
                _positive(table, "linked_page_min_chars", 500, int, allow_zero=True)
            ),
            csv_columns={str(k): str(v) for k, v in columns.items()},
        )

    def fetch_linked(self, *, from_url: bool) -> bool:
        """Whether to download the pages that short feed entries link to."""
        if self.fetch_linked_pages == "auto":
            return from_url
        return self.fetch_linked_pages == "always"


def _positive(
    table: Mapping[str, object],
    key: str,
    default: float,
    kind: type[int] | type[float],
    *,
    allow_zero: bool = False,
) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(Messages.E466, key=key, value=value, problem="must be a number")
    if kind is int and not isinstance(value, int):
        raise ConfigError(Messages.E466, key=key, value=value, problem="must be a whole number")
    if value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(Messages.E466, key=key, value=value, problem="must be positive")
    return float(value)
