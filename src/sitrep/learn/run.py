"""The whole training run behind `scripts/train_event_classifier.py`: read, parse, split, fit,
measure, and write the artifact with its JSON report.

The shipped model is the one fitted on the training part of the split, so the held-out scores in
the report are the scores of the file that ships.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, Messages
from ..nlp import load_nlp
from .combine import Policy
from .corpus import parse_sentences, rules_pipeline
from .datasets import read_all, stratified_split, unique_texts
from .softmax import Classifier
from .training import Example, Hyper, calibrate, evaluate, fit, head_accuracy, make_example

MODEL_NAME = "event_classifier.npz"
REPORT_NAME = "event_classifier.report.json"


@dataclass(frozen=True)
class RunOptions:
    eval_dir: Path
    out_dir: Path
    cache_dir: Path | None = None
    test_share: float = 0.2
    seed: int = 13
    calibration_share: float = 0.25  # of the training part, to calibrate the policy on
    calibrate: bool = True
    hyper: Hyper = field(default_factory=Hyper)
    policy: Policy = field(default_factory=Policy)


def _scores(
    test: Sequence[Example], clf: Classifier, policy: Policy, uncalibrated: Policy
) -> dict[str, Any]:
    never_add = {**asdict(policy), "add_threshold": 2.0}
    runs = {
        "rules": Policy(**{**never_add, "mode": "rules"}),
        "classifier": Policy(**{**never_add, "mode": "classifier"}),
        "combined": Policy(**never_add),
        "combined_add_events": policy,
        "combined_uncalibrated": Policy(**{**asdict(uncalibrated), "add_threshold": 2.0}),
    }
    return {name: evaluate(test, clf, p) for name, p in runs.items()}


def train(options: RunOptions) -> dict[str, Any]:
    """Train, measure on the held-out part, write model and report; return the report."""
    started = time.time()
    items = read_all(options.eval_dir)
    if not items:
        raise ConfigError(Messages.E565, problem=f"no examples under {options.eval_dir}")
    settings = Settings.load(environ={})
    pipeline = rules_pipeline(settings, load_nlp(settings))
    texts = unique_texts(items)
    parsed = {
        p.text: p for p in parse_sentences(texts, pipeline=pipeline, cache_dir=options.cache_dir)
    }
    stacking = options.hyper.stacking
    examples = [make_example(item, parsed[item.text], stacking=stacking) for item in items]
    train_idx, test_idx = stratified_split(items, test_share=options.test_share, seed=options.seed)
    train_set = [examples[i] for i in train_idx]
    test_set = [examples[i] for i in test_idx]
    if not train_set or not any(ex.item.type_label for ex in train_set):
        raise ConfigError(Messages.E565, problem="the training part has no typed examples")
    policy = options.policy
    calibration: dict[str, Any] = {}
    if options.calibrate:
        # an inner split of the training part: fit on one side, choose the policy on the other
        fit_idx, val_idx = stratified_split(
            [items[i] for i in train_idx],
            test_share=options.calibration_share,
            seed=options.seed + 1,
        )
        inner = fit([train_set[i] for i in fit_idx], options.hyper)
        policy, calibration = calibrate([train_set[i] for i in val_idx], inner, options.policy)
    clf = fit(train_set, options.hyper)
    model_path = options.out_dir / MODEL_NAME
    clf.save(model_path)

    def sizes(idx: Sequence[int]) -> dict[str, int]:
        return dict(sorted(Counter(items[i].corpus for i in idx).items()))

    report: dict[str, Any] = {
        "model": MODEL_NAME,
        "trained": dt.date.today().isoformat(),
        "classifier": "multinomial logistic regression (numpy, full-batch Adam, L2), two heads",
        "data": {
            "eval_dir_layout": [
                "plv_train/PLV_train.tsv",
                "cameo_quad_train/train.tsv",
                "plover_gsr/PLOVER_GSR_CAMEO.json",
            ],
            "examples": sizes(range(len(items))),
            "distinct_sentences": len(texts),
            "rules_events": sum(len(p.events) for p in parsed.values()),
        },
        "split": {
            "test_share": options.test_share,
            "seed": options.seed,
            "stratified_by": "corpus and label of a sentence's first row; a sentence never "
            "straddles the split (PLV and quad share sentences)",
            "train": sizes(train_idx),
            "test": sizes(test_idx),
        },
        "hyperparameters": {**asdict(options.hyper), "corpus_weight": options.hyper.corpus_weight},
        "policy": asdict(policy),
        "calibration": calibration,
        "vocabulary_size": len(clf.vocabulary),
        "type_labels": list(clf.type_head.labels),
        "quad_labels": list(clf.quad_head.labels),
        "heldout": {
            "heads": head_accuracy(test_set, clf),
            **_scores(test_set, clf, policy, options.policy),
        },
        "train_fit": {"heads": head_accuracy(train_set, clf)},
        "seconds": round(time.time() - started, 1),
    }
    report_path = options.out_dir / REPORT_NAME
    report_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report
