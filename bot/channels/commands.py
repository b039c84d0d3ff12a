"""What a chat channel passes on to Rasa: typed text, bot commands and button payloads.

Rasa reads a message that starts with ``/`` as an intent with entities
(``/show_entry{"entry": "…"}``). Buttons use that on purpose; a person typing must not be
able to trigger arbitrary intents that way. So channels pass typed text through
:func:`typed_text` and button presses through :func:`button_payload`:

- the bot commands listed in the Teams manifest (``/provocatie``, ``/delen``, …) become the
  quick lookup they stand for (``/quick_lookup{"topic": …}``: one screen,
  bot/situations/quick.py), a fixed mapping of our own; ``/help`` becomes the word "help";
- any other typed text starting with ``/`` loses its slashes;
- a button payload is passed on only for the intents our buttons send.
"""

from __future__ import annotations

import json
import re

from bot.flows import FLOW_STARTS


def _quick(topic: str) -> str:
    return '/quick_lookup{"topic":"' + topic + '"}'


COMMANDS: dict[str, tuple[str, str]] = {
    # command: (message passed to Rasa, description shown in Teams' command list)
    "provocatie": (_quick("provocatie"), "Reageren op provocatie: stappen en zinnen"),
    "delen": (_quick("delen"), "Informatie delen: wat mag wel, voor jouw rol"),
    "gerucht": (_quick("gerucht"), "Een gerucht ontkrachten: zes aanbevelingen"),
    "crisis": (_quick("crisis"), "De-escaleren in een crisis: tactieken en stappen"),
    "nazorg": (_quick("nazorg"), "Nazorg: relaties herstellen, zorg voor jezelf"),
    "signalen": (_quick("signalen"), "Signalen in vredestijd en de risicokalender"),
    "help": ("help", "Wat Wegwijzer kan"),
}
# The intents our buttons send: every intent that starts a flow (bot.flows.FLOW_STARTS: the
# tour, the quiz, progress, each guided situation — a new flow's start button works without
# listing it here) and these.
BUTTON_INTENTS = frozenset(
    {
        "show_entry",
        "show_background",
        "browse",
        "feedback",
        "list_topics",
        "out_of_scope",
        # guided conversations (forms, tour, quiz): data/nlu/dialogue.yml
        "affirm",
        "deny",
        "stop",
        "go_back",
        # onboarding: within the tour and the quiz (data/nlu/onboarding.yml)
        "next_step",
        "tour_more",
        "quiz_answer",
        # situations: quick lookups, the sharing helper's answers
        "quick_lookup",
        "inform",
        # guided situations: answer with a choice, skip
        "choose",
        "dont_know",
        "skip",
        "skip_pillar",
        # a question to a colleague (issue 20): the offer and the preview's Versturen
        "ask_expert",
        "expert_send",
        *FLOW_STARTS,
    }
)
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)
MAX_TEXT_LENGTH = 2000


def typed_text(text: str) -> str:
    """Text a person typed, safe to hand to Rasa: commands become questions; no intents."""
    text = text.strip()[:MAX_TEXT_LENGTH]
    words = text.lstrip("/").split(maxsplit=1) if text.startswith("/") else []
    command = words[0].lower() if words else ""
    if command in COMMANDS:
        return COMMANDS[command][0]
    return text.lstrip("/").strip()


def button_payload(payload: object) -> str | None:
    """A button's payload if it is one our buttons send (intent and JSON entities), else
    None. Plain-text payloads (example questions) are treated as typed text."""
    if not isinstance(payload, str):
        return None
    if not payload.strip().startswith("/"):
        return typed_text(payload) or None
    match = _PAYLOAD.match(payload.strip())
    if not match:
        return None
    if match["intent"] not in BUTTON_INTENTS:
        return None
    if match["entities"]:
        try:
            entities = json.loads(match["entities"])
        except json.JSONDecodeError:
            return None
        if not isinstance(entities, dict) or not all(isinstance(v, str) for v in entities.values()):
            return None
    return payload.strip()
