"""Calibrated scores: the comparison features combined by a fitted logistic model.

Rule: every comparison of two names (word by word, Han characters, pinyin, acronym) yields a
few interpretable features — how alike the names are, how much of each side is matched, how
much distinctive weight is matched, inexact (typo'd, transliterated) words, conflicting
words, a personal name, two scripts, different legal forms, the method — and the score is
``100 · σ(z)`` with ``z = intercept + Σ weight · feature``. The weights are data
(``calibration.json``), fitted by ``scripts/fit_calibration.py`` on labelled pairs (the fit
half of the list bench and labelled data that is not a benchmark) and shifted so that the
default threshold (``matcher.DEFAULT_MIN_SCORE``) sits at the fit's F1-best point: a score
means the same on any data, and ``DEFAULT_MIN_SCORE`` is the threshold to use.

Two names whose words are all the same (same key or symbol, order free) or whose Chinese
characters are the same score 100 without the model ("same name"); the rules that cap a score
(legal forms or generic words only, a single personal name, a family name not matched, a
company against a person) still cap the calibrated score. Every feature, its weight and its
contribution are listed in the explanation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("calibration.json")

# The features, in the order of the model's weights.  Each is in [0, 1].
#   similarity          the comparison's raw similarity (word alignment score / Han ratio /
#                       pinyin ratio / acronym length score), 0–1
#   query_coverage      share of the query's word weight matched (× similarity)
#   candidate_coverage  share of the candidate's word weight matched (× similarity)
#   matched_weight      distinctive weight matched (kind × IDF, both sides / 2), capped at 3, / 3
#   inexact             share of the matched weight lost to inexact words (typos, romanisations)
#   conflicts           different distinctive words, one on each side (0, 1/3, 2/3, 1 for 3+)
#   person              a comparison of personal names
#   cross_script        the names are written in different scripts
#   legal_conflict      both names carry legal forms, of different classes
#   han, pinyin, acronym  the comparison method (word by word when all three are 0)
FEATURES: tuple[str, ...] = (
    "similarity", "query_coverage", "candidate_coverage", "matched_weight", "inexact", "conflicts",
    "person", "cross_script", "legal_conflict", "han", "pinyin", "acronym",
)
MATCHED_WEIGHT_CAP = 3.0
CONFLICTS_CAP = 3.0
# Calibrated scores are kept below this unless the names are the same ("same name" is 100).
# Why: only an exact name is certain; a calibrated 99.96 must not read as an exact match.
MAX_CALIBRATED = 99.0


@dataclass(frozen=True, slots=True)
class Model:
    """The fitted model: intercept and one weight per feature (see ``FEATURES``)."""

    intercept: float
    weights: tuple[float, ...]
    info: str = ""

    def z(self, x: Sequence[float]) -> float:
        """The model's log-odds for a feature vector."""
        return self.intercept + sum(w * v for w, v in zip(self.weights, model_inputs(x)))

    def upper_z(self, known: dict[int, float], bounds: dict[int, float]) -> float:
        """The largest z possible given some features' values and the others' upper bounds
        (a feature without either lies in [0, 1])."""
        total = self.intercept
        for i, w in enumerate(self.weights):
            value = known[i] if i in known else (bounds.get(i, 1.0) if w > 0 else 0.0)
            total += w * value
        return total


def model_inputs(x: Sequence[float]) -> tuple[float, ...]:
    """A feature vector as the model reads it."""
    return tuple(x)


def load_model(path: Path = MODEL_FILE) -> Model:
    """Read the model from its JSON file (``{"intercept": …, "weights": {feature: …}}``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    missing = [f for f in FEATURES if f not in weights]
    if missing:
        raise ValueError(f"{path}: weights missing for features {missing}")
    return Model(float(data["intercept"]), tuple(float(weights[f]) for f in FEATURES), str(data.get("info", "")))


MODEL = load_model()


def to_score(z: float) -> float:
    """``100 · σ(z)``, at most ``MAX_CALIBRATED``."""
    if z >= 0:
        p = 1.0 / (1.0 + math.exp(-z))
    else:
        e = math.exp(z)
        p = e / (1.0 + e)
    return min(MAX_CALIBRATED, 100.0 * p)


def to_z(score: float) -> float:
    """The log-odds of a score (inverse of ``to_score`` below ``MAX_CALIBRATED``)."""
    p = min(max(score / 100.0, 1e-9), 1 - 1e-9)
    return math.log(p / (1.0 - p))


def contributions(x: Sequence[float], model: Model = MODEL) -> list[tuple[str, float, float, float]]:
    """Each feature with its value, weight and contribution to z (for explanations)."""
    inputs = model_inputs(x)
    return [(name, rounded(v), rounded_w, rounded(w * i))
            for name, v, i, w, rounded_w in zip(FEATURES, x, inputs, model.weights, _rounded_weights(model.weights))]


def rounded(value: float, digits: int = 3) -> float:
    """``round(value, digits)``, a whole number (most features of a comparison are 0 or 1, most
    similarities shown 1) returned as it is, which is what ``round`` gives, sign included: ``round``
    on a float converts it to decimal and back, costly where explanations round many values."""
    return value if value % 1.0 == 0.0 else round(value, digits)


@lru_cache(maxsize=16)
def _rounded_weights(weights: tuple[float, ...]) -> tuple[float, ...]:
    """A model's weights rounded as ``contributions`` shows them, once per model."""
    return tuple(rounded(w) for w in weights)
