"""Acute danger: what the assistant says first, before any guidance.

The NLU recognises acute danger (intent ``acute_danger``); this module decides whether
self-harm is mentioned (then 113 is named next to 112) and holds the exact Dutch wording,
so every channel and test relies on the same text.
"""

from __future__ import annotations

import re

EMERGENCY_LINE = "⚠️ Is er nu direct gevaar voor iemand? Bel meteen 112."
SUICIDE_LINE = (
    "⚠️ Gaat het om zelfdoding of wil iemand zichzelf iets aandoen? "
    "Bel 113 Zelfmoordpreventie: 113 of gratis 0800-0113 (ook chat via 113.nl). "
    "Bij direct levensgevaar: bel 112."
)
AFTER_CALL = (
    "Veiligheid staat altijd voorop. Als de situatie veilig is, kan ik je helpen met "
    "de-escaleren en reageren; kies hieronder een onderwerp."
)

_SELF_HARM = re.compile(
    r"\b("
    r"zelfmoord\w*|su[iï]cid\w*|zelfdoding|zelfbeschadiging|"
    r"(zich|zichzelf|mezelf|mijzelf|zelf)\s+(iets\s+|wat\s+)?(aan\s+(\w+\s+)?(te\s+)?doen|"
    r"aandoen|snijden|snijdt|van\s+kant\s+maken|ophangen|verhangen)|"
    r"van\s+kant\s+maken|wil\s+(niet\s+meer\s+leven|dood)|niet\s+meer\s+leven|"
    r"einde\s+aan\s+(zijn|haar|z'?n|mijn|m'?n|het)\s+leven|"
    r"(springen|springt)\s+(van|voor|af)|(van|voor)\s+(het|een|de)\s+\w+\s+(af\s+)?springen|"
    r"pillen\s+(in\s*nemen|slikken|geslikt|ingenomen)|overdosis"
    r")",
    re.IGNORECASE,
)


def mentions_self_harm(text: str) -> bool:
    """True when ``text`` mentions suicide or self-harm (then 113 is named first)."""
    return bool(_SELF_HARM.search(text or ""))


def emergency_lines(text: str) -> list[str]:
    """The lines said first for an acute message, most urgent first."""
    return [SUICIDE_LINE] if mentions_self_harm(text) else [EMERGENCY_LINE]
