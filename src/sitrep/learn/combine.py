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
    the classifier's favourite; "combined" applies the thresholds."""

    mode: str = "combined"
    threshold: float = 0.5
    rule_prior: float = 0.0
    quad_weight: float = 0.5
    neutral_threshold: float = 0.6
    add_threshold: float = 0.6


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
) -> Decision:
    """Keep the rule's type unless the classifier's favourite is probable enough.

    The favourite (after weighing by the quad head) replaces the rule's type when its
    probability reaches `threshold` and exceeds the rule type's by more than `rule_prior`.
    """
    joint = joint_probabilities(types, quads, quad_weight=policy.quad_weight)
    rule_label = as_label(rule_type)
    best = max(joint, key=lambda k: joint[k])
    p_best, p_rule = joint[best], joint.get(rule_label, 0.0)
    if policy.mode == "rules":
        return Decision(rule_label, p_rule, False)
    neutral = policy.mode == "combined" and quads.get(0, 0.0) >= policy.neutral_threshold
    replace = best != rule_label and (
        policy.mode == "classifier"
        or (p_best >= policy.threshold and p_best > p_rule + policy.rule_prior)
    )
    if replace:
        return Decision(best, p_best, True, neutral)
    return Decision(rule_label, p_rule, False, neutral)


def updated_confidence(rule_confidence: float, probability: float) -> float:
    """The mean of the rules' trust in the event and the classifier's, kept within 0.05-0.95."""
    return max(0.05, min(0.95, (rule_confidence + probability) / 2))
