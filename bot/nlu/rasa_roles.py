"""Rasa pipeline component: mark role words that name the other party, not the asker.

Runs after the RegexEntityExtractor and EntitySynonymMapper (config.yml). A ``role`` entity
that does not describe the asker (:func:`bot.nlu.roles.describes_asker`) gets the entity role
``other``; Rasa's slot mappings and ``tracker.get_latest_entity_values("role")`` read only
role entities *without* an entity role, so the ``role`` slot and the role-specific answers
follow the asker ("ik ben jongerenwerker" … "de politie wil namen van mij") and never the
party the question is about. A role whose side of the answer is asked for ("wat moet de
jongerenwerker zelf doen?") gets the entity role ``perspective``: it chooses the variant of
that one answer without becoming the asker's role. Button payloads
(``/inform{"role": …}``) carry no positions and are left alone.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_ROLE,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import StatelessComponent
from bot.nlu.roles import OTHER, PERSPECTIVE, describes_asker, names_perspective

ROLE_ENTITY = "role"


def mark_other_party(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` with an entity role on every ``role`` entity that does not describe the
    asker of ``text``: :data:`bot.nlu.roles.PERSPECTIVE` where the question asks for that role's
    side of the answer ("en voor iemand van OOV?"), else :data:`bot.nlu.roles.OTHER`."""
    marked = []
    for entity in entities:
        start, end = entity.get(ENTITY_ATTRIBUTE_START), entity.get(ENTITY_ATTRIBUTE_END)
        if (
            entity.get(ENTITY_ATTRIBUTE_TYPE) == ROLE_ENTITY
            and entity.get(ENTITY_ATTRIBUTE_ROLE) is None
            and isinstance(start, int)
            and isinstance(end, int)
            and not describes_asker(text, start, end)
        ):
            role = PERSPECTIVE if names_perspective(text, start, end) else OTHER
            entity = {**entity, ENTITY_ATTRIBUTE_ROLE: role}
        marked.append(entity)
    return marked


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class AskerRole(StatelessComponent):
    """Marks ``role`` entities that name the other party (entity role ``other``)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES) or []
            if entities:
                text = message.get(TEXT) or ""
                message.set(ENTITIES, mark_other_party(text, entities), add_to_output=True)
        return messages
