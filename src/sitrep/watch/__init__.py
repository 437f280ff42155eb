"""Watch rules: conditions on events, evaluated at ingest and on demand, with an Atom feed per
rule and an optional webhook.

Ingest hook (for the ingest path, after a batch of documents is written):

    rules = load_rules(settings_rules(settings))
    found = on_ingest(store, new_content_hashes, rules)
    failures = notify(found, rules, settings=settings)   # POSTs webhooks; never raises
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import SitrepError
from .evaluate import Match, evaluate, haversine_km, matches, on_ingest
from .rules import EXAMPLE_RULES, Circle, WatchRule, load_rules
from .webhook import payload, post_json

if TYPE_CHECKING:
    from ..config import Settings


def watch_settings(settings: Settings) -> Mapping[str, Any]:
    """The [watch] section (rules, feed_entries, webhook_timeout/retries/backoff)."""
    return settings.section("watch")


def settings_rules(settings: Settings) -> list[str]:
    """The rule files listed in [watch] rules."""
    value = watch_settings(settings).get("rules", [])
    return [str(v) for v in value] if isinstance(value, list) else []


def describe(rule: WatchRule) -> str:
    """One line per rule for `sitrep watch list`: name, title and the conditions it sets."""
    parts = []
    for label, values in (
        ("types", rule.types),
        ("actors", rule.actors),
        ("actor countries", rule.actor_countries),
        ("place countries", rule.place_countries),
        ("factuality", rule.factuality),
    ):
        if values:
            parts.append(f"{label} {'/'.join(values)}")
    if rule.cross_border is not None:
        parts.append("cross-border" if rule.cross_border else "not cross-border")
    if rule.min_sources > 1:
        parts.append(f">= {rule.min_sources} sources")
    if rule.near:
        parts.append(f"within {len(rule.near)} circle(s)")
    if rule.near_border:
        pair = "-".join(rule.near_border.countries) or "any"
        parts.append(f"within {rule.near_border.km:g} km of the {pair} border")
    if rule.webhook:
        parts.append("webhook")
    conditions = "; ".join(parts) or "every event"
    return f"{rule.name}\t{rule.title}\t{conditions}\t{rule.source}"


def notify(
    found: Sequence[Match], rules: Sequence[WatchRule], *, settings: Settings | None = None
) -> list[str]:
    """POST each rule's matches (one request per rule) to its webhook, if it has one.

    Returns one message per webhook that failed after its retries; never raises, so a receiver
    that is down never fails an ingest (the matches stay visible in the Atom feeds)."""
    section = watch_settings(settings) if settings is not None else {}
    failures: list[str] = []
    for rule in rules:
        mine = [m for m in found if m.rule == rule.name]
        if not mine or not rule.webhook:
            continue
        try:
            post_json(
                rule.webhook,
                payload(rule.name, mine),
                rule=rule.name,
                timeout=float(section.get("webhook_timeout", 5.0)),
                retries=int(section.get("webhook_retries", 3)),
                backoff=float(section.get("webhook_backoff", 0.5)),
            )
        except SitrepError as e:
            failures.append(e.message)
    return failures


__all__ = [
    "EXAMPLE_RULES",
    "Circle",
    "Match",
    "WatchRule",
    "describe",
    "evaluate",
    "haversine_km",
    "load_rules",
    "matches",
    "notify",
    "on_ingest",
    "settings_rules",
]
