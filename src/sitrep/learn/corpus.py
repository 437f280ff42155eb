"""Parsing the training sentences once, with the rules' events, and caching the result.

Each distinct sentence is parsed by spaCy and run through Sitrep's own actors and events stages,
so that training sees the triggers the stage will see at run time. The parsed docs (a spaCy
`DocBin`) and the rules' events (JSON) are cached in a folder keyed by a hash of the sentences
and of the rules' output format, so repeated training runs skip the parse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..model import Article
from ..pipeline import Pipeline, StageSpec

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

RULE_STAGES = ("actors", "events")


@dataclass(frozen=True)
class RuleEvent:
    """What training needs of one event the rules produced."""

    type: str
    quad_class: int | None
    confidence: float
    trigger_start: int
    trigger_end: int
    source: str
    target: str

    @classmethod
    def from_dict(cls, ev: dict[str, Any]) -> RuleEvent:
        trig = ev["evidence"]["trigger"]
        return cls(
            type=str(ev["type"]),
            quad_class=ev.get("quad_class"),
            confidence=float(ev.get("confidence") or 0.0),
            trigger_start=int(trig["start"]),
            trigger_end=int(trig["end"]),
            source=str((ev.get("source") or {}).get("text") or ""),
            target=str((ev.get("target") or {}).get("text") or ""),
        )


@dataclass(frozen=True)
class ParsedSentence:
    text: str
    doc: Doc
    events: tuple[RuleEvent, ...]


def rules_pipeline(settings: Settings, nlp: Language) -> Pipeline:
    """The configured actors and events stages: all the rules' event types depend on."""
    specs: list[StageSpec] = [s for s in settings.stage_specs() if s.name in RULE_STAGES]
    return Pipeline(nlp, specs)


def _cache_key(texts: Sequence[str]) -> str:
    h = hashlib.sha1()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def parse_sentences(
    texts: Sequence[str],
    *,
    pipeline: Pipeline,
    cache_dir: Path | None = None,
    batch_size: int = 64,
) -> list[ParsedSentence]:
    """Parse each text and run the rules on it; reuse `cache_dir` when it holds the same texts."""
    from spacy.tokens import DocBin

    key = _cache_key(texts)
    docs_path = cache_dir / f"docs-{key}.spacy" if cache_dir else None
    events_path = cache_dir / f"events-{key}.json" if cache_dir else None
    if docs_path and events_path and docs_path.is_file() and events_path.is_file():
        docs = list(DocBin().from_disk(docs_path).get_docs(pipeline.nlp.vocab))
        raw = json.loads(events_path.read_text(encoding="utf-8"))
    else:
        docs, raw = [], []
        for i, doc in enumerate(pipeline.nlp.pipe(texts, batch_size=batch_size)):
            result = pipeline.annotate_doc(Article(id=f"s{i}", text=texts[i]), doc)
            docs.append(doc)
            raw.append([ev.to_dict() for ev in result.events])
        if docs_path and events_path:
            docs_path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=False).to_disk(docs_path)
            events_path.write_text(json.dumps(raw), encoding="utf-8")
    return [
        ParsedSentence(text, doc, tuple(RuleEvent.from_dict(ev) for ev in evs))
        for text, doc, evs in zip(texts, docs, raw, strict=True)
    ]
