"""Training and measuring the event classifier on parsed, labelled sentences.

For each labelled sentence the event the scorers would look at is found among the rules' events
(PLV: the one whose source and target best match the row's; quad: the most confident; GSR: the
one on a marked event word), and its features are the training example; when the rules found
nothing the marked word or the sentence's main verb stands in as the trigger. Measuring replays
the stage on every rules event of a held-out sentence and then picks and scores events exactly as
`shared/tools/score/plv.py` and `quad.py` do.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .combine import Policy, as_label, decide, joint_probabilities, updated_confidence
from .corpus import ParsedSentence, RuleEvent
from .datasets import QUAD_LABELS, QUAD_OF_LABEL, TYPE_LABELS, LabelledSentence
from .features import event_features, rule_features, sentence_root, trigger_at
from .softmax import Classifier, build_vocabulary, encode, fit_head

if TYPE_CHECKING:
    from spacy.tokens import Token

_STOP = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "by", "s", "its", "his", "her"}
_STOP |= {"their"}


@dataclass(frozen=True)
class Hyper:
    """Training settings (all recorded in the report)."""

    min_count: int = 2
    l2: float = 1e-4
    epochs: int = 150
    learning_rate: float = 0.05
    corpus_weight: Mapping[str, float] = field(
        default_factory=lambda: {"plv": 1.0, "quad": 1.0, "gsr": 1.0}
    )
    stacking: bool = True  # the rules' type and confidence are features


class Predictor(Protocol):
    def predict(self, features: Sequence[str]) -> tuple[dict[str, float], dict[int, float]]: ...


class CachedPredictor:
    """A classifier whose predictions are remembered (calibration replays the same events)."""

    def __init__(self, clf: Predictor) -> None:
        self.clf = clf
        self.memo: dict[tuple[str, ...], tuple[dict[str, float], dict[int, float]]] = {}

    def predict(self, features: Sequence[str]) -> tuple[dict[str, float], dict[int, float]]:
        key = tuple(features)
        if key not in self.memo:
            self.memo[key] = self.clf.predict(features)
        return self.memo[key]


@dataclass(frozen=True)
class EventView:
    """One rules event of a sentence with its features (for replaying the stage)."""

    rule: RuleEvent
    features: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """A labelled sentence, its events and the features of the event the scorers look at."""

    item: LabelledSentence
    events: tuple[EventView, ...]
    picked: int | None  # index into events of the event the scorer would read
    features: tuple[str, ...]  # of the picked event, or of the stand-in trigger


def _tokens(s: str) -> set[str]:
    return {w for w in re.findall(r"\w+", s.lower()) if w not in _STOP}


def similarity(a: str, b: str) -> float:
    """plv.py's actor match: 1 if one contains the other as whole words, else token Jaccard."""
    a, b = a.strip().lower(), b.strip().lower()
    if not a or not b:
        return 0.0
    short, long_ = sorted((a, b), key=len)
    if re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long_):
        return 1.0
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def best_confident(confidences: Sequence[float]) -> int | None:
    """Index of the highest confidence, the first on ties (quad.py's `best_event`)."""
    best: int | None = None
    for i, c in enumerate(confidences):
        if best is None or c > confidences[best]:
            best = i
    return best


def pick_for_row(
    sources: Sequence[str], targets: Sequence[str], confidences: Sequence[float], row: Any
) -> int | None:
    """plv.py's choice of event for a (sentence, source, target) row."""
    best, best_key = None, (0.0, 0.0, 0)
    for i, (src, tgt, conf) in enumerate(zip(sources, targets, confidences, strict=True)):
        sim = similarity(src, row.source) + similarity(tgt, row.target)
        key = (sim, conf, -i)
        if sim > 0 and key > best_key:
            best, best_key = i, key
    return best if best is not None else best_confident(confidences)


def _marked_token(parsed: ParsedSentence, words: Sequence[str]) -> Token | None:
    for phrase in words:
        first = phrase.split()[0] if phrase.split() else ""
        m = re.search(r"(?<!\w)" + re.escape(first) + r"(?!\w)", parsed.text) if first else None
        if m:
            return trigger_at(parsed.doc, m.start(), m.end())
    return None


def rule_view(ev: RuleEvent) -> list[str]:
    """The stacking features of a rules event."""
    return rule_features(as_label(ev.type), ev.quad_class, ev.confidence)


def make_example(item: LabelledSentence, parsed: ParsedSentence, *, stacking: bool) -> Example:
    views = []
    triggers = []
    for ev in parsed.events:
        trig = trigger_at(parsed.doc, ev.trigger_start, ev.trigger_end)
        triggers.append(trig)
        sent = trig.sent if trig is not None else parsed.doc[:]
        rule = rule_view(ev) if stacking else []
        views.append(EventView(ev, tuple(event_features(sent, trig, rule))))
    rules = parsed.events
    confs = [e.confidence for e in rules]
    picked: int | None
    if item.corpus == "quad":
        picked = best_confident(confs)
    else:
        picked = pick_for_row([e.source for e in rules], [e.target for e in rules], confs, item)
    marked = _marked_token(parsed, item.trigger_words) if item.trigger_words else None
    if marked is not None:
        on_marked = [i for i, t in enumerate(triggers) if t is not None and t.i == marked.i]
        rule = rule_view(rules[on_marked[0]]) if on_marked and stacking else ["r=<none>"]
        feats = tuple(event_features(marked.sent, marked, rule))
    elif picked is not None:
        feats = views[picked].features
    else:
        root = sentence_root(next(iter(parsed.doc.sents)))
        feats = tuple(event_features(root.sent, root))
    return Example(item, tuple(views), picked, feats)


def fit(examples: Sequence[Example], hyper: Hyper) -> Classifier:
    """Train both heads on the examples' features."""
    vocab = build_vocabulary([ex.features for ex in examples], min_count=hyper.min_count)
    index = {f: i for i, f in enumerate(vocab)}
    typed = [ex for ex in examples if ex.item.type_label is not None]
    quads = [ex for ex in examples if ex.item.quad_label is not None]
    type_head = fit_head(
        encode([ex.features for ex in typed], index),
        [TYPE_LABELS.index(str(ex.item.type_label)) for ex in typed],
        TYPE_LABELS,
        l2=hyper.l2,
        epochs=hyper.epochs,
        learning_rate=hyper.learning_rate,
        sample_weight=[hyper.corpus_weight.get(ex.item.corpus, 1.0) for ex in typed],
    )
    quad_head = fit_head(
        encode([ex.features for ex in quads], index),
        [QUAD_LABELS.index(int(ex.item.quad_label or 0)) for ex in quads],
        [str(q) for q in QUAD_LABELS],
        l2=hyper.l2,
        epochs=hyper.epochs,
        learning_rate=hyper.learning_rate,
        sample_weight=[hyper.corpus_weight.get(ex.item.corpus, 1.0) for ex in quads],
    )
    return Classifier.create(vocab, type_head, quad_head)


def replay(ex: Example, clf: Predictor, policy: Policy) -> list[tuple[str, int | None, float]]:
    """(label, quad class, confidence) of each rules event after the stage has run, plus the
    event the stage adds when the rules found none and `policy.add_threshold` is below 1."""
    out: list[tuple[str, int | None, float]] = []
    for view in ex.events:
        rule = view.rule
        if policy.mode == "rules":
            out.append((as_label(rule.type), rule.quad_class, rule.confidence))
            continue
        types, quads = clf.predict(view.features)
        d = decide(rule.type, types, quads, policy, rule.confidence)
        quad = QUAD_OF_LABEL[d.label] if d.changed else rule.quad_class
        out.append(
            (
                d.label,
                0 if d.neutral else quad,
                updated_confidence(rule.confidence, d.probability, policy.confidence_weight),
            )
        )
    if not ex.events and policy.mode != "rules" and policy.add_threshold <= 1.0:
        types, quads = clf.predict(ex.features)
        joint = joint_probabilities(types, quads, quad_weight=policy.quad_weight)
        label = max(joint, key=lambda k: joint[k])
        if joint[label] >= policy.add_threshold and quads[0] < 0.5:
            out.append(
                (
                    label,
                    QUAD_OF_LABEL[label],
                    updated_confidence(0.3, joint[label], policy.confidence_weight),
                )
            )
    return out


def _f1_scores(pairs: Sequence[tuple[Any, Any]], labels: Sequence[Any]) -> dict[Any, float]:
    tp = Counter(g for g, p in pairs if g == p)
    ng = Counter(g for g, _ in pairs)
    npred = Counter(p for _, p in pairs)
    out = {}
    for lab in labels:
        prec = tp[lab] / npred[lab] if npred[lab] else 0.0
        rec = tp[lab] / ng[lab] if ng[lab] else 0.0
        out[lab] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def evaluate(examples: Sequence[Example], clf: Predictor, policy: Policy) -> dict[str, Any]:
    """plv.py and quad.py metrics of the replayed stage on these examples."""
    plv_pairs: list[tuple[str, str]] = []
    quad_pairs: list[tuple[int, int]] = []
    plv_quad_ok = 0
    for ex in examples:
        after = replay(ex, clf, policy)
        confs = [c for _, _, c in after]
        if ex.item.corpus == "plv":
            extra = [""] * (len(after) - len(ex.events))  # an added event names no actors
            sources = [v.rule.source for v in ex.events] + extra
            targets = [v.rule.target for v in ex.events] + extra
            i = pick_for_row(sources, targets, confs, ex.item)
            plv_pairs.append((str(ex.item.type_label), after[i][0] if i is not None else "NONE"))
            plv_quad_ok += i is not None and after[i][1] == ex.item.quad_label
        elif ex.item.corpus == "quad":
            j = best_confident(confs)
            q = after[j][1] if j is not None else 0
            quad_pairs.append((int(ex.item.quad_label or 0), q if q in (1, 2, 3, 4) else 0))
    plv_labels = sorted({g for g, _ in plv_pairs})
    plv_f1 = _f1_scores(plv_pairs, plv_labels)
    quad_f1 = _f1_scores(quad_pairs, [1, 2, 3, 4])
    return {
        "plv": {
            "n_rows": len(plv_pairs),
            "macro_f1": _mean(plv_f1.values()),
            "accuracy": _mean(float(g == p) for g, p in plv_pairs),
            "quad_accuracy": plv_quad_ok / len(plv_pairs) if plv_pairs else None,
            "per_label_f1": {k: round(v, 3) for k, v in plv_f1.items()},
        },
        "quad": {
            "n_sentences": len(quad_pairs),
            "macro_f1": _mean(quad_f1.values()),
            "accuracy": _mean(float(g == p) for g, p in quad_pairs),
            "per_class_f1": {str(k): round(v, 3) for k, v in quad_f1.items()},
        },
    }


def _mean(values: Any) -> float | None:
    vals = list(values)
    return round(sum(vals) / len(vals), 4) if vals else None


def head_accuracy(examples: Sequence[Example], clf: Classifier) -> dict[str, float | None]:
    """Accuracy of each head alone on the examples' own features (no rules involved)."""
    typed = [ex for ex in examples if ex.item.type_label is not None]
    quads = [ex for ex in examples if ex.item.quad_label is not None]
    ok_t = ok_q = 0
    for ex in typed:
        types, _ = clf.predict(ex.features)
        ok_t += max(types, key=lambda k: types[k]) == ex.item.type_label
    for ex in quads:
        _, qs = clf.predict(ex.features)
        ok_q += max(qs, key=lambda k: qs[k]) == ex.item.quad_label
    return {
        "type_accuracy": round(ok_t / len(typed), 4) if typed else None,
        "quad_accuracy": round(ok_q / len(quads), 4) if quads else None,
    }


# The settings calibration tries, each list from the most cautious value (never re-type) on.
CALIBRATION_GRID: dict[str, tuple[float, ...]] = {
    "keep_confident": (0.7, 0.8, 0.9, 1.01),
    "cross_quad_threshold": (1.01, 0.95, 0.9, 0.8, 0.7),
    "threshold": (0.9, 0.8, 0.7, 0.6, 0.5),
    "neutral_threshold": (1.01, 0.9, 0.8, 0.6),
    "confidence_weight": (0.0, 0.5),
}


def objective(scores: Mapping[str, Any]) -> float:
    """What calibration maximises: the mean of PLV and quad macro-F1."""
    return (float(scores["plv"]["macro_f1"] or 0.0) + float(scores["quad"]["macro_f1"] or 0.0)) / 2


def calibrate(
    examples: Sequence[Example], clf: Predictor, base: Policy, *, min_gain: float = 0.002
) -> tuple[Policy, dict[str, Any]]:
    """The grid policy that scores best on `examples` (an inner validation split, never the
    held-out part); a less cautious setting must gain at least `min_gain` over the best more
    cautious one seen so far, so that noise does not buy re-typing."""
    cached = CachedPredictor(clf)
    no_add = {**asdict(base), "add_threshold": 2.0}
    rules = evaluate(examples, cached, Policy(**{**no_add, "mode": "rules"}))
    best, best_score = Policy(**no_add), -1.0
    names = list(CALIBRATION_GRID)
    for values in itertools.product(*(CALIBRATION_GRID[n] for n in names)):
        policy = Policy(**{**no_add, **dict(zip(names, values, strict=True))})
        score = objective(evaluate(examples, cached, policy))
        if score > best_score + (min_gain if best_score >= 0 else 0.0):
            best, best_score = policy, score
    chosen = Policy(**{**asdict(best), "add_threshold": base.add_threshold})
    return chosen, {
        "objective": "mean of PLV and quad macro-F1 on the inner validation split",
        "grid": {k: list(v) for k, v in CALIBRATION_GRID.items()},
        "min_gain": min_gain,
        "inner_validation": {
            "rules": round(objective(rules), 4),
            "chosen": round(best_score, 4),
        },
        "chosen": {n: getattr(chosen, n) for n in names},
    }
