"""A one-line reminder, once per conversation, when a message contains personal data.

Professionals type names and details of young people. The assistant does not refuse such a
message — it answers it, and the redacting tracker store stores it without them — but says
once per conversation that names are not needed (issue 14). Personal data is what
:func:`bot.privacy.redact.redact` would replace: names, phone numbers, addresses, BSNs, ….
"""

from __future__ import annotations

from bot.privacy.redact import redact

REMINDER = "Je hoeft geen namen of andere gegevens van personen te noemen; ik bewaar ze niet."
# The slot that records that the reminder was given in this conversation.
SLOT = "privacy_reminded"


def needs_reminder(text: str, reminded: bool) -> bool:
    """True when ``text`` contains personal data and the reminder was not yet given."""
    return not reminded and bool(text) and redact(text).changed
