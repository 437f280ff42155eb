"""How the classifier's two heads and the rules' type are combined into one decision per event.

Shared by the pipeline stage and by training's replay of it, so that the scores in the training
report measure exactly what the stage does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .datasets import QUAD_OF_LABEL

# The rules' types as the classifier's labels (CONCEDE and RETREAT are one label, YIELD).
RULE_ALIAS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


@dataclass(frozen=True)
class Policy:
    """The stage's settings. `mode` "rules" never changes a type; "classifier" always takes
    the classifier's favourite; "combined" applies the thresholds:

    - `threshold`: the favourite's probability needed to re-type within the rule's quad class;
    - `cross_quad_threshold`: needed to re-type into another quad class (conflict <-> cooperation,
      verbal <-> material), the costly mistakes;
    - `keep_confident`: rules events at least this confident are never re-typed;
    - `rule_prior`: the margin by which the favourite must beat the rule's type;
    - `neutral_threshold`: the quad head's class-0 probability that makes a verbal event
      (quad 1 or 3) neutral; material events are never made neutral;
    - `confidence_weight`: how far an event's confidence moves from the rules' towards the
      classifier's probability of its final type (`updated_confidence`).

    Training calibrates these on an inner validation split and records them in the report; the
    stage reads them from there unless the configuration names a value."""

    mode: str = "combined"
    threshold: float = 0.5
    cross_quad_threshold: float = 0.8
    keep_confident: float = 0.9
    rule_prior: float = 0.0
    quad_weight: float = 0.5
    neutral_threshold: float = 0.6
    add_threshold: float = 0.6
    confidence_weight: float = 0.5


@dataclass(frozen=True)
class Decision:
    """The label chosen for one event, its probability, and whether it differs from the rule."""

    label: str
    probability: float
    changed: bool
    neutral: bool = False  # the quad head calls the event a statement or appeal (quad 0)


def as_label(rule_type: str) -> str:
    return RULE_ALIAS.get(rule_type, rule_type)


def joint_probabilities(
    types: Mapping[str, float], quads: Mapping[int, float], *, quad_weight: float
) -> dict[str, float]:
    """Type probabilities reweighted by the quad head's belief in each type's quad class."""
    scores = {
        t: math.log(max(p, 1e-9)) + quad_weight * math.log(max(quads[QUAD_OF_LABEL[t]], 1e-9))
        for t, p in types.items()
    }
    top = max(scores.values())
    exp = {t: math.exp(s - top) for t, s in scores.items()}
    total = sum(exp.values())
    return {t: v / total for t, v in exp.items()}


def decide(
    rule_type: str,
    types: Mapping[str, float],
    quads: Mapping[int, float],
    policy: Policy,
    rule_confidence: float = 0.0,
) -> Decision:
    """Keep the rule's type unless the classifier's favourite is probable enough.

    The favourite (after weighing by the quad head) replaces the rule's type when the rule is
    less confident than `keep_confident`, the favourite's probability reaches `threshold` (or
    `cross_quad_threshold` if it lies in another quad class) and exceeds the rule type's by
    more than `rule_prior`.
    """
    joint = joint_probabilities(types, quads, quad_weight=policy.quad_weight)
    rule_label = as_label(rule_type)
    best = max(joint, key=lambda k: joint[k])
    p_best, p_rule = joint[best], joint.get(rule_label, 0.0)
    if policy.mode == "rules":
        return Decision(rule_label, p_rule, False)
    # events carry their confidence rounded to 3 places in output, and so in training's cache:
    # compare the same number at run time
    rule_confidence = round(rule_confidence, 3)
    same_quad = QUAD_OF_LABEL.get(rule_label) == QUAD_OF_LABEL[best]
    needed = policy.threshold if same_quad else max(policy.threshold, policy.cross_quad_threshold)
    replace = best != rule_label and (
        policy.mode == "classifier"
        or (
            rule_confidence < policy.keep_confident
            and p_best >= needed
            and p_best > p_rule + policy.rule_prior
        )
    )
    label = best if replace else rule_label
    neutral = (
        policy.mode == "combined"
        and QUAD_OF_LABEL.get(label) in (1, 3)
        and quads.get(0, 0.0) >= policy.neutral_threshold
    )
    return Decision(label, p_best if replace else p_rule, replace, neutral)


def updated_confidence(rule_confidence: float, probability: float, weight: float = 0.5) -> float:
    """The rules' trust in the event moved `weight` of the way to the classifier's, kept within
    0.05-0.95 (weight 0 keeps the rules' confidence, so their ranking of a sentence's events)."""
    mixed = (1 - weight) * rule_confidence + weight * probability
    return max(0.05, min(0.95, mixed))
