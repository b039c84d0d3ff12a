"""Rasa pipeline component around :class:`bot.nlu.classifier.TextClassifier`.

One classifier decides both the intent and, for knowledge questions, the entry: it learns
every full intent (``greet``, ``out_of_scope``, ``knowledge/<id>`` …) at once. Its output
has the same shape as Rasa's DIETClassifier plus ResponseSelector, so the rest of Rasa (the
FallbackClassifier, the rules, ``full_retrieval_intent_name``) and our actions
(:mod:`bot.nlu.parse`) read it unchanged:

- ``intent``: the best label's intent with the best label's confidence (``statement`` never
  for a question, :func:`is_question`); a knowledge
  question is as confident as its best entry, so "unsure which entry" falls back;
- ``intent_ranking``: each intent once, with its best label's confidence;
- ``response_selector.knowledge``: the chosen entry and the ranking of entries;
- ``calibrated``: for the calibrated labels (``acute_danger``), the probability that the
  label is right, which unlike the softmax confidence stays low on a message that no label
  fits (:meth:`bot.nlu.classifier.TextClassifier.probability`; read by :mod:`bot.safety`).

When :class:`bot.nlu.rasa_spelling.SpellingCorrector` corrected words, the corrected text
is a second opinion for a message the classifier is unsure of (:func:`second_opinion`).

Configured in config.yml as ``bot.nlu.rasa_classifier.KnowledgeClassifier`` after the
SpacyTokenizer, whose lemmas it uses.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.classifier import ClassifierConfig, Text, TextClassifier
from bot.nlu.parse import RETRIEVAL_INTENT
from bot.nlu.questions import OTHER_QUESTIONS, question_spans

RANKING_LENGTH = 10
CALIBRATED_KEY = "calibrated"
# Set by bot.nlu.rasa_spelling.SpellingCorrector (first in the pipeline): the corrected text,
# and each corrected word (lower case) with its correction.
CORRECTED = "text_corrected"
CORRECTIONS = "spelling_corrections"
SURE = 0.1  # the FallbackClassifier's threshold (config.yml): below it, no answer
OUT_OF_SCOPE = "out_of_scope"
# Several questions in one message: the entries of the others (bot/nlu/questions.py) are
# offered after the answer when the classifier is at least this sure of them.
SURE_OTHER = 0.5
ACUTE = "acute_danger"
# A statement about one's situation ("ik zit in de auto") is by definition no question: for a
# question the label drops out of the ranking and the rest is renormalised.
STATEMENT = "statement"
_QUESTION = re.compile(
    r"\?|(?:^|[,.;:!]\s*)(?:hoe|wat|waarom|wie|welke?|wanneer|waaraan|waarmee|hoeveel|"
    r"(?:mag|moet|kan|kun|kunnen|mogen|moeten|zal|zou|wil)\s+(?:ik|je|jij|we|wij|u|men))\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """True when ``text`` asks something: a question mark, or a clause that opens with a
    question word ("hoe", "wat", …) or an inverted modal ("mag ik", "kun je", …)."""
    return bool(_QUESTION.search(text or ""))


def without_statement(ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """``ranking`` without :data:`STATEMENT`, its confidences renormalised to sum to one."""
    rest = [(label, c) for label, c in ranking if label != STATEMENT]
    total = sum(c for _, c in rest) or 1.0
    return [(label, c / total) for label, c in rest]


def as_text(message: Message) -> Text:
    """The message's text and the lemmas of its word tokens (from the tokenizer)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    lemmas = [t.lemma for t in tokens if any(ch.isalnum() for ch in t.text)]
    return Text(message.get(TEXT) or "", lemmas)


def corrected_text(message: Message, text: Text) -> Text | None:
    """The message as :class:`bot.nlu.rasa_spelling.SpellingCorrector` corrected it (text,
    and lemmas with each corrected word in place of its own), or None when nothing was."""
    corrections: dict[str, str] = message.get(CORRECTIONS) or {}
    if not corrections:
        return None
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    lemmas = [
        corrections.get(t.text.casefold(), t.lemma)
        for t in tokens
        if any(ch.isalnum() for ch in t.text)
    ]
    return Text(str(message.get(CORRECTED)), lemmas)


def second_opinion(
    typed: list[tuple[str, float]], corrected: list[tuple[str, float]]
) -> list[tuple[str, float]]:
    """The ranking to act on: the typed text's, unless the assistant would not answer it (out
    of scope, or below the fallback threshold :data:`SURE`) and the corrected text's is surer
    of something that is not acute danger: a correction can turn "no answer" into an
    answer, never one answer into another. Spelling never raises or lowers an alarm: a
    typed text read as acute danger keeps its reading, and a correction that would read as
    one is not taken."""
    (label, confidence), (new_label, new_confidence) = typed[0], corrected[0]
    unsure = label == OUT_OF_SCOPE or confidence < SURE
    if not unsure or label == ACUTE or new_label == ACUTE or new_confidence <= confidence:
        return typed
    return corrected


def selector_output(ranking: list[tuple[str, float]]) -> dict[str, Any]:
    """The ``response_selector`` part of a parse result, as Rasa's ResponseSelector writes
    it, for the knowledge labels in ``ranking`` (best first)."""
    prefix = f"{RETRIEVAL_INTENT}/"
    entries = [(label, c) for label, c in ranking if label.startswith(prefix)][:RANKING_LENGTH]
    best, confidence = entries[0] if entries else (prefix, 0.0)
    return {
        "all_retrieval_intents": [RETRIEVAL_INTENT],
        RETRIEVAL_INTENT: {
            "response": {
                "responses": [],
                "confidence": confidence,
                "intent_response_key": best,
                "utter_action": f"utter_{best}",
            },
            "ranking": [{"confidence": c, "intent_response_key": k} for k, c in entries],
        },
    }


def intent_ranking(ranking: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """Each intent once (``knowledge/<id>`` → ``knowledge``) with its best confidence."""
    best: dict[str, float] = {}
    for label, confidence in ranking:
        intent = label.split("/", 1)[0]
        best.setdefault(intent, confidence)
    return [{"name": name, "confidence": c} for name, c in best.items()][:RANKING_LENGTH]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class KnowledgeClassifier(IntentClassifier, GraphComponent):
    """Intent and knowledge entry in one linear classifier on lemmas and character n-grams."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {f.name: f.default for f in fields(ClassifierConfig)}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: TextClassifier | None = None,
    ) -> None:
        known = {f.name for f in fields(ClassifierConfig)}
        settings = {k: v for k, v in config.items() if k in known}
        if "calibrated_labels" in settings:
            settings["calibrated_labels"] = tuple(settings["calibrated_labels"])
        self._classifier = classifier or TextClassifier(ClassifierConfig(**settings))
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KnowledgeClassifier:
        with model_storage.read_from(resource) as directory:
            classifier = TextClassifier.load(directory)
        return cls(config, model_storage, resource, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts = [as_text(m) for m in examples]
        self._classifier.fit(texts, [m.get_full_intent() for m in examples])
        with self._model_storage.write_to(self._resource) as directory:
            self._classifier.save(directory)
        return self._resource

    def _other_questions(self, message: Message, ranking: list[tuple[str, float]]) -> list[str]:
        """For a message with several questions (:func:`bot.nlu.questions.question_spans`):
        the entries the other questions ask for, each read on its own, when the classifier is
        sure of them (at least :data:`SURE_OTHER`) and they are not the entry answered.
        Entry ids only: no text of the message is kept."""
        text = message.get(TEXT) or ""
        spans = question_spans(text)
        if not spans:
            return []
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        answered = ranking[0][0] if ranking else None
        others: list[str] = []
        for start, end in spans:
            lemmas = [t.lemma for t in tokens if start <= t.start and t.end <= end]
            label, confidence = self._ranking(Text(text[start:end], lemmas))[0]
            if (
                label.startswith(f"{RETRIEVAL_INTENT}/")
                and confidence >= SURE_OTHER
                and label != answered
                and label not in others
            ):
                others.append(label)
        return [label.split("/", 1)[1] for label in others]

    def _ranking(self, text: Text, scores: Any = None) -> list[tuple[str, float]]:
        """The labels for ``text``, best first (from its :meth:`TextClassifier.scores` row
        when given); a question is never a statement."""
        if scores is None:
            scores = self._classifier.scores([text])[0]
        ranking = self._classifier.ranking(scores)
        return without_statement(ranking) if is_question(text.text) else ranking

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not self._classifier.is_trained or not (message.get(TEXT) or "").strip():
                # Nothing to classify: no intent, as Rasa's own classifiers report it.
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            text = as_text(message)
            scores = self._classifier.scores([text])[0]
            ranking = self._ranking(text, scores)
            corrected = corrected_text(message, text)
            if corrected is not None:
                ranking = second_opinion(ranking, self._ranking(corrected))
            calibrated = {
                label: self._classifier.probability(text, label, scores)
                for label in self._classifier.calibration
            }
            message.set(CALIBRATED_KEY, calibrated, add_to_output=True)
            others = self._other_questions(message, ranking)
            if others:
                message.set(OTHER_QUESTIONS, others, add_to_output=True)
            intents = intent_ranking(ranking)
            message.set(INTENT, intents[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, intents, add_to_output=True)
            if any(label.startswith(f"{RETRIEVAL_INTENT}/") for label, _ in ranking):
                message.set("response_selector", selector_output(ranking), add_to_output=True)
        return messages
