"""Which question a user sends to the experts, and the words around it (action server side).

"Vraag het een collega" (intent ``ask_expert``, or the button after an unanswered question
or a 👎) sends the user's **last typed question** of this session: the latest user message
that was typed (not a button), asked outside a guided form, and read as a question for the
knowledge base (:data:`QUESTION_INTENTS`: a knowledge question, one outside the report, one
the assistant was unsure about, a follow-up). The user first sees it redacted
(:func:`bot.privacy.redact.redact_text`), exactly as the experts will, and confirms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

QUESTION_INTENTS = frozenset({"knowledge", "out_of_scope", "nlu_fallback", "follow_up"})
QUESTION_SLOT = "expert_question"
SEND_PAYLOAD = "/expert_send"
OFFER_PAYLOAD = "/ask_expert"
OFFER_TITLE = "Vraag het een collega"

NOT_OFFERED = (
    "Vragen doorsturen naar collega's staat in deze omgeving niet aan. Bespreek je vraag met "
    "je leidinggevende of een ervaren collega."
)
NO_QUESTION = (
    "Welke vraag wil je aan een collega voorleggen? Stel hem eerst hier. Als het rapport er "
    "geen antwoord op heeft, kun je hem daarna met één knop doorsturen."
)
PREVIEW = (
    "Dit stuur ik naar de collega's, zonder namen en nummers:\n\n«{question}»\n\n" "Versturen?"
)
SEND_TITLE = "Versturen"
CANCEL_TITLE = "Niet versturen"
CANCELLED = "Oké, niet verstuurd."
NOTHING_TO_SEND = "Er staat geen vraag klaar om te versturen. Typ je vraag eerst hier."
DANGER = (
    "Die vraag stuur ik niet door: collega's lezen hem niet meteen. Is er nu direct gevaar? "
    "Bel 112."
)


def question_to_send(events: Iterable[Mapping[str, Any]]) -> str | None:
    """The text of the last typed question in ``events`` (a tracker's events, oldest first)
    since the session started, or None."""
    question: str | None = None
    form: str | None = None
    for event in events:
        kind = event.get("event")
        if kind == "session_started":
            question, form = None, None
        elif kind == "active_loop":
            form = event.get("name")
        elif kind == "user" and form is None:
            text = (event.get("text") or "").strip()
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if text and not text.startswith("/") and intent in QUESTION_INTENTS:
                question = text
    return question
