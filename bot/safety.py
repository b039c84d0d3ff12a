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
    r"zelfmoord\w*|su[iï]cid\w*|zelfdoding|zelfbeschadiging|overdosis|"
    r"(zich|zichzelf|mezelf|mijzelf)\b.{0,25}?\b(aan\s+(\w+\s+)?doen|aandoen|snijden|snijdt|"
    r"van\s+kant|ophangen|verhangen|doodmaken|dood\s+maken)|"
    r"van\s+kant\s+maken|niet\s+meer\s+(wil\s+)?leven|er\s+niet\s+meer\s+(wil|willen)\s+zijn|"
    r"eind(e)?\s+aan\s+(zijn|haar|z'?n|mijn|m'?n|het)\s+leven|"
    r"er\b.{0,15}\been\s+eind(e)?\s+aan\s+(maakt|maken)|"
    r"(dak|brug|flat|raam|rand)\b.{0,50}\bspring\w*|spring\w*\b.{0,20}\b(dak|brug|flat|raam)|"
    r"pillen\b.{0,20}\b(in\s*nemen|slikken|geslikt|ingenomen|bij\s+zich)"
    r")",
    re.IGNORECASE,
)


def mentions_self_harm(text: str) -> bool:
    """True when ``text`` mentions suicide or self-harm (then 113 is named first)."""
    return bool(_SELF_HARM.search(text or ""))


def emergency_lines(text: str) -> list[str]:
    """The lines said first for an acute message, most urgent first."""
    return [SUICIDE_LINE] if mentions_self_harm(text) else [EMERGENCY_LINE]


# A safety net under the NLU: words for weapons or violence together with a sign that it is
# happening now. It only ever adds the emergency lines before an answer; the numbers it was
# checked on are in docs/safety.md.
_DANGER = re.compile(
    r"\b(mes|messen|machetes?|pistool|pistolen|vuurwapens?|wapens?|geweer|bijl|"
    r"(honkbal)?knuppels?|schiet\w*|geschoten|schoten|steekt|steken|stekend|gestoken?|"
    r"steekpartij|knokpartij|wraak|"
    r"neergestoken|vecht\w*|gevochten|knokpartij|slaat|slaan|in elkaar|bloedt|bloed|"
    r"afmaken|doodmaken|bedreigd)\b",
    re.IGNORECASE,
)
_NOW = re.compile(
    r"\b(nu|op dit moment|hier|net|gaande|aan de gang|aan het|help|acuut|snel|eraan|gaat zo|"
    r"zo meteen|live|staat|staan|zwaait|trekt|rijden|verzamelen|bezig|komt|komen|wordt|"
    r"worden|hoor|zie)\b",
    re.IGNORECASE,
)
_STRONG_NOW = re.compile(
    r"\b(NU|op dit moment|gaande|aan de gang|help|acuut|112)\b|!{2,}",
)
_HYPOTHETICAL = re.compile(
    r"\b(als|stel|wanneer|herken\w*|voorkomen|omgaan|reageer je|na de|na een|gisteren|"
    r"vorige|afgelopen)\b",
    re.IGNORECASE,
)


def is_acute(text: str) -> bool:
    """True when ``text`` reads as danger now: a weapon, fight or self-harm, not a question
    about how to handle such a situation in general."""
    text = text or ""
    hypothetical = bool(_HYPOTHETICAL.search(text)) and not _STRONG_NOW.search(text)
    if hypothetical:
        return False
    if mentions_self_harm(text):
        return True
    return bool(_DANGER.search(text) and _NOW.search(text))
