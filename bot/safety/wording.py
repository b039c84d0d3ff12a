"""The exact Dutch wording of the emergency lines, one place for every channel and test."""

from __future__ import annotations

EMERGENCY_LINE = "⚠️ Is er nu direct gevaar voor iemand? Bel meteen 112."
# The short reminder on crisis guidance (the walk-through's checklist, /crisis).
DANGER_REMINDER = "Gevaar? Bel 112."
SUICIDE_LINE = (
    "⚠️ Gaat het om zelfdoding of wil iemand zichzelf iets aandoen? "
    "Bel 113 Zelfmoordpreventie: 113 of gratis 0800-0113 (ook chat via 113.nl). "
    "Bij direct levensgevaar: bel 112."
)
AFTER_CALL = (
    "Veiligheid staat altijd voorop. Als de situatie veilig is, kan ik je helpen met "
    "de-escaleren en reageren; kies hieronder een onderwerp."
)
