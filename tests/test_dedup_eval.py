"""End to end: the dedup evaluation set through the real pipeline, against a measured floor.

Figures on 2024-05 extraction (`python -m sitrep.dedup --evaluate tests/fixtures/dedup`):
P=1.000 R=0.750 in file and in reverse order; the missed pairs are reports whose main event
is not extracted, or extracted with a wrong date or type. The floors leave room for extraction
to move, not for the clustering to get worse at keeping near-misses apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.config import Settings
from sitrep.dedup import dedup_settings
from sitrep.dedup.evaluate import cluster_reports, load_reports, score
from sitrep.pipeline import Pipeline

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"


@pytest.mark.slow
def test_dedup_evaluation_set_meets_the_floor(nlp: Language) -> None:
    settings = Settings.load()
    reports = load_reports(FIXTURES)
    annotated = list(
        Pipeline.from_settings(settings, nlp=nlp).annotate_many(r.article for r in reports)
    )
    dedup = dedup_settings(settings)
    for order in (reports, reports[::-1]):
        result = score(reports, cluster_reports(order, annotated, dedup))
        print(result.summary())
        assert result.precision >= 0.9, result.false_merges
        assert result.recall >= 0.6, result.missed


def test_pairwise_scoring_counts_pairs() -> None:
    reports = load_reports(FIXTURES)[:4]  # three reports of one bombing, one near-miss
    ids = [r.article.id for r in reports]
    perfect = {i: {"x"} for i in ids[:3]} | {ids[3]: {"y"}}
    assert score(reports, perfect).precision == score(reports, perfect).recall == 1.0
    lumped = {i: {"x"} for i in ids}
    assert score(reports, lumped).precision == pytest.approx(3 / 6)
    split = {i: {i} for i in ids}
    assert score(reports, split).recall == 0.0
