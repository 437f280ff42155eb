"""POST /api/documents: check the JSON body, annotate and store the documents, evaluate the
watch rules on what was stored and send the rules' webhooks.

Documents go through the same reader checks as `sitrep ingest` (empty, binary, too long, not
English, bad `published`) and the same `store.ingest` path, so a text already stored is
skipped and a failed one is kept with its error.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import Messages
from ..export.selection import EventFilter, select_events
from ..store import content_hash, ingest
from ..store.ingest import Annotator
from ..watch import notify, on_ingest
from .params import ApiError

if TYPE_CHECKING:
    from .app import ServeOptions, StoreAccess

_FIELDS = frozenset({"id", "text", "published", "title", "url"})


def parse_documents(body: bytes, *, max_documents: int) -> list[dict[str, Any]]:
    """The `documents` list of the body, each an object with a string `text`; ApiError 400
    (E528) naming the first problem otherwise."""

    def bad(problem: str) -> ApiError:
        return ApiError(400, Messages.E528, problem=problem)

    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise bad(f"not UTF-8 JSON ({e})") from e
    if not isinstance(data, dict) or set(data) != {"documents"}:
        raise bad('expected an object with one key, "documents"')
    docs = data["documents"]
    if not isinstance(docs, list) or not docs:
        raise bad('"documents" must be a non-empty list')
    if len(docs) > max_documents:
        raise bad(f"{len(docs)} documents, more than the limit of {max_documents}")
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict):
            raise bad(f"documents[{i}] is not an object")
        unknown = sorted(set(doc) - _FIELDS)
        if unknown:
            raise bad(f"documents[{i}] has unknown field(s) {', '.join(unknown)}")
        if not isinstance(doc.get("text"), str):
            raise bad(f"documents[{i}].text must be a string")
        for key in _FIELDS - {"text"}:
            if doc.get(key) is not None and not isinstance(doc[key], str):
                raise bad(f"documents[{i}].{key} must be a string")
    return docs


def ingest_body(
    body: bytes, *, access: StoreAccess, options: ServeOptions, annotator: Annotator
) -> dict[str, Any]:
    """Annotate and store the body's documents; the answer lists what happened to each.

    Runs under the store lock for the whole batch: DuckDB has one writer, and readers should
    not see half of a batch's watch evaluation."""
    from ..config import Settings
    from ..ingest.readers import read_jsonl_lines

    docs = parse_documents(body, max_documents=options.max_documents)
    settings = options.settings or Settings.load()
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    items = list(read_jsonl_lines(lines, name="request", settings=settings, published=None))
    digests = [content_hash(d["text"]) for d in docs]
    with access.use() as store:
        before = {d: store.status(d) for d in digests}
        summary = ingest(store, annotator, items)
        new = [d for d in dict.fromkeys(digests) if before[d] != "stored"]
        new = [d for d in new if store.status(d) == "stored"]
        stored = select_events(store, EventFilter(content_hashes=tuple(new)))
        event_ids = [r.event.id for r in stored]
        found = on_ingest(store, new, options.rules)
    failures = notify(found, options.rules, settings=settings)
    return {
        "stored": summary.new,
        "skipped": summary.skipped,
        "failed": [{"doc_id": doc_id, "error": message} for doc_id, message in summary.failures],
        "events": summary.events,
        "event_ids": event_ids,
        "watch": [{"rule": m.rule, "event_id": m.row.event.id} for m in found],
        "webhook_failures": failures,
    }
