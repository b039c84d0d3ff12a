"""Browse the knowledge base: phases, then sections of the report, then entries."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import utter_answer
from bot.knowledge.loader import default_knowledge, default_sections
from bot.render import render_phase_menu, render_section, render_topics


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


class ActionBrowse(Action):
    """``/browse`` without more: the phases; with a phase: its sections; with a section: its
    entries. "Welke onderwerpen over crisis?" goes straight to that phase."""

    def name(self) -> str:
        return "action_browse"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        knowledge, sections = default_knowledge(), default_sections()
        section = next((s for s in sections if s.id == _entity(tracker, "section")), None)
        phase = _entity(tracker, "phase")
        if section is not None:
            answer = render_section(section, knowledge, phase)
        elif phase in {"vredestijd", "crisis", "nazorg", "algemeen"}:
            answer = render_phase_menu(phase, knowledge, sections)
        else:
            answer = render_topics(knowledge)
        utter_answer(dispatcher, answer)
        return []
