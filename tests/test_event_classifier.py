"""The learned event-type stage (events.learned.v1), its artifact and its training script."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.errors import ConfigError
from sitrep.extract.event_classifier import (
    make_stage,
    packaged_model_path,
    policy_from_config,
)
from sitrep.learn.combine import Policy, decide
from sitrep.learn.features import event_features, trigger_at
from sitrep.learn.softmax import Classifier, read_report
from sitrep.model import Article, Event, Evidence, Span
from sitrep.pipeline import DocState, get_factory

ROOT = Path(__file__).resolve().parents[1]
REPORT = packaged_model_path().with_name("event_classifier.report.json")


def test_artifact_is_small_loads_fast_and_matches_its_report() -> None:
    path = packaged_model_path()
    assert path.stat().st_size < 5_000_000
    started = time.perf_counter()
    clf = Classifier.load(path)
    assert time.perf_counter() - started < 0.2
    report = read_report(REPORT)
    assert report["vocabulary_size"] == len(clf.vocabulary)
    assert report["type_labels"] == list(clf.type_head.labels)
    assert report["quad_labels"] == list(clf.quad_head.labels)
    heldout = report["heldout"]
    assert heldout["combined"]["plv"]["n_rows"] > 0
    assert heldout["combined"]["quad"]["macro_f1"] > heldout["rules"]["quad"]["macro_f1"]


def test_a_damaged_artifact_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ConfigError) as e:
        Classifier.load(bad)
    assert e.value.code == "E560"


def test_bad_setting_is_reported() -> None:
    with pytest.raises(ConfigError) as e:
        policy_from_config({**get_factory("events.learned.v1", stage="x").default_config,
                            "threshold": "high"})  # fmt: skip
    assert e.value.code == "E562"


def test_decide_keeps_the_rule_below_the_threshold() -> None:
    types = {"ASSAULT": 0.55, "COERCE": 0.45}
    quads = {0: 0.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 1.0}
    policy = Policy(threshold=0.6, quad_weight=0.0)
    assert decide("COERCE", types, quads, policy).label == "COERCE"
    assert decide("COERCE", types, quads, dataclasses.replace(policy, threshold=0.5)).changed


def _state(nlp: Language, text: str, trigger: str, rule_type: str) -> DocState:
    doc = nlp(text)
    start = text.index(trigger)
    sent = next(iter(doc.sents))
    event = Event(
        id="t-ev0",
        type=rule_type,
        evidence=Evidence(
            sent.text, sent.start_char, sent.end_char, Span(trigger, start, start + len(trigger))
        ),
        cameo_root="03",
        quad_class=1,
        intensity=4.0,
        confidence=0.6,
    )
    state = DocState(article=Article(id="t", text=text), doc=doc)
    state.events.append(event)
    return state


TEXT = "Rebel fighters attacked an army base with rockets and killed four soldiers on Monday."


@pytest.mark.slow
def test_stage_retypes_an_event_the_classifier_is_sure_of(nlp: Language) -> None:
    state = _state(nlp, TEXT, "attacked", "AGREE")
    config = dict(get_factory("events.learned.v1", stage="t").default_config)
    config.update(threshold=0.5, cross_quad_threshold=0.5)
    stage = make_stage(nlp, config)
    stage(state)
    (event,) = state.events
    assert event.type == "ASSAULT"
    assert (event.cameo_root, event.quad_class, event.intensity) == ("18", 4, -9.0)
    assert event.confidence != 0.6


@pytest.mark.slow
def test_stage_leaves_events_it_is_not_sure_of(nlp: Language) -> None:
    state = _state(nlp, TEXT, "attacked", "AGREE")
    clf = Classifier.load(packaged_model_path())
    trig = trigger_at(state.doc, TEXT.index("attacked"), TEXT.index("attacked") + 8)
    assert trig is not None
    types, _ = clf.predict(event_features(trig.sent, trig))
    config = dict(get_factory("events.learned.v1", stage="t").default_config)
    config.update(threshold=max(types.values()) + 0.01, neutral_threshold=1.01, quad_weight=0)
    make_stage(nlp, config)(state)
    (event,) = state.events
    before = _state(nlp, TEXT, "attacked", "AGREE").events[0]
    assert dataclasses.replace(event, confidence=before.confidence) == before


SYNTHETIC = {
    "ASSAULT": ("{a} troops shelled a village held by {b} rebels.", 4),
    "AGREE": ("{a} agreed with {b} to hold new talks on the border.", 1),
    "ACCUSE": ("{a} accused {b} of violating the ceasefire.", 3),
    "AID": ("{a} sent food aid and medicine to {b}.", 2),
}
NAMES = ["Iran", "Iraq", "Turkey", "Syria", "Jordan", "Egypt", "Libya", "Chad", "Mali", "Niger"]


def _write_synthetic(eval_dir: Path) -> None:
    header = "\tsentence_id\tsentence\tsource\ttarget\tgold_penta\tgold_root\n"
    plv, quad, gsr = [header], [], [{"id": "doc", "event": "DOCUMENT"}]
    n = 0
    for label, (template, q) in SYNTHETIC.items():
        for a, b in zip(NAMES, NAMES[1:] + NAMES[:1], strict=True):
            text = template.format(a=a, b=b)
            plv.append(f"{n}\t{n}\t{text}\t{a}\t{b}\t{q}\t{label}\n")
            quad.append(f"{text.replace(a, 'The army of ' + a)}\t{q}\n")
            gsr.append({"id": str(n), "event": label, "text": text.replace(".", " today.")})
            n += 1
    quad += [
        f"{a} said the weather in {b} was fine.\t0\n"
        for a, b in zip(NAMES, NAMES[::-1], strict=True)
    ]
    for sub, name, lines in (
        ("plv_train", "PLV_train.tsv", plv),
        ("cameo_quad_train", "train.tsv", quad),
    ):
        (eval_dir / sub).mkdir(parents=True)
        (eval_dir / sub / name).write_text("".join(lines), encoding="utf-8")
    (eval_dir / "plover_gsr").mkdir()
    (eval_dir / "plover_gsr" / "PLOVER_GSR_CAMEO.json").write_text(json.dumps(gsr))


@pytest.mark.slow
def test_training_script_runs_on_a_tiny_synthetic_set(tmp_path: Path) -> None:
    eval_dir, out = tmp_path / "eval", tmp_path / "out"
    _write_synthetic(eval_dir)
    spec = importlib.util.spec_from_file_location(
        "train_event_classifier", ROOT / "scripts" / "train_event_classifier.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    args = ["--eval", str(eval_dir), "--out", str(out), "--epochs", "30", "--min-count", "1"]
    assert module.main(args) == 0
    report = read_report(out / "event_classifier.report.json")
    clf = Classifier.load(out / "event_classifier.npz")
    assert report["vocabulary_size"] == len(clf.vocabulary)
    assert report["data"]["examples"] == {"gsr": 40, "plv": 40, "quad": 50}
    assert report["split"]["test"]["plv"] == 8
    types, _ = clf.predict(["t=shell", "s=shell", "s=village"])
    assert max(types, key=lambda k: types[k]) == "ASSAULT"


def test_decide_needs_more_to_cross_quad_classes_and_keeps_confident_rules() -> None:
    types = {"ASSAULT": 0.8, "AGREE": 0.2}
    quads = {0: 0.0, 1: 0.5, 2: 0.0, 3: 0.0, 4: 0.5}
    policy = Policy(threshold=0.5, cross_quad_threshold=0.9, quad_weight=0.0)
    assert not decide("AGREE", types, quads, policy).changed
    loose = dataclasses.replace(policy, cross_quad_threshold=0.7)
    assert decide("AGREE", types, quads, loose, rule_confidence=0.6).changed
    strict = dataclasses.replace(loose, keep_confident=0.9)
    assert not decide("AGREE", types, quads, strict, rule_confidence=0.9000000001).changed


def test_decide_makes_only_verbal_events_neutral() -> None:
    types = {"ASSAULT": 0.5, "ACCUSE": 0.5}
    quads = {0: 0.95, 1: 0.0, 2: 0.0, 3: 0.05, 4: 0.0}
    policy = Policy(threshold=1.01, neutral_threshold=0.9)
    assert decide("ACCUSE", types, quads, policy).neutral
    assert not decide("ASSAULT", types, quads, policy).neutral


def test_auto_settings_come_from_the_report() -> None:
    report = read_report(REPORT)
    policy = policy_from_config({}, report["policy"])
    assert policy.threshold == report["policy"]["threshold"]
    assert policy_from_config({"threshold": 0.3}, report["policy"]).threshold == 0.3
    assert policy_from_config({}).threshold == Policy().threshold


@pytest.mark.slow
def test_sentence_features_stay_in_the_triggers_clause(nlp: Language) -> None:
    text = "Officials said the army attacked the town after talks with rebels failed."
    doc = nlp(text)
    trig = trigger_at(doc, text.index("attacked"), text.index("attacked") + 8)
    assert trig is not None
    feats = event_features(trig.sent, trig)
    assert "s=attack" in feats and "s=talk" not in feats
