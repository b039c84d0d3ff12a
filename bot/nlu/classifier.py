"""A linear text classifier for short Dutch chat messages: which intent or knowledge entry.

Features are TF-IDF weights of word lemmas (unigrams and bigrams, so "provoceert" and
"geprovoceerd" count alike) and of character n-grams within words (robust to typos and
informal spelling); a linear support vector machine separates the labels. Confidences are a
softmax over the decision scores with a temperature, so the FallbackClassifier's threshold
means the same across retraining.

A softmax only says which label wins, not whether any label fits: with a low temperature a
message unlike anything in the training data ("ik zit in de auto") still gives its nearest
label a confidence near 1. For labels where that matters (``acute_danger``) the classifier
also learns a *calibrated probability*: Platt scaling (a logistic curve over the label's
raw decision score) fitted on cross-validated scores, i.e. on predictions for messages the
fold's model did not see (:meth:`TextClassifier.probability`).

Why this and not DIET/ResponseSelector: on the held-out set it finds the right entry more
often and trains in seconds instead of half an hour (docs/nlu-evaluation.md).

The model is saved without pickle: vocabularies as JSON, weights as a NumPy archive.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

WEIGHTS_FILE = "weights.npz"
VOCABULARY_FILE = "vocabulary.json"


@dataclass(frozen=True)
class ClassifierConfig:
    """Hyperparameters, chosen by cross-validation on the training data."""

    word_ngram_max: int = 2
    char_ngram_min: int = 2
    char_ngram_max: int = 5
    char_min_df: int = 2
    regularisation: float = 1.0
    temperature: float = 0.15
    random_state: int = 42
    # Labels that get a calibrated probability (Platt scaling on cross-validated scores).
    calibrated_labels: tuple[str, ...] = ("acute_danger",)
    calibration_folds: int = 5


@dataclass(frozen=True)
class Text:
    """A message as the classifier sees it: the raw text and its lemmas."""

    text: str
    lemmas: Sequence[str]


def _word_vectorizer(config: ClassifierConfig, vocabulary: dict[str, int] | None = None):
    return TfidfVectorizer(
        ngram_range=(1, config.word_ngram_max),
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",
        vocabulary=vocabulary,
    )


def _char_vectorizer(config: ClassifierConfig, vocabulary: dict[str, int] | None = None):
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(config.char_ngram_min, config.char_ngram_max),
        sublinear_tf=True,
        min_df=1 if vocabulary else config.char_min_df,
        vocabulary=vocabulary,
    )


def _lemma_string(text: Text) -> str:
    return " ".join(lemma.lower() for lemma in text.lemmas)


class TextClassifier:
    """Train on labelled messages, then rank labels for a new message."""

    def __init__(self, config: ClassifierConfig | None = None) -> None:
        self.config = config or ClassifierConfig()
        self._words = _word_vectorizer(self.config)
        self._chars = _char_vectorizer(self.config)
        # The SVM's weights, one row per n-gram and one column per label (the transpose of
        # scikit-learn's coef_), float32 and C-contiguous: see _scores.
        self._by_feature = np.zeros((0, 0), dtype=np.float32)
        self._intercepts = np.zeros(0, dtype=np.float32)
        self.labels: list[str] = []
        # label -> (slope, intercept) of its Platt curve over the raw decision score.
        self.calibration: dict[str, tuple[float, float]] = {}

    @property
    def is_trained(self) -> bool:
        return bool(self.labels)

    def _features(self, texts: Sequence[Text]) -> csr_matrix:
        words = self._words.transform([_lemma_string(t) for t in texts])
        chars = self._chars.transform([t.text.lower() for t in texts])
        return hstack([words, chars]).tocsr()

    def fit(self, texts: Sequence[Text], labels: Sequence[str]) -> TextClassifier:
        """Learn from messages and their labels (at least two different labels)."""
        if len(set(labels)) < 2:
            raise ValueError("need examples of at least two labels to train")
        self._words.fit([_lemma_string(t) for t in texts])
        self._chars.fit([t.text.lower() for t in texts])
        features = self._features(texts)
        svm = self._svm()
        svm.fit(features, list(labels))
        self.labels = [str(label) for label in svm.classes_]
        self._set_weights(svm.coef_)
        self._intercepts = svm.intercept_.astype(np.float32)
        self.calibration = self._calibrate(features, list(labels))
        return self

    def _set_weights(self, weights: np.ndarray) -> None:
        """``weights`` as scikit-learn gives them (one row per label)."""
        self._by_feature = np.ascontiguousarray(weights.T, dtype=np.float32)

    def _svm(self) -> LinearSVC:
        return LinearSVC(C=self.config.regularisation, random_state=self.config.random_state)

    def _calibrate(self, features: csr_matrix, labels: list[str]) -> dict[str, tuple[float, float]]:
        """A Platt curve per calibrated label, fitted on out-of-fold decision scores: each
        message is scored by a model trained without it. (The vectorisers saw every text;
        they hold no label information.)"""
        wanted = [label for label in self.config.calibrated_labels if label in self.labels]
        if not wanted:
            return {}
        counts = np.unique(labels, return_counts=True)[1]
        folds = min(self.config.calibration_folds, int(counts.min()))
        if folds < 2:
            return {}
        cv = StratifiedKFold(folds, shuffle=True, random_state=self.config.random_state)
        scores = cross_val_predict(self._svm(), features, labels, cv=cv, method="decision_function")
        truth = np.asarray(labels)
        curves = {}
        for label in wanted:
            column = scores[:, self.labels.index(label)].reshape(-1, 1)
            platt = LogisticRegression(C=1e4).fit(column, truth == label)
            curves[label] = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        return curves

    def scores(self, texts: Sequence[Text]) -> np.ndarray:
        """Decision scores, one row per text and one column per label (``self.labels``)."""
        if not self.is_trained:
            raise RuntimeError("the classifier has not been trained")
        return self._scores(self._features(texts))

    def _scores(self, features: csr_matrix) -> np.ndarray:
        # float32 features times the float32 weights, stored transposed and C-contiguous:
        # a float64 product would copy the whole weight matrix (labels × n-grams, tens of
        # MB) on every call; this way it touches only the rows of the message's n-grams
        # (measured in docs/benchmarks.md: ~10 ms → 0.03 ms per message).
        return np.asarray(features.astype(np.float32) @ self._by_feature) + self._intercepts

    def rank(self, text: Text) -> list[tuple[str, float]]:
        """Every label with its confidence (softmax of the scores), best first."""
        return self.ranking(self.scores([text])[0])

    def ranking(self, scores: np.ndarray) -> list[tuple[str, float]]:
        """Every label with its confidence (softmax of one row of :meth:`scores`)."""
        scaled = scores / self.config.temperature
        exp = np.exp(scaled - scaled.max())
        confidences = exp / exp.sum()
        order = np.argsort(-confidences, kind="stable")
        return [(self.labels[i], float(confidences[i])) for i in order]

    def probability(self, text: Text, label: str, scores: np.ndarray | None = None) -> float | None:
        """The calibrated probability that ``label`` is right for ``text`` (None when the
        label is not calibrated); ``scores``, :meth:`scores`' row for ``text``, when already
        computed. Unlike :meth:`rank`'s softmax it stays low for a message that no label
        fits."""
        curve = self.calibration.get(label)
        if curve is None:
            return None
        row = self.scores([text])[0] if scores is None else scores
        score = float(row[self.labels.index(label)])
        slope, intercept = curve
        return float(1.0 / (1.0 + np.exp(-(slope * score + intercept))))

    def save(self, directory: Path) -> None:
        """Write the trained model to ``directory`` (JSON and NumPy, no pickle)."""
        directory.mkdir(parents=True, exist_ok=True)
        vocabulary = {
            "config": asdict(self.config),
            "labels": self.labels,
            "calibration": {k: list(v) for k, v in self.calibration.items()},
            "words": {k: int(v) for k, v in self._words.vocabulary_.items()},
            "chars": {k: int(v) for k, v in self._chars.vocabulary_.items()},
        }
        (directory / VOCABULARY_FILE).write_text(json.dumps(vocabulary), encoding="utf-8")
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            weights=self._by_feature.T,
            intercepts=self._intercepts,
            word_idf=self._words.idf_,
            char_idf=self._chars.idf_,
        )

    @classmethod
    def load(cls, directory: Path) -> TextClassifier:
        """Read a model written by :meth:`save`."""
        vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        config = dict(vocabulary["config"])
        config["calibrated_labels"] = tuple(config.get("calibrated_labels") or ())
        classifier = cls(ClassifierConfig(**config))
        classifier._words = _word_vectorizer(classifier.config, vocabulary["words"])
        classifier._chars = _char_vectorizer(classifier.config, vocabulary["chars"])
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
            classifier._words.idf_ = arrays["word_idf"]
            classifier._chars.idf_ = arrays["char_idf"]
            classifier._set_weights(arrays["weights"])
            classifier._intercepts = arrays["intercepts"]
        classifier.labels = list(vocabulary["labels"])
        classifier.calibration = {
            k: (float(v[0]), float(v[1])) for k, v in (vocabulary.get("calibration") or {}).items()
        }
        return classifier
