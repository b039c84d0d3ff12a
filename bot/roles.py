"""Who is asking: the asker's own role versus a role named as the other party.

The lookup tables find every role word in a message ("wijkagent", "jongerenwerk", "boa").
Only some of them describe the asker: "ik ben jongerenwerker", "als wijkagent, …",
"wij van de gemeente", "vanuit de politie", "jongerenwerker hier", or a message that is
nothing but the role (the answer to "wat is je rol?"). Every other mention is the *other
party* of the question: in "de politie wil namen van mij, moet ik die geven" the asker is
not the police.

:func:`describes_asker` decides this for one mention; :class:`bot.rasa_roles.AskerRole`
applies it in the NLU pipeline and gives other-party mentions the entity role
:data:`OTHER`, so that the slot mappings and the actions — which read role entities
without an entity role — only ever take the asker's own role.
"""

from __future__ import annotations

import re

OTHER = "other"

# Filler that may stand between "ik ben" and the role: "ik ben zelf ook jongerenwerker".
_FILL = (
    r"(?:(?:zelf|ook|hier|gewoon|nu|al|sinds\s+kort|net|de|het|een|onze|mijn|m'?n|team|afdeling|"
    r"beleidsmedewerker|medewerker|adviseur|ambtenaar|co[oö]rdinator|teamleider|stagiair\w*)\s+)*"
)
# Right before the mention, the asker describes themselves.
_BEFORE = re.compile(
    r"(?:"
    # ik ben / ik werk als / ik zit bij / wij zijn van / we werken voor ...
    r"\b(?:ik|wij|we)\s+(?:ben|zijn|werk|werken|zit|zitten|kom|komen)\s+"
    + _FILL
    + r"(?:(?:als|bij|voor|in|op|van|vanuit)\s+)?"
    + _FILL
    # ik doe jongerenwerk (not "wat moet ik doen als de politie …")
    + r"|\b(?:ik\s+doe|(?:wij|we)\s+doen)\s+(?:het\s+|ook\s+|zelf\s+)?"
    # ik ben werkzaam als / bij
    + r"|\b(?:ik\s+ben|wij\s+zijn|we\s+zijn)\s+werkzaam\s+(?:als|bij)\s+"
    + _FILL
    # wij als / ik als / jij als, and "als" without an article: "als wijkagent, ..."
    + r"|\b(?:ik|wij|we)\s+(?:zelf\s+)?als\s+(?:een\s+)?"
    + r"|(?:^|[,.;:!?]\s*|\b(?:en|maar|dus|hoe|wat|wanneer|mag|moet|kan|kun|wil)\s+(?:ik\s+)?)"
    r"als\s+(?:een\s+)?"
    # namens / vanuit / wij van / wij bij
    + r"|\b(?:namens|vanuit)\s+(?:de|het|ons|onze)?\s*"
    + r"|\b(?:wij|we)\s+(?:van|bij|vanuit)\s+(?:de|het)?\s*"
    # mijn rol / functie / beroep is ...
    + r"|\b(?:mijn|m'?n)\s+(?:rol|functie|beroep|werk)\s*(?:is|:)\s*"
    + _FILL
    + r")$",
    re.IGNORECASE,
)
# Right after the mention: "jongerenwerker hier", "wijkagent in zuid hier".
_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?hier\b", re.IGNORECASE)
# A message that is only the role, perhaps with "ik ben": the answer to "wat is je rol?".
_ONLY = re.compile(
    r"^\W*(?:(?:ik\s+ben|ik\s+werk\s+(?:als|bij))\s+" + _FILL + r")?$", re.IGNORECASE
)
# "als" directly before the role can also open a condition: "als wijkagenten namen vragen".
_CONDITION_AFTER = re.compile(
    r"^\s*(?:namen|gegevens|informatie|info|iets|dat|het|vraagt|bellen|belt|komen|komt|aangeeft|"
    r"eisen|eist|willen)\b",
    re.IGNORECASE,
)


def _clause_before(text: str, start: int) -> str:
    """The text of the mention's own clause up to the mention (a role named in an earlier
    clause, "ik ben jongerenwerker en de politie …", does not make this one the asker's)."""
    before = text[:start]
    cut = max(before.rfind(sep) for sep in (" en ", " maar ", " want ", " omdat ", " die "))
    return before[cut + 1 :] if cut >= 0 else before


def describes_asker(text: str, start: int, end: int) -> bool:
    """True when the role mentioned at ``text[start:end]`` is the asker's own role."""
    before, after = text[:start], text[end:]
    if _ONLY.match(before) and not after.strip(" .!?,"):
        return True
    if _AFTER.match(after) and not before.strip():
        return True
    clause = _clause_before(text, start).lstrip()
    match = _BEFORE.search(clause)
    if not match:
        return False
    # "als wijkagenten namen vragen, …" is a condition about others, not who asks.
    opener = match.group(0).strip().lower()
    condition = opener.endswith(("als", "als een")) and not re.search(r"\b(?:ik|wij|we)\b", opener)
    return not (condition and _CONDITION_AFTER.match(after))
