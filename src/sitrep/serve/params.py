"""Query parameters of the API: the names each endpoint accepts and their parsing into an
`EventFilter`, with one error (E520/E521, HTTP 400) for anything unknown or malformed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Annotated

from fastapi import Depends, Query, Request

from ..errors import Messages, SitrepError, StoreError
from ..export.selection import EventFilter, parse_bbox


class ApiError(SitrepError):
    """An error the API answers with `status` and the JSON error shape."""

    def __init__(self, status: int, template: str, **fields: object) -> None:
        super().__init__(template, **fields)
        self.status = status


def bad_value(name: str, value: object, problem: str) -> ApiError:
    """ApiError 400 (E521) for the query parameter `name`."""
    return ApiError(400, Messages.E521, name=name, value=value, problem=problem)


def check_known(path: str, given: Iterable[str], allowed: Sequence[str]) -> None:
    """Raise ApiError 400 (E520) naming every query parameter not in `allowed`."""
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise ApiError(
            400,
            Messages.E520,
            names=", ".join(unknown),
            path=path,
            known=", ".join(allowed) or "none",
        )


@dataclass(frozen=True)
class FilterParams:
    """The filter query parameters of a request as given: an endpoint takes them as
    `filters: Filters` and parses them with `filters.event_filter(request, ...)`."""

    type: Annotated[
        list[str] | None, Query(description="PLOVER type; repeat or comma-separate.")
    ] = None
    actor_country: Annotated[
        list[str] | None, Query(description="Source or target country, ISO alpha-3.")
    ] = None
    place_country: Annotated[
        list[str] | None, Query(description="Country where it happened, ISO alpha-3.")
    ] = None
    since: Annotated[str | None, Query(description="Events on or after YYYY-MM-DD.")] = None
    until: Annotated[str | None, Query(description="Events on or before YYYY-MM-DD.")] = None
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS84).")] = None
    q: Annotated[str | None, Query(description="Text in the evidence sentence, any case.")] = None
    factuality: Annotated[
        list[str] | None, Query(description="asserted, negated, hypothetical or future.")
    ] = None

    def event_filter(self, request: Request, *extra: str) -> EventFilter:
        """The filter these values describe, once the request is known to have no query
        parameters but the filters and `extra` (ApiError 400: E520, else E521)."""
        check_known(request.url.path, request.query_params.keys(), (*FILTER_PARAMS, *extra))
        return event_filter(**asdict(self))


FILTER_PARAMS: tuple[str, ...] = tuple(f.name for f in fields(FilterParams))
# An endpoint's parameter for the filters: `filters: Filters`.
Filters = Annotated[FilterParams, Depends()]


def split_values(values: Sequence[str] | None) -> tuple[str, ...]:
    """Repeated parameters and comma-separated lists alike: `type=A&type=B` == `type=A,B`."""
    if not values:
        return ()
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def parse_day(name: str, value: str | None) -> dt.date | None:
    """An ISO day, or ApiError 400 (E521)."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_value(name, value, "expected YYYY-MM-DD") from None


def event_filter(
    *,
    type: Sequence[str] | None = None,
    actor_country: Sequence[str] | None = None,
    place_country: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    bbox: str | None = None,
    q: str | None = None,
    factuality: Sequence[str] | None = None,
) -> EventFilter:
    """The filter the query parameters describe; ApiError 400 for a malformed value.

    Values are checked here rather than when the SQL runs so that a bad one is a 400 with the
    parameter's name before the store is touched."""
    if q is not None and len(q) > 200:
        raise bad_value("q", q[:20] + "...", "too long")
    try:
        flt = EventFilter(
            types=split_values(type),
            actor_country=split_values(actor_country),
            place_country=split_values(place_country),
            since=parse_day("since", since),
            until=parse_day("until", until),
            bbox=parse_bbox(bbox) if bbox else None,
            text=q.strip() or None if q else None,
            factuality=split_values(factuality),
        )
        flt.where()  # validates codes, the date range and the box
    except StoreError as e:
        raise ApiError(400, Messages.E521, **_store_fields(e)) from e
    return flt


def _store_fields(error: StoreError) -> dict[str, object]:
    # E203 carries name/value/problem; map them onto E521 so the API speaks one vocabulary.
    f = error.fields
    return {
        "name": f.get("name", "?"),
        "value": f.get("value", ""),
        "problem": f.get("problem", error.message),
    }
