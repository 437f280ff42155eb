"""Readers for the annotated sets the event classifier is trained on (read at training time).

Three sets, each read from a checkout of the shared evaluation data, never copied into Sitrep:

- PLV (`plv_train/PLV_train.tsv`): a sentence, its source and target, a PLOVER root (YIELD
  stands for CONCEDE and RETREAT) and the quad class;
- CAMEO quad (`cameo_quad_train/train.tsv`): a sentence and its quad class 0-4;
- PLOVER GSR (`plover_gsr/PLOVER_GSR_CAMEO.json`): CAMEO manual sentences with the PLOVER 0.5
  event type and the marked event words, mapped onto today's 16 types.

Every example becomes a `LabelledSentence`: the text, an optional type label, an optional quad
label, hints for picking the trigger (the marked event words, source and target texts), and a
group key so that copies of one sentence (in one set or across sets) land on the same side of a
split.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, Messages

# PLOVER 0.5 names in the GSR that later versions merged into another type.
GSR_TYPE_MAP = {
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "CONCEDE": "YIELD",
    "RETREAT": "YIELD",
}
# The labels the type head predicts: the 16 types with CONCEDE and RETREAT merged, as the PLV
# data (and its scorer) has them.
TYPE_LABELS: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "YIELD",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
QUAD_OF_LABEL = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "COOPERATE": 2,
    "AID": 2,
    "YIELD": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
QUAD_LABELS: tuple[int, ...] = (0, 1, 2, 3, 4)
_MARKUP_EVT = re.compile(r"\(EVT: ([^)]*)\)")


@dataclass(frozen=True)
class LabelledSentence:
    """One training or test example."""

    corpus: str  # plv | quad | gsr
    text: str
    type_label: str | None  # one of TYPE_LABELS, or None (quad-only examples)
    quad_label: int | None  # 0-4, or None
    source: str = ""
    target: str = ""
    trigger_words: tuple[str, ...] = field(default_factory=tuple)  # marked event words (GSR)

    @property
    def group(self) -> str:
        # the PLV and quad sets share hundreds of sentences: a sentence is one group across sets
        return self.text

    @property
    def stratum(self) -> str:
        return f"{self.corpus}:{self.type_label or self.quad_label}"


def _need(path: Path) -> Path:
    if not path.is_file():
        raise ConfigError(Messages.E563, path=path)
    return path


def read_plv(path: Path) -> list[LabelledSentence]:
    """Rows of a PLV-style TSV (header with sentence, source, target, gold_root, gold_penta)."""
    with _need(path).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for row in rows:
        root = row["gold_root"].strip().upper()
        root = GSR_TYPE_MAP.get(root, root)
        if root not in QUAD_OF_LABEL:
            raise ConfigError(Messages.E564, path=path, label=root)
        target = row["target"].strip()
        out.append(
            LabelledSentence(
                corpus="plv",
                text=row["sentence"],
                type_label=root,
                quad_label=int(row["gold_penta"]),
                source=row["source"].strip(),
                target="" if target.lower() == "a recipient" else target,
            )
        )
    return out


def read_quad(path: Path) -> list[LabelledSentence]:
    """Lines `sentence TAB label` (label 0-4; a few lines are CSV-quoted)."""
    with _need(path).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and r[0].strip()]
    out = []
    for row in rows:
        label = int(row[-1])
        if label not in QUAD_LABELS:
            raise ConfigError(Messages.E564, path=path, label=label)
        out.append(LabelledSentence(corpus="quad", text=row[0], type_label=None, quad_label=label))
    return out


def _actor_text(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return str(value[0].get("actorText", ""))
    return ""


def read_gsr(path: Path) -> list[LabelledSentence]:
    """PLOVER GSR records with text; event names mapped to today's types (DOCUMENT skipped)."""
    records = json.loads(_need(path).read_text(encoding="utf-8"))
    out = []
    for rec in records:
        name = str(rec.get("event", "")).upper()
        label = GSR_TYPE_MAP.get(name, name)
        if not rec.get("text") or label not in QUAD_OF_LABEL:
            continue
        info = rec.get("textInfo")
        markup = str(info.get("markup", "")) if isinstance(info, dict) else ""
        out.append(
            LabelledSentence(
                corpus="gsr",
                text=str(rec["text"]),
                type_label=label,
                quad_label=QUAD_OF_LABEL[label],
                source=_actor_text(rec.get("source")),
                target=_actor_text(rec.get("target")),
                trigger_words=tuple(_MARKUP_EVT.findall(markup)),
            )
        )
    return out


def read_all(eval_dir: Path) -> list[LabelledSentence]:
    """The three sets under a shared `eval/` directory, in a fixed order."""
    return [
        *read_plv(eval_dir / "plv_train" / "PLV_train.tsv"),
        *read_quad(eval_dir / "cameo_quad_train" / "train.tsv"),
        *read_gsr(eval_dir / "plover_gsr" / "PLOVER_GSR_CAMEO.json"),
    ]


def stratified_split(
    examples: Sequence[LabelledSentence], *, test_share: float, seed: int
) -> tuple[list[int], list[int]]:
    """Indices (train, test): `test_share` of each stratum's sentence groups held out.

    Rows of one sentence stay together; a group's stratum is that of its first row.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(examples):
        groups[ex.group].append(i)
    strata: dict[str, list[str]] = defaultdict(list)
    for key, members in groups.items():
        strata[examples[members[0]].stratum].append(key)
    rng = random.Random(seed)
    test_groups: set[str] = set()
    for stratum in sorted(strata):
        keys = sorted(strata[stratum])
        rng.shuffle(keys)
        test_groups.update(keys[: round(len(keys) * test_share)])
    train = [i for i, ex in enumerate(examples) if ex.group not in test_groups]
    test = [i for i, ex in enumerate(examples) if ex.group in test_groups]
    return train, test


def unique_texts(examples: Iterable[LabelledSentence]) -> list[str]:
    """Each distinct sentence once, in first-seen order (what gets parsed)."""
    return list(dict.fromkeys(ex.text for ex in examples))
