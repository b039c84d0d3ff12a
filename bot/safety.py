"""Acute danger: what the assistant says first, before any guidance.

The NLU recognises acute danger (intent ``acute_danger``); this module decides whether
self-harm is mentioned (then 113 is named next to 112), holds the exact Dutch wording so
every channel and test relies on the same text, and provides ``is_acute``: a safety net
under the NLU that recognises danger *now* in the text itself.

How ``is_acute`` reads a message (all patterns below, Dutch, case-insensitive unless noted):

- **Self-harm act or intent** ("ze snijdt zichzelf", "wil springen", "pillen genomen",
  "maakt er een eind aan") counts on its own; a self-harm *topic* word ("zelfmoordgedachten",
  "suïcidepreventie") only with a sign that it happens now.
- **Violence** needs a danger word (weapon, fight, shots, injury, a group mobilising) and a
  sign that it happens now or is about to: "nu", "hier", "net", "vanavond", a specific
  person doing something ("hij zwaait", "er wordt geschoten", "ik word gevolgd"), something
  that just happened ("is neergestoken", "getrokken") or a call for help ("wat moet ik
  doen", "help", "!!").
- **General framing** overrides both unless there is an unmistakable now ("NU", "op dit
  moment", "gaande", "help", "!!"): hypotheticals ("als", "stel"), the past ("gisteren",
  "vorige week", "na de"), knowledge and policy words ("herken", "signalen", "protocol",
  "training", "drillteksten", "hoe vaak").

It only ever adds the emergency lines before an answer; it never withholds one. Measured
figures and the test sets are in docs/safety.md and tests/safety/.
"""

from __future__ import annotations

import re
from typing import Any

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


def _words(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``alternatives`` as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_SELF = r"(?:zich|zichzelf|mezelf|mijzelf|m'?n\s*zelf|haarzelf|hemzelf)"
_PILLS = r"(?:pillen|paracetamol|medicijnen|medicatie|tabletten|slaappillen|strip|oxazepam)"

# Self-harm named as a subject: enough to name 113, not enough on its own to raise the alarm.
_SELF_HARM_TOPIC = _words(
    r"zelfmoord\w*",
    r"su[iï]cid\w*",
    r"zelfdoding\w*",
    r"zelfbeschadiging\w*",
    r"overdosis",
)
# Self-harm as an act or intent of someone now.
_SELF_HARM_ACT = _words(
    _SELF + r"\b.{0,25}?\b(?:aan\s+doe[nt]?|aandoe[nt]?|(?:iets|wat)\s+aan|snij\w*|gesneden|"
    r"ophang\w*|verhang\w*|dood\s*(?:maken|maakt)|van\s+kant)",
    r"(?:snijdt|snijden|sneed|snij)\s+" + _SELF,
    r"van\s+kant\s+(?:te\s+)?(?:maken|maakt)",
    r"(?:ophangen|verhangen|ophangt|verhangt)",
    r"polsen",
    r"niet\s+meer\s+(?:wil\s+|wilt\s+|willen\s+)?leven",
    r"(?:wil|wilt|willen)\s+(?:\w+\s+)?dood",
    r"dood\s+(?:wil|wilt|willen)",
    r"er\s+niet\s+meer\s+(?:wil|willen)\s+zijn",
    r"eind(?:e)?\s+aan\s+(?:zijn|haar|z'?n|mijn|m'?n|het|d'?r)\s+leven",
    r"(?:maak|maakt|maken)\s+er\b.{0,25}?\been?\s+eind(?:e)?\s+aan",
    r"er\b.{0,20}?\been?\s+eind(?:e)?\s+aan\s+(?:maak|maakt|maken)",
    r"(?:dak|brug|flat|raam|rand|balkon|trein|spoor|metro)\b.{0,50}?\bspring\w*",
    r"spring\w*\b.{0,25}?\b(?:dak|brug|flat|raam|trein|spoor|metro|balkon)",
    r"voor\s+de\s+trein",
    _PILLS + r"\b.{0,30}?\b(?:in\s*nemen|ingenomen|genomen|geslikt|slikken|slikt|klaar|"
    r"bij\s+zich|heeft|liggen)",
    r"(?:geslikt|ingenomen|genomen)\b.{0,20}?\b" + _PILLS,
    r"iets\s+ingenomen",
    r"zelfmoord\s+(?:te\s+)?(?:plegen|pleegt)",
    r"dreig\w*\s+(?:met\s+)?(?:zelfmoord|zelfdoding)",
    r"zelfmoordpoging",
    r"overdosis\s+(?:genomen|ingenomen|geslikt)",
    r"laatste\s+bericht\w*",
    r"afscheid\s+(?:neemt|nemen|genomen)",
    r"afscheidsbrief\w*",
    r"touw|strop",
)

# Words for weapons, violence, injury and a group mobilising.
_DANGER = _words(
    r"mes|messen|machete\w*|pistool|pistolen|vuurwapen\w*|wapen\w*|geweer|bijl|taser|"
    r"boksbeugel|schroevendraaier|knuppel\w*|honkbalknuppel\w*|stokken|kettingen|"
    r"(?:kapotte|gebroken)\s+fles|flessen|bivakmuts\w*|bom|vuurwerkbom|explosie|brand\w*",
    r"schiet\w*|geschoten|schoten|neergeschoten|schietpartij|knallen",
    r"steek|steekt|steken|stekend|gestoken?|neergestoken|doodsteken|steekpartij",
    r"vecht\w*|gevecht\w*|gevochten|knok\w*|geknokt|matten|slaat|slaan|geslagen|"
    r"in\s+elkaar|schopt|schoppen|trappen|getrapt|mishandel\w*|aanval\w*|afrekenen|afgerekend",
    r"bloedt|bloed|bloeden|bewusteloos|beweegt\s+niet|gewond",
    r"afmaken|doodmaken|bedreig[dt]|bedreigen|wraak|opgesloten|achtervolgd|gevolgd",
    r"(?:hem|haar|hun|jou|ons|me|mij)\s+(?:te\s+)?(?:pakken|grijpen)",
    r"iets\s+in\s+(?:z'?n|zijn|haar)\s+(?:broek\w*|jas\w*|jaszak|tas|mouw|zak)",
    r"groep\s+van\s+\d+|met\s+\d+\s+man|met\s+z'?n\s+allen|\d+\s+man|groepen\s+tegenover",
)

# A sign that it happens now, just happened, or is about to.
_NOW = _words(
    r"nu|hier|net|zojuist|gaande|aan\s+de\s+gang|aan\s+het|bezig|acuut|snel|live",
    r"vanavond|van+avond|vannacht|vandaag|straks|zo\s*meteen|gaat\s+zo|elk\s+moment|"
    r"ieder\s+moment|over\s+\d+\s*min\w*|onderweg|eraan|klaar",
    r"staat|staan|sta|zwaait|zwaaien|trekt|richt|houdt|loopt|lopen|rijden|verzamelen|"
    r"wachten|komt|komen|ligt|schopt|gooit|vliegen|rennen|beweegt",
    r"er\s+wordt|er\s+worden|ik\s+wordt?|wordt\s+(?:\w+\s+)?(?:achtervolgd|gevolgd|bedreigd)",
    r"zie|zien|hoor|horen|gehoord|gezien|getrokken|gelost|gegooid",
    r"(?:is|zijn|wordt)\s+(?:\w+\s+){0,3}?(?:neer)?(?:gestoken|geschoten|geslagen|"
    r"mishandeld|gewond|getrapt|opgesloten|neergeschoten)",
    r"(?:heeft|hebben)(?=\s+(?:(?:nu|hier|net)\s+)?(?:iets|wapens?|messen|(?:een|z'?n|zijn)\s+"
    r"(?:\w+\s+)?(?:mes|machete|pistool|vuurwapen|wapen|geweer|bijl|taser|boksbeugel|knuppel|"
    r"fles)\b))",
    r"bedreig(?:t|en)\s+(?:me|mij|haar|hem|ons|jou|er|de|mensen)",
    r"wat\s+(?:moet|kan|moeten)\s+(?:ik|we)\s+(?:nu\s+)?doen|wat\s+nu|wat\s+doe\s+ik\s+nu",
    r"hoe\s+de-?escaleer\s+ik",
    r"(?:hij|ze|zij|ie)\s+(?:zegt|zei|appt|dreigt|stuurt|post|schrijft|belt|roept)",
)
# Unmistakably now: overrides general framing. "NU" in capitals is deliberate.
# "help" as a cry, not as a verb ("hoe help ik een team …").
_STRONG_NOW = re.compile(
    r"\bNU\b|!{2,}|(?i:\b(?:op\s+dit\s+moment|gaande|aan\s+de\s+gang|acuut|zojuist)\b)|"
    r"(?i:(?<!hoe\s)(?<!ik\s)(?<!je\s)(?<!we\s)\bhelp\b(?!\s+(?:ik|je|jij|we|wij)\b))",
)

# A hypothetical, a past event, or a knowledge, training or policy question.
_GENERAL = _words(
    r"als|stel|wanneer|indien|mocht|soms|vaak|regelmatig|ooit|meestal",
    r"gisteren|eergisteren|vorige|vorig|afgelopen|vroeger|geleden|toen|eerder",
    r"na\s+(?:de|een|het|zo'?n|die)",
    r"herken\w*|signal\w*|risico\w*|cijfers|hoe\s+vaak|waarom|verschil|betekent|"
    r"protocol\w*|training\w*|workshop\w*|cursus\w*|les|lesmateriaal|materiaal|tips?|"
    r"beleid|wet|wettelijk|juridisch\w*|meldcode|melden|voorkomen|preventie\w*|"
    r"omgaan|om\s+met|nagesprek\w*|nazorg|voorlichting|poster|folder|rollenspel|"
    r"drill\w*|rap\w*|clips?|filmpje\w*|video\w*|herdenking\w*|jaardag|mag\s+ik|mag\s+een",
    r"stappen|oproep\w*|melding\w*|lichaamstaal|online|steeds",
)


def mentions_self_harm(text: str) -> bool:
    """True when ``text`` mentions suicide or self-harm (then 113 is named first)."""
    text = text or ""
    return bool(_SELF_HARM_TOPIC.search(text) or _SELF_HARM_ACT.search(text))


def emergency_lines(text: str) -> list[str]:
    """The lines said first for an acute message, most urgent first."""
    return [SUICIDE_LINE] if mentions_self_harm(text) else [EMERGENCY_LINE]


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many different phrases of ``pattern`` occur in ``text``."""
    return len({m.group(0).lower() for m in pattern.finditer(text)})


def is_acute(text: str) -> bool:
    """True when ``text`` reads as danger now: a weapon, fight, injury or self-harm happening
    now or about to, not a question about such situations in general or in the past.

    Signs of "now" are weighed against signs of general framing, so that "hoe herken je dat
    iemand een wapen draagt?" stays a question while "moet ik dit melden? hij heeft nu een
    mes" still gets 112. An unmistakable now ("NU", "op dit moment", "help", "!!") counts
    double; a self-harm act counts as one sign by itself.
    """
    text = text or ""
    now = _count(_NOW, text) + 2 * _count(_STRONG_NOW, text)
    if _SELF_HARM_ACT.search(text):
        now += 1
    elif not (_SELF_HARM_TOPIC.search(text) or _DANGER.search(text)):
        return False
    return now >= 1 and now > _count(_GENERAL, text)


def emergency_first(
    text: str, replies: list[dict[str, Any]], recipient: str
) -> list[dict[str, Any]]:
    """The replies to ``text``, with the emergency line(s) first when ``text`` reads as
    danger now and no reply already starts with them. Channels apply this to every turn, so
    fixed responses (out of scope, greeting, fallback) also say 112 first."""
    if not is_acute(text):
        return replies
    lines = emergency_lines(text)
    if replies and (replies[0].get("text") or "").startswith(lines[0]):
        return replies
    return [{"recipient_id": recipient, "text": line} for line in lines] + replies
