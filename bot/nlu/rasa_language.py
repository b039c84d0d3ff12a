"""Rasa pipeline component: a message that is clearly not Dutch gets the intent
``other_language`` (answered in Dutch and English, data/rules/conversation.yml).

After the classifier and the FallbackClassifier (config.yml); decided by
:func:`bot.nlu.language.other_language`, which also writes the language's code into the
parse data (``language``). A message the classifier reads as acute danger keeps that
reading, and button payloads (``/…``) are left alone.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import StatelessComponent
from bot.nlu.language import other_language, warm_up

INTENT_NAME = "other_language"
ACUTE = "acute_danger"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OtherLanguage(StatelessComponent):
    """Sets ``other_language`` for a message clearly written in another language."""

    def __init__(self) -> None:
        warm_up()  # the language models are built when the model loads, not on a message

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.lstrip().startswith("/") or (message.get(INTENT) or {}).get("name") == ACUTE:
                continue
            language = other_language(text)
            if language is None:
                continue
            intent = {"name": INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set("language", language, add_to_output=True)
        return messages
