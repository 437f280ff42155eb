"""Cross-article dedup: reports of one event by several outlets become one event cluster.

`match` decides whether two stored events may be the same event (pure functions);
`sitrep.store.clusters` files each newly stored event into a cluster; `evaluate` measures the
clustering against a hand-grouped set of reports (`python -m sitrep.dedup --evaluate DIR`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .match import DedupEvent, DedupSettings, compatible, merge_score, similarity

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "DedupEvent",
    "DedupSettings",
    "compatible",
    "dedup_settings",
    "merge_score",
    "similarity",
]


def dedup_settings(settings: Settings) -> DedupSettings:
    """The `[dedup]` table of the merged settings as DedupSettings; ConfigError E003 if bad."""
    return DedupSettings.from_mapping(settings.section("dedup"), source=settings.source)
