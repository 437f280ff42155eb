"""Measure event clustering against reports grouped by hand: pairwise precision and recall.

An evaluation set is a JSONL file (`reports.jsonl` in a directory) of short reports, each with
`id`, `text`, `published`, `gold` (the real event it reports; reports sharing it describe the
same event) and `gold_type` (that event's PLOVER type). The reports are annotated with the real
pipeline, ingested into a temporary DuckDB file (which clusters them as `sitrep ingest` does) and
compared with the gold grouping at document level:

- a document's *main clusters* are the clusters of its events whose type family is its
  `gold_type` (other events are background the report mentions, not what it is about);
- two documents are predicted to report the same event when their main clusters intersect;
- precision and recall are over unordered pairs of documents, against the pairs sharing `gold`.

Measuring documents, not extracted events, keeps the figure about dedup while extraction
changes: a document whose main event is not extracted can only cost recall, which `coverage`
reports separately. Annotation runs once; clustering is replayed per ingest order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, Messages
from ..model import AnnotatedDocument, Article
from .match import DedupSettings

REPORTS_FILE = "reports.jsonl"


@dataclass(frozen=True)
class GoldReport:
    """One report of the evaluation set and the real event it describes."""

    article: Article
    gold: str
    gold_type: str


@dataclass(frozen=True)
class PairScores:
    """Pairwise figures of one clustering against the gold grouping."""

    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    covered: int
    documents: int
    false_merges: tuple[tuple[str, str], ...]
    missed: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> str:
        """One line: P, R, F1 with the pair counts, and how many documents had a main event."""
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"(pairs: {self.correct_pairs} correct, {self.predicted_pairs} predicted, "
            f"{self.true_pairs} true; main event extracted in {self.covered}/{self.documents} "
            "documents)"
        )


def load_reports(path: str | Path) -> list[GoldReport]:
    """The reports of an evaluation set (a directory holding reports.jsonl, or the file).
    Raises ConfigError E482 naming the line of a malformed record."""
    path = Path(path)
    file = path / REPORTS_FILE if path.is_dir() else path
    try:
        lines = file.read_text("utf-8").splitlines()
    except OSError as e:
        raise ConfigError(Messages.E482, path=file, problem=f"cannot be read ({e})") from e
    reports = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = Article(
                id=str(record["id"]),
                text=str(record["text"]),
                published=dt.date.fromisoformat(record["published"]),
                title=record.get("title"),
            )
            reports.append(GoldReport(article, str(record["gold"]), str(record["gold_type"])))
        except (ValueError, KeyError, TypeError) as e:
            problem = f"line {number}: {type(e).__name__}: {e}"
            raise ConfigError(Messages.E482, path=file, problem=problem) from e
    return reports


def gold_pairs(reports: Sequence[GoldReport]) -> set[tuple[str, str]]:
    """Unordered document pairs (sorted ids) that report the same gold event."""
    return {
        _pair(a.article.id, b.article.id)
        for a, b in itertools.combinations(reports, 2)
        if a.gold == b.gold
    }


def predicted_pairs(main_clusters: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Unordered document pairs whose main clusters share at least one cluster."""
    docs_of: dict[str, set[str]] = {}
    for doc_id, clusters in main_clusters.items():
        for cluster_id in clusters:
            docs_of.setdefault(cluster_id, set()).add(doc_id)
    return {_pair(a, b) for docs in docs_of.values() for a, b in itertools.combinations(docs, 2)}


def score(reports: Sequence[GoldReport], main_clusters: dict[str, set[str]]) -> PairScores:
    """Pairwise precision and recall of `main_clusters` (doc id -> cluster ids) vs the gold."""
    truth = gold_pairs(reports)
    predicted = predicted_pairs(main_clusters)
    return PairScores(
        true_pairs=len(truth),
        predicted_pairs=len(predicted),
        correct_pairs=len(truth & predicted),
        covered=sum(1 for r in reports if main_clusters.get(r.article.id)),
        documents=len(reports),
        false_merges=tuple(sorted(predicted - truth)),
        missed=tuple(sorted(truth - predicted)),
    )


class Replay:
    """An Annotator that returns annotations made earlier, so clustering can be rerun without
    parsing again (ingest asks only for the documents it has not stored)."""

    def __init__(self, results: Iterable[AnnotatedDocument]) -> None:
        self._by_id = {r.doc_id: r for r in results}

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[AnnotatedDocument]:
        for article in articles:
            yield self._by_id[article.id]


def cluster_reports(
    reports: Sequence[GoldReport],
    annotated: Iterable[AnnotatedDocument],
    settings: DedupSettings,
) -> dict[str, set[str]]:
    """Ingest the annotated reports, in the order of `reports`, into a temporary store with
    clustering on; return each document's main clusters."""
    from ..store import Store, ingest

    replay = Replay(annotated)
    with tempfile.TemporaryDirectory(prefix="sitrep-dedup-") as tmp:
        store = Store.open(Path(tmp) / "eval.duckdb")
        with store:
            ingest(store, replay, [r.article for r in reports], dedup=settings)
            rows = store.fetch(
                "SELECT d.doc_id, e.type, ec.cluster_id FROM events e"
                " JOIN documents d ON d.content_hash = e.content_hash"
                " JOIN event_clusters ec ON ec.event_id = e.event_id"
            )
    gold_type = {r.article.id: settings.family_of(r.gold_type) for r in reports}
    main: dict[str, set[str]] = {r.article.id: set() for r in reports}
    for doc_id, event_type, cluster_id in rows:
        if settings.family_of(event_type) == gold_type.get(doc_id):
            main[doc_id].add(cluster_id)
    return main


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
