"""Rasa pipeline component: a typed answer to the question the assistant just asked counts as
pressing the button it means.

Last in the pipeline (config.yml), after the classifier, the entity extractors and the
FallbackClassifier. Rasa 3.6 hands a component whose ``process`` has a ``tracker`` parameter
the conversation's tracker as it was before this message (``MessageProcessor.parse_message``;
an empty one for ``/model/parse``). The open question is the last bot message with buttons
since the user's previous message; :func:`bot.nlu.open_question.match` decides which button,
if any, the typed text means. Then the message gets that button's intent and entities, read
from its payload exactly as Rasa reads a pressed button (``YAMLStoryReader
.unpack_regex_message``), so every flow, rule and form sees what it would see for the press;
the typed text itself is kept. ``open_question`` in the parse data says which button and by
which rule.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import StatelessComponent
from bot.nlu.open_question import Option, match

OPEN_QUESTION = "open_question"


def open_options(tracker: DialogueStateTracker) -> list[Option]:
    """The buttons of the last bot message with buttons since the user's last message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered):
            buttons = (event.data or {}).get("buttons") or []
            options = [
                Option(str(b["title"]), str(b["payload"]))
                for b in buttons
                if isinstance(b, dict) and b.get("title") and str(b.get("payload")).startswith("/")
            ]
            if options:
                return options
    return []


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OpenQuestionAnswer(StatelessComponent):
    """Turns a typed answer to the open question into that button's intent and entities."""

    def process(self, messages: list[Message], tracker: DialogueStateTracker) -> list[Message]:
        options = open_options(tracker)
        if not options:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            found = match(
                text,
                options,
                intent=intent.get("name"),
                confidence=float(intent.get("confidence") or 0.0),
                entities=message.get(ENTITIES) or [],
            )
            if found is None:
                continue
            pressed = YAMLStoryReader.unpack_regex_message(
                Message(data={TEXT: found.option.payload}),
                entity_extractor_name=type(self).__name__,
            )
            message.set(INTENT, pressed.get(INTENT), add_to_output=True)
            message.set(INTENT_RANKING_KEY, [pressed.get(INTENT)], add_to_output=True)
            message.set(ENTITIES, pressed.get(ENTITIES) or [], add_to_output=True)
            message.set(
                OPEN_QUESTION,
                {"title": found.option.title, "rule": found.rule},
                add_to_output=True,
            )
        return messages
