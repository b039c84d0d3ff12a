"""Rasa pipeline component: a spelling-corrected reading of the message, as a second opinion.

First in the pipeline (config.yml). Training builds the vocabulary from the training
examples and the knowledge entries' titles, summaries, steps, checklists and caveats
(:func:`bot.nlu.spelling.vocabulary`) and keeps it in the model as ``vocabulary.json``.
Prediction leaves the text as typed (everything downstream, the safety net and the stored
conversation read what the person wrote) and gives the classifier ``text_corrected`` and
``spelling_corrections`` when a word was corrected, as message attributes that are not part
of the parse result, so that they are never stored (they hold the text, which the tracker
store redacts only where it expects it); the classifier
(:func:`bot.nlu.rasa_classifier.second_opinion`) uses them only when it is unsure of the
typed text, and never to raise or lower an alarm. Button payloads (``/…``) are left alone.
Registered as an intent classifier only so that Rasa trains it and loads it from the model;
it predicts no intent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.rasa_classifier import CORRECTED, CORRECTIONS
from bot.nlu.spelling import Speller, vocabulary

FILE = "vocabulary.json"


def knowledge_texts() -> list[str]:
    """The knowledge entries' own words: titles, summaries, steps and checklists."""
    from bot.knowledge.loader import default_knowledge

    texts = []
    for entry in default_knowledge():
        texts += [entry.title, entry.summary, *entry.steps, *entry.checklist, *entry.caveats]
    return [t for t in texts if isinstance(t, str)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SpellingCorrector(GraphComponent):
    """Unknown words become the known words they most likely are."""

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, speller: Speller | None = None
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._speller = speller

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpellingCorrector:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SpellingCorrector:
        with model_storage.read_from(resource) as directory:
            counts = json.loads((Path(directory) / FILE).read_text(encoding="utf-8"))
        return cls(model_storage, resource, Speller(counts))

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        counts = vocabulary([*texts, *knowledge_texts()])
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / FILE).write_text(
                json.dumps(dict(sorted(counts.items())), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._speller is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.lstrip().startswith("/"):
                continue
            corrections = self._speller.corrections(text)
            if corrections:
                # Not in the parse result (add_to_output False): never stored, see above.
                message.set(CORRECTED, self._speller.correct(text))
                message.set(CORRECTIONS, corrections)
        return messages
