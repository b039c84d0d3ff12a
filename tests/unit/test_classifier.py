"""The linear classifier (bot/nlu/classifier.py) on a small real training set, and the shape of
what the Rasa component (bot/nlu/rasa_classifier.py) writes into a parse result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.nlu.classifier import VOCABULARY_FILE, WEIGHTS_FILE, ClassifierConfig, Text, TextClassifier
from bot.nlu.rasa_classifier import intent_ranking, selector_output


def text(message: str) -> Text:
    """Crude lemmas (lowercased words) are enough to test the classifier itself."""
    return Text(message, message.lower().replace("?", "").split())


TRAINING = {
    "knowledge/provocatie-reageren": [
        "hoe reageer ik als een jongere me uitdaagt",
        "ik word geprovoceerd door een groep",
        "een jongen daagt me uit op straat",
    ],
    "knowledge/gerucht-ontkrachten": [
        "er gaat een gerucht rond na de steekpartij",
        "hoe ontkracht ik een gerucht",
        "nepnieuws over de schietpartij gaat rond",
    ],
    "greet": ["hoi", "goedemorgen", "hallo daar"],
}


@pytest.fixture(scope="module")
def classifier() -> TextClassifier:
    texts, labels = [], []
    for label, messages in TRAINING.items():
        texts += [text(m) for m in messages]
        labels += [label] * len(messages)
    return TextClassifier().fit(texts, labels)


def test_ranks_every_label_best_first_with_confidences_summing_to_one(
    classifier: TextClassifier,
) -> None:
    ranking = classifier.rank(text("er gaat een gerucht rond"))
    assert ranking[0][0] == "knowledge/gerucht-ontkrachten"
    assert {label for label, _ in ranking} == set(TRAINING)
    confidences = [c for _, c in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_character_ngrams_catch_typos(classifier: TextClassifier) -> None:
    assert classifier.rank(text("ik wordt geprovoceert"))[0][0] == "knowledge/provocatie-reageren"


def test_save_and_load_give_the_same_ranking(classifier: TextClassifier, tmp_path: Path) -> None:
    classifier.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([VOCABULARY_FILE, WEIGHTS_FILE])
    loaded = TextClassifier.load(tmp_path)
    message = text("hoe reageer ik op een uitdaging")
    assert loaded.config == classifier.config
    assert [label for label, _ in loaded.rank(message)] == [
        label for label, _ in classifier.rank(message)
    ]
    assert np.allclose(loaded.scores([message]), classifier.scores([message]))


def test_the_saved_model_is_not_a_pickle(classifier: TextClassifier, tmp_path: Path) -> None:
    """Loading a model must not run code: weights load with allow_pickle=False."""
    classifier.save(tmp_path)
    with np.load(tmp_path / WEIGHTS_FILE, allow_pickle=False) as arrays:
        assert arrays["weights"].dtype == np.float32


def test_temperature_sharpens_confidences() -> None:
    texts = [text(m) for ms in TRAINING.values() for m in ms]
    labels = [label for label, ms in TRAINING.items() for _ in ms]
    sharp = TextClassifier(ClassifierConfig(temperature=0.05)).fit(texts, labels)
    soft = TextClassifier(ClassifierConfig(temperature=1.0)).fit(texts, labels)
    message = text("hoe ontkracht ik dat gerucht")
    assert sharp.rank(message)[0][1] > soft.rank(message)[0][1]


def test_training_needs_two_labels_and_ranking_needs_training() -> None:
    with pytest.raises(ValueError, match="two labels"):
        TextClassifier().fit([text("hoi"), text("hallo")], ["greet", "greet"])
    with pytest.raises(RuntimeError, match="not been trained"):
        TextClassifier().rank(text("hoi"))


RANKING = [
    ("knowledge/gerucht-ontkrachten", 0.6),
    ("greet", 0.25),
    ("knowledge/desinformatie-verschil", 0.1),
    ("out_of_scope", 0.05),
]


def test_intent_ranking_names_each_intent_once_with_its_best_confidence() -> None:
    assert intent_ranking(RANKING) == [
        {"name": "knowledge", "confidence": 0.6},
        {"name": "greet", "confidence": 0.25},
        {"name": "out_of_scope", "confidence": 0.05},
    ]


def test_selector_output_has_the_response_selectors_shape() -> None:
    """bot.nlu.parse reads our output exactly as it read Rasa's ResponseSelector."""
    from bot.nlu.parse import ranked_entries, selected_entry

    parse = {"response_selector": selector_output(RANKING)}
    assert parse["response_selector"]["all_retrieval_intents"] == ["knowledge"]
    assert selected_entry(parse) == "gerucht-ontkrachten"
    assert ranked_entries(parse) == [
        ("gerucht-ontkrachten", 0.6),
        ("desinformatie-verschil", 0.1),
    ]


ACUTE_TRAINING = {
    "acute_danger": [
        "hij heeft nu een mes en bedreigt iemand",
        "er wordt geschoten op het plein help",
        "een jongen ligt te bloeden op straat",
        "ze vechten nu met messen voor de school",
        "hij zwaait met een pistool bij de snackbar",
        "er is net iemand neergestoken bel 112",
    ],
    "knowledge/gerucht-ontkrachten": [
        "er gaat een gerucht rond na de steekpartij",
        "hoe ontkracht ik een gerucht",
        "nepnieuws over de schietpartij gaat rond",
        "wat doe ik tegen een vals bericht op snap",
        "iedereen deelt een nepbericht over de wijk",
        "hoe reageer ik op geruchten in de groepsapp",
    ],
    "greet": ["hoi", "goedemorgen", "hallo daar", "hey", "goedemiddag", "hallo"],
}


@pytest.fixture(scope="module")
def calibrated() -> TextClassifier:
    texts, labels = [], []
    for label, messages in ACUTE_TRAINING.items():
        texts += [text(m) for m in messages]
        labels += [label] * len(messages)
    return TextClassifier(ClassifierConfig(calibration_folds=3)).fit(texts, labels)


def test_acute_danger_gets_a_calibrated_probability(calibrated: TextClassifier) -> None:
    """Out-of-fold Platt scaling: the calibrated probability is high for danger and low for
    a message no label fits, although the softmax is then still sure of some label."""
    assert set(calibrated.calibration) == {"acute_danger"}
    danger = calibrated.probability(text("hij bedreigt iemand met een mes"), "acute_danger")
    unseen = calibrated.probability(text("ik zit in de auto"), "acute_danger")
    assert danger is not None and unseen is not None
    assert 0.0 <= unseen < danger <= 1.0
    assert calibrated.probability(text("hoi"), "greet") is None  # not a calibrated label


def test_the_calibration_survives_save_and_load(calibrated: TextClassifier, tmp_path: Path) -> None:
    calibrated.save(tmp_path)
    loaded = TextClassifier.load(tmp_path)
    assert loaded.calibration == pytest.approx(calibrated.calibration)
    message = text("er wordt geschoten")
    assert loaded.probability(message, "acute_danger") == pytest.approx(
        calibrated.probability(message, "acute_danger"), rel=1e-5
    )
