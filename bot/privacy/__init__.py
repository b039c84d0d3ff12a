"""Privacy: redaction of personal data before anything is stored.

Public API: :func:`redact` (text → :class:`Redaction` with typed placeholders and spans),
:func:`redact_text` (just the text) and :func:`warm_up` (load the Dutch pipeline at start-up).
"""

from bot.privacy.redact import LABELS, Redaction, Span, redact, redact_text, warm_up

__all__ = ["LABELS", "Redaction", "Span", "redact", "redact_text", "warm_up"]
