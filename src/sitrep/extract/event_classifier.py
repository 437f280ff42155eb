"""The learned event-type stage: re-scores the type of each event the rules found.

A softmax classifier (`sitrep.learn`) reads the features of the event's sentence and trigger, and
what the rules said of it (their type and confidence: stacking), and gives a probability to each
PLOVER type, and a second head to each quad class (0 = neutral: statements and appeals). The stage

- combines the two heads (a type's score is its probability times its quad class's probability
  to the power `quad_weight`);
- replaces the rules' type, with its CAMEO root, quad class and intensity, only when the rules'
  confidence is below `keep_confident`, the favourite's probability reaches `threshold` (or
  `cross_quad_threshold` when the favourite lies in another quad class) and beats the rules' type
  by more than `rule_prior`;
- marks a verbal event (quad 1 or 3) neutral (quad class 0, CAMEO root 01 or 02) when the quad
  head gives class 0 at least `neutral_threshold`;
- moves the event's confidence to the mean of the rules' confidence and the probability of the
  type it ends with;
- with `add_events = true`, adds one event on the main verb of a sentence in which the rules
  found none, when the classifier is confident and does not call the sentence neutral.

A setting given as "auto" takes the value training calibrated on an inner validation split,
recorded in the artifact's report (`policy`); without a report, the `Policy` default.

Opt in by adding a stage with `factory = "events.learned.v1"` after "events" in [pipeline].
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, Messages
from ..learn.combine import (
    Decision,
    Policy,
    as_label,
    decide,
    joint_probabilities,
    updated_confidence,
)
from ..learn.features import event_features, rule_features, sentence_root, trigger_at
from ..learn.softmax import Classifier, read_report
from ..model import Event, Evidence, Span
from ..ontology import Ontology, load_ontology
from ..pipeline import DocState, Stage, register_stage

if TYPE_CHECKING:
    from spacy.tokens import Token

DEFAULT_MODEL = "event_classifier.npz"
# A YIELD that the classifier brings in is RETREAT when these words name what is given up
# (troops, prisoners, territory), CONCEDE otherwise (demands, policy, office).
RETREAT_LEMMAS = frozenset(
    {
        "withdraw",
        "withdrawal",
        "pull",
        "retreat",
        "release",
        "free",
        "return",
        "evacuate",
        "disarm",
        "demobilize",
        "hand",
        "leave",
        "vacate",
        "surrender",
    }
)
NUMERIC_SETTINGS = (
    "threshold",
    "cross_quad_threshold",
    "keep_confident",
    "rule_prior",
    "quad_weight",
    "neutral_threshold",
    "add_threshold",
    "confidence_weight",
)
AUTO = "auto"


def packaged_model_path() -> Path:
    """Where the shipped artifact is installed."""
    return Path(str(resources.files("sitrep.data").joinpath("models").joinpath(DEFAULT_MODEL)))


@functools.lru_cache(maxsize=4)
def load_classifier(path: Path) -> Classifier:
    """The artifact at `path`, read once per process."""
    return Classifier.load(path)


def report_path(model: Path) -> Path:
    """The training report written beside an artifact."""
    return model.with_name(model.stem + ".report.json")


def calibrated_policy(model: Path) -> dict[str, Any]:
    """The policy recorded in the artifact's report ({} when there is no report)."""
    path = report_path(model)
    if not path.is_file():
        return {}
    policy = read_report(path).get("policy")
    return dict(policy) if isinstance(policy, dict) else {}


def policy_from_config(
    config: Mapping[str, Any], calibrated: Mapping[str, Any] | None = None
) -> Policy:
    """The stage's numeric settings, checked (E562 names a bad one); "auto" (or a missing key)
    takes the `calibrated` value, else the `Policy` default."""
    defaults = Policy()
    values = {}
    for key in NUMERIC_SETTINGS:
        value = config.get(key, AUTO)
        if value == AUTO:
            value = (calibrated or {}).get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(
                Messages.E562, setting=key, value=value, problem='expected a number >= 0 or "auto"'
            )
        values[key] = float(value)
    return Policy(mode="combined", **values)


class LearnedTyper:
    """Applies the classifier to a document's events (the stage's work, testable alone)."""

    def __init__(self, clf: Classifier, onto: Ontology, policy: Policy) -> None:
        self.clf = clf
        self.onto = onto
        self.policy = policy

    def retype(self, state: DocState, event: Event) -> Event:
        """The event with the classifier's decision applied (the same event if no change)."""
        trig = trigger_at(state.doc, event.evidence.trigger.start, event.evidence.trigger.end)
        if trig is None:
            return event
        rule = rule_features(as_label(event.type), event.quad_class, event.confidence)
        types, quads = self.clf.predict(event_features(trig.sent, trig, rule))
        d = decide(event.type, types, quads, self.policy, event.confidence)
        out = self._with_type(event, d, trig) if d.changed else event
        if d.neutral and out.quad_class != 0:
            root = "02" if out.type == "REQUEST" else "01"
            out = dataclasses.replace(
                out, cameo_root=root, quad_class=0, intensity=self.onto.intensity(out.type, root)
            )
        return dataclasses.replace(
            out,
            confidence=updated_confidence(
                event.confidence, d.probability, self.policy.confidence_weight
            ),
        )

    def _type_name(self, label: str, trig: Token) -> str:
        if label != "YIELD":
            return label
        words = {t.lemma_.lower() for t in trig.subtree} | {trig.lemma_.lower()}
        return "RETREAT" if words & RETREAT_LEMMAS else "CONCEDE"

    def _with_type(self, event: Event, d: Decision, trig: Token) -> Event:
        name = self._type_name(d.label, trig)
        keep_mode = event.mode is not None and self.onto.is_mode(name, event.mode)
        return dataclasses.replace(
            event,
            type=name,
            mode=event.mode if keep_mode else None,
            cameo_root=self.onto.get(name).default_root,
            quad_class=self.onto.quad_class(name),
            intensity=self.onto.intensity(name),
        )

    def added_events(self, state: DocState) -> list[Event]:
        """One event per sentence without events, where the classifier is sure of a type."""
        covered = {(e.evidence.start, e.evidence.end) for e in state.events}
        out: list[Event] = []
        for sent in state.doc.sents:
            if (sent.start_char, sent.end_char) in covered or not sent.text.strip():
                continue
            root = sentence_root(sent)
            types, quads = self.clf.predict(event_features(sent, root))
            joint = joint_probabilities(types, quads, quad_weight=self.policy.quad_weight)
            label = max(joint, key=lambda k: joint[k])
            if joint[label] < self.policy.add_threshold or quads[0] >= 0.5:
                continue
            name = self._type_name(label, root)
            trigger = Span(text=root.text, start=root.idx, end=root.idx + len(root.text))
            out.append(
                Event(
                    id=f"{state.article.id}-learned{len(out)}",
                    type=name,
                    evidence=Evidence(sent.text, sent.start_char, sent.end_char, trigger),
                    cameo_root=self.onto.get(name).default_root,
                    quad_class=self.onto.quad_class(name),
                    intensity=self.onto.intensity(name),
                    confidence=updated_confidence(0.3, joint[label], self.policy.confidence_weight),
                )
            )
        return out

    def __call__(self, state: DocState) -> None:
        state.events = [self.retype(state, ev) for ev in state.events]
        state.events.extend(self.added_events(state))


@register_stage(
    "events.learned.v1",
    requires=["events"],
    assigns=["events.type"],
    default_config={
        "model": "",
        **dict.fromkeys(NUMERIC_SETTINGS, AUTO),
        "add_events": False,
    },
)
def make_stage(nlp: Any, config: Mapping[str, Any]) -> Stage:
    """Build the stage; `model` is a path to an artifact ("" = the shipped one)."""
    model = config.get("model") or ""
    if not isinstance(model, str):
        raise ConfigError(Messages.E562, setting="model", value=model, problem="expected a path")
    add = config.get("add_events", False)
    if not isinstance(add, bool):
        raise ConfigError(Messages.E562, setting="add_events", value=add, problem="true or false")
    path = Path(model) if model else packaged_model_path()
    policy = policy_from_config(config, calibrated_policy(path))
    typer = LearnedTyper(load_classifier(path), load_ontology(), policy)
    if add:
        return typer
    return lambda state: setattr(state, "events", [typer.retype(state, e) for e in state.events])
