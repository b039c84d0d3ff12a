"""Who is asking: the asker's own role versus a role named as the other party.

The lookup tables find every role word in a message ("wijkagent", "jongerenwerk", "boa").
Only some of them describe the asker: "ik ben jongerenwerker", "als wijkagent, …",
"wij van de gemeente", "vanuit de politie", "jongerenwerker hier", or a message that is
nothing but the role (the answer to "wat is je rol?"). Every other mention is the *other
party* of the question: in "de politie wil namen van mij, moet ik die geven" the asker is
not the police.

:func:`describes_asker` decides this for one mention; :class:`bot.nlu.rasa_roles.AskerRole`
applies it in the NLU pipeline and gives other-party mentions the entity role
:data:`OTHER`, so that the slot mappings and the actions — which read role entities
without an entity role — only ever take the asker's own role.
"""

from __future__ import annotations

import re

OTHER = "other"
PERSPECTIVE = "perspective"

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
    # voor ons als gemeente / voor mij als wijkagent / wat zeg ik dan zelf als jongerenwerker
    + r"|\b(?:ons|mij|me|zelf)\s+(?:zelf\s+)?als\s+(?:een\s+)?"
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
# Subordinate word order, the verb after the role: "als ik zelf jongerenwerker ben".
_SUBJECT_BEFORE = re.compile(r"\b(?:ik|wij|we)\s+" + _FILL + r"$", re.IGNORECASE)
_VERB_AFTER = re.compile(r"^\s*(?:ben|zijn|was|waren|werk|werken)\b", re.IGNORECASE)
# The role whose side of the answer is asked for: "en voor iemand van OOV?", "wat moet de
# jongerenwerker zelf doen?" — neither the asker nor merely the other party.
_PERSPECTIVE_BEFORE = re.compile(
    r"(?:\bvoor\s+(?:iemand\s+(?:van|bij|uit)\s+(?:de\s+|het\s+)?|de\s+|het\s+|een\s+)?"
    # "en als je van de politie bent?": a role supposed, not the asker's own
    r"|\bals\s+(?:je|jij|u|iemand)\s+(?:zelf\s+)?(?:(?:van|bij|in|vanuit)\s+)?(?:de\s+|het\s+)?"
    # "en de politie?", "en een wijkagent, …": the answer asked again for another role
    r"|^\W*(?:en|maar|oke?|ok[eé])\W+(?:andersom\W+)?(?:voor\s+)?(?:de|het|een)\s+)$",
    re.IGNORECASE,
)
# "waar moet de jongerenwerker dan op letten?": the role as the one who acts — unless the
# asker is in the question too ("mag de politie namen van mij eisen?": the asker's side).
_ACTOR_BEFORE = re.compile(
    r"\b(?:moet|mag|kan|kun|wil|zou|gaat)\s+(?:de|het|een|die)\s+$", re.IGNORECASE
)
_FIRST_PERSON = re.compile(r"\b(?:ik|mij|me|mijn|m'?n|we|wij|ons|onze)\b", re.IGNORECASE)
_PERSPECTIVE_AFTER = re.compile(r"^\s*(?:zelf|gezien|bekeken)\b", re.IGNORECASE)
# "en vanuit de jongerenwerker gezien?": a side asked for, not "vanuit de politie: …".
_SEEN_FROM = re.compile(r"^\s*(?:gezien|bekeken)\b", re.IGNORECASE)
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
    if _SEEN_FROM.match(after):
        return False
    if _ONLY.match(before) and not after.strip(" .!?,"):
        return True
    if _AFTER.match(after) and not before.strip():
        return True
    clause = _clause_before(text, start).lstrip()
    if _SUBJECT_BEFORE.search(clause) and _VERB_AFTER.match(after):
        return True
    match = _BEFORE.search(clause)
    if not match:
        return False
    # "als wijkagenten namen vragen, …" is a condition about others, not who asks.
    opener = match.group(0).strip().lower()
    condition = opener.endswith(("als", "als een")) and not re.search(r"\b(?:ik|wij|we)\b", opener)
    return not (condition and _CONDITION_AFTER.match(after))


def names_perspective(text: str, start: int, end: int) -> bool:
    """True when the role mentioned at ``text[start:end]`` (not the asker's) is the one whose
    side of the answer is asked for: "en voor iemand van OOV bij de gemeente?", "wat moet de
    jongerenwerker zelf vertellen?"."""
    before = text[:start]
    if _PERSPECTIVE_BEFORE.search(before) or _PERSPECTIVE_AFTER.match(text[end:]):
        return True
    return bool(_ACTOR_BEFORE.search(before)) and not _FIRST_PERSON.search(text)
