"""The Adaptive Card a question to the experts is shown with in the experts' Teams channel.

One card per ticket, updated in place as it moves on (docs/experts.md): an open question
with *Ik pak dit op* and *Sluiten*; once claimed, who took it, a field for the answer and
*Antwoord versturen*; once answered, the answer and *Maak er een lokaal item van*; once
closed, only what it was. The buttons are ``Action.Submit`` with ``data``
``{"wegwijzer_expert": <step>, "ticket": <id>}`` (and the answer from the field ``antwoord``),
which the Teams channel routes to the ticket store instead of to Rasa. Names of experts are
shown as Teams gives them in the activity, never stored (the store keeps a keyed hash).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.channels.teams_cards import heading, make_card, plain_text
from bot.experts.tickets import ANSWERED, CLAIMED, CLOSED, OPEN, Ticket

SUBMIT_KEY = "wegwijzer_expert"
ANSWER_FIELD = "antwoord"
STEPS = ("claim", "answer", "close", "draft")
CHANNEL_NAMES = {"teams": "Teams", "web": "de webchat"}
STATUS_LINES = {
    OPEN: "Nog niet opgepakt.",
    CLAIMED: "Opgepakt door {expert}.",
    ANSWERED: "Beantwoord door {expert}.",
    CLOSED: "Gesloten.",
}


def _submit(title: str, step: str, ticket: Ticket, style: str | None = None) -> dict[str, Any]:
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": title,
        "data": {SUBMIT_KEY: step, "ticket": ticket.id},
    }
    if style:
        action["style"] = style
    return action


def ticket_card(ticket: Ticket, expert: str | None = None) -> dict[str, Any]:
    """The card for ``ticket`` in its current state; ``expert``: the display name of who
    claimed or answered it, from the Teams activity (shown, not stored)."""
    when = datetime.fromtimestamp(ticket.created, UTC).strftime("%d-%m-%Y %H:%M UTC")
    who = expert or "een collega"
    body: list[dict[str, Any]] = [
        heading(f"Vraag van een collega (#{ticket.id})", size="Medium"),
        plain_text(
            f"Via {CHANNEL_NAMES.get(ticket.channel, ticket.channel)}, {when}. Het rapport "
            "had hier geen antwoord op. Namen en nummers zijn weggelaten.",
            {"isSubtle": True},
            spacing="None",
        ),
        plain_text(ticket.question, {"italic": True}),
        plain_text(STATUS_LINES[ticket.status].format(expert=who), {"weight": "Bolder"}),
    ]
    actions: list[dict[str, Any]] = []
    if ticket.status == OPEN:
        actions = [
            _submit("Ik pak dit op", "claim", ticket, "positive"),
            _submit("Sluiten", "close", ticket),
        ]
    elif ticket.status == CLAIMED:
        body.append(
            {
                "type": "Input.Text",
                "id": ANSWER_FIELD,
                "label": "Je antwoord (de collega ziet het als antwoord van een collega, "
                "niet als het rapport)",
                "isMultiline": True,
                "isRequired": True,
                "errorMessage": "Schrijf eerst een antwoord.",
                "maxLength": 2000,
            }
        )
        actions = [
            _submit("Antwoord versturen", "answer", ticket, "positive"),
            _submit("Sluiten", "close", ticket),
        ]
    elif ticket.status == ANSWERED:
        body.append(plain_text(ticket.answer or ""))
        actions = [
            _submit("Maak er een lokaal item van", "draft", ticket),
            _submit("Sluiten", "close", ticket),
        ]
    fallback = f"Vraag van een collega (#{ticket.id}): {ticket.question}"
    return make_card(body, fallback, actions)


def submitted(value: Any) -> tuple[str, str, str] | None:
    """(step, ticket id, answer text) from an experts' card submit, or None when ``value``
    is not one (any other message in the channel)."""
    if not isinstance(value, dict):
        return None
    step, ticket = value.get(SUBMIT_KEY), value.get("ticket")
    if step not in STEPS or not isinstance(ticket, str) or not ticket:
        return None
    answer = value.get(ANSWER_FIELD)
    return step, ticket, answer.strip() if isinstance(answer, str) else ""
