"""Calibrated scores: the model is data, every feature is explained, rules still hold."""

from __future__ import annotations

import json

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.calibration import FEATURES, MODEL, MODEL_FILE, load_model, to_score, to_z

SCORE = Matcher([]).score


def test_the_model_is_data_with_a_weight_per_feature() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    assert MODEL.weights == tuple(float(data["weights"][f]) for f in FEATURES)
    assert MODEL.intercept == float(data["intercept"])


def test_a_model_missing_a_feature_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"intercept": 0.0, "weights": {"similarity": 1.0}}), encoding="utf-8")
    with pytest.raises(ValueError, match="weights missing"):
        load_model(path)


def test_score_and_log_odds_are_inverse() -> None:
    for score in (5.0, 50.0, DEFAULT_MIN_SCORE, 95.0):
        assert to_score(to_z(score)) == pytest.approx(score)
    # A calibrated score never reads as an exact match.
    assert to_score(50.0) < 100.0


def test_same_words_score_100_without_the_model() -> None:
    assert SCORE("Lockheed Martin Corporation", "LOCKHEED MARTIN CORP") == 100
    expl = Matcher([]).explain("Lockheed Martin Corporation", "LOCKHEED MARTIN CORP")
    assert expl.features == []
    assert "same name" in str(expl)


def test_every_feature_and_its_contribution_is_in_the_explanation() -> None:
    expl = Matcher([]).explain("Tayota Motor Corporation", "Toyota Motor Corporation")
    assert [f[0] for f in expl.features] == list(FEATURES)
    z = MODEL.intercept + sum(contribution for _, _, _, contribution in expl.features)
    assert expl.name_score == pytest.approx(to_score(z), abs=0.01)
    text = str(expl)
    assert "calibrated: log-odds" in text and "similarity" in text


def test_cross_script_feature_marks_a_transliterated_comparison() -> None:
    expl = Matcher([]).explain("Юрий Хижняк", "KHIZHNYAK, Yuriy Ivanovich")
    features = {name: value for name, value, _, _ in expl.features}
    assert features["cross_script"] == 1.0 and features["person"] == 1.0
    latin = {n: v for n, v, _, _ in Matcher([]).explain("Iurii Hizhniak", "KHIZHNYAK, Yuriy Ivanovich").features}
    assert latin["cross_script"] == 0.0


def test_a_different_legal_form_is_a_feature_and_still_a_likely_hit() -> None:
    expl = Matcher([]).explain("HENSOLDT GmbH", "HENSOLDT AG")
    features = {name: value for name, value, _, _ in expl.features}
    assert features["legal_conflict"] == 1.0
    assert DEFAULT_MIN_SCORE <= expl.name_score < 100


def test_caps_still_bound_the_calibrated_score() -> None:
    # A single personal name is never a hit on its own, whatever the model says.
    matcher = Matcher([Candidate("l", ["LOPEZ, Juan Carlos"], kind="person")])
    assert matcher.score("Lopez", "LOPEZ, Juan Carlos") <= 60
    # Legal forms and generic words alone never make a hit.
    assert SCORE("International Trading Company Ltd", "International Trading Co") <= 40
