"""A multinomial logistic regression over sparse binary features, in numpy, and its artifact.

Why hand-written rather than scikit-learn: the model is a few hundred lines of arithmetic
that numpy (already a dependency through spaCy) does well; it keeps Sitrep's install small,
lets the artifact be a plain `.npz` of weights and vocabulary that loads in milliseconds with
no pickle, and lets one vocabulary serve two heads (PLOVER type and quad class).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ConfigError, Messages

FloatArray = npt.NDArray[np.float32]
FORMAT_VERSION = 1


def build_vocabulary(rows: Iterable[Sequence[str]], *, min_count: int) -> list[str]:
    """Features seen in at least `min_count` rows, sorted (so the artifact is reproducible)."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(set(row))
    return sorted(f for f, n in counts.items() if n >= min_count)


def encode(rows: Sequence[Sequence[str]], index: Mapping[str, int]) -> FloatArray:
    """Dense 0/1 design matrix (rows x vocabulary); unknown features are dropped."""
    x = np.zeros((len(rows), len(index)), dtype=np.float32)
    for i, row in enumerate(rows):
        cols = [index[f] for f in row if f in index]
        x[i, cols] = 1.0
    return x


def softmax(z: FloatArray) -> FloatArray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


@dataclass(frozen=True)
class Head:
    """One softmax layer: weights (features x labels), bias and label names."""

    labels: tuple[str, ...]
    weights: FloatArray
    bias: FloatArray

    def proba(self, x: FloatArray) -> FloatArray:
        return softmax(x @ self.weights + self.bias)


def fit_head(
    x: FloatArray,
    y: Sequence[int],
    labels: Sequence[str],
    *,
    l2: float,
    epochs: int,
    learning_rate: float,
    sample_weight: Sequence[float] | None = None,
) -> Head:
    """Fit weights by full-batch Adam on the L2-penalised mean cross-entropy."""
    n, d = x.shape
    k = len(labels)
    target = np.zeros((n, k), dtype=np.float32)
    target[np.arange(n), np.asarray(y)] = 1.0
    sw = np.ones(n, dtype=np.float32) if sample_weight is None else np.asarray(sample_weight)
    sw = (sw / sw.sum()).astype(np.float32)[:, None]
    w = np.zeros((d, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    mw, vw = np.zeros_like(w), np.zeros_like(w)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        p = softmax(x @ w + b)
        err = (p - target) * sw
        gw = x.T @ err + l2 * w
        gb = err.sum(axis=0)
        mw = beta1 * mw + (1 - beta1) * gw
        vw = beta2 * vw + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1**step, 1 - beta2**step
        w -= learning_rate * (mw / c1) / (np.sqrt(vw / c2) + eps)
        b -= learning_rate * (mb / c1) / (np.sqrt(vb / c2) + eps)
    return Head(labels=tuple(labels), weights=w, bias=b)


@dataclass(frozen=True)
class Classifier:
    """The shipped model: one feature vocabulary and two heads (type, quad)."""

    vocabulary: tuple[str, ...]
    type_head: Head
    quad_head: Head
    index: Mapping[str, int]

    @classmethod
    def create(cls, vocabulary: Sequence[str], type_head: Head, quad_head: Head) -> Classifier:
        vocab = tuple(vocabulary)
        return cls(vocab, type_head, quad_head, {f: i for i, f in enumerate(vocab)})

    def encode(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        return encode(rows, self.index)

    def predict(self, features: Sequence[str]) -> tuple[dict[str, float], dict[int, float]]:
        """Probabilities of each type label and of each quad class for one event."""
        x = self.encode([features])
        pt = self.type_head.proba(x)[0]
        pq = self.quad_head.proba(x)[0]
        types = {lab: float(p) for lab, p in zip(self.type_head.labels, pt, strict=True)}
        quads = {int(lab): float(p) for lab, p in zip(self.quad_head.labels, pq, strict=True)}
        return types, quads

    def save(self, path: Path) -> None:
        """Write the weights (float16, compressed) and vocabulary to an `.npz` file."""
        arrays: dict[str, Any] = {
            "format_version": np.asarray(FORMAT_VERSION),
            "vocabulary": np.asarray(self.vocabulary, dtype=np.str_),
        }
        for name, head in (("type", self.type_head), ("quad", self.quad_head)):
            arrays[f"{name}_labels"] = np.asarray(head.labels, dtype=np.str_)
            arrays[f"{name}_weights"] = head.weights.astype(np.float16)
            arrays[f"{name}_bias"] = head.bias.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path: Path) -> Classifier:
        """Read an artifact written by `save`; E560 if unreadable, E561 if malformed."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError) as e:
            raise ConfigError(Messages.E560, path=path, reason=e) from e
        try:
            version = int(arrays["format_version"])
            vocab = [str(v) for v in arrays["vocabulary"]]
            heads = {}
            for name in ("type", "quad"):
                labels = tuple(str(v) for v in arrays[f"{name}_labels"])
                weights = arrays[f"{name}_weights"].astype(np.float32)
                bias = arrays[f"{name}_bias"].astype(np.float32)
                if weights.shape != (len(vocab), len(labels)) or bias.shape != (len(labels),):
                    raise ValueError(f"{name} weights have shape {weights.shape}")
                heads[name] = Head(labels, weights, bias)
        except (KeyError, ValueError) as e:
            raise ConfigError(Messages.E561, path=path, problem=e) from e
        if version != FORMAT_VERSION:
            problem = f"format version {version}, expected {FORMAT_VERSION}"
            raise ConfigError(Messages.E561, path=path, problem=problem)
        return cls.create(vocab, heads["type"], heads["quad"])


def read_report(path: Path) -> dict[str, Any]:
    """The JSON training report written next to an artifact."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(Messages.E560, path=path, reason=e) from e
    if not isinstance(data, dict):
        raise ConfigError(Messages.E561, path=path, problem="the report is not a JSON object")
    return data
