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

- **Framing against urgency** (round 4): a film, game, clip, meme, lesson, the law, the
  news, a piece of writing, the past or a reassurance ("geen gevaar") places the message
  elsewhere. Without a concrete scene ("hier", someone acting on someone now) those framing
  words count double and "NU", "help", "!!" count once instead of double.
- **Fights without a weapon** ("valt … aan", "op de vuist", "gaat het helemaal mis",
  "rennen achter hem aan") are danger words; **first-person self-harm intent** ("ik trek
  het niet meer", "maak ik er een eind aan") is an unmistakable now, also after a past event.
- **The classifier's own view** (``is_acute(text, parse)``, as the actions call it): when
  it ranked ``acute_danger`` first (also if the FallbackClassifier was unsure) or a close
  second, that counts as one more sign of now (:func:`nlu_leans_acute`).
- **Framed questions** (round 5, :func:`framed_question`, :func:`alarm`): when only the
  classifier says acute and the message is clearly about danger rather than in it, the
  answer comes first and the emergency line after it.
- **Round 6**: "als ik hoor …", "hoe herken ik …" also frame a message; despair ("voel niks
  meer", "geen uitweg") next to a means or place (station, brug, pillen, mes) is self-harm;
  an opening "jongerenwerker hier," introduces the sender and is no place.
- **Which line** (issue 14): 113 only when self-harm is named; otherwise the short 112
  question (:func:`emergency_lines`), also when the text names no danger at all and only
  the classifier took it as acute.
- **The classifier's calibrated view** (issue 14): its softmax is sure of *some* label even
  for "ik zit in de auto"; the calibrated probability it also reports for ``acute_danger``
  (:mod:`bot.classifier`, Platt scaling on cross-validated scores) decides whether its
  ``acute_danger`` counts (:func:`nlu_says_acute`) and whether it leans acute
  (:func:`nlu_leans_acute`).

It only ever adds the emergency lines before an answer; it never withholds one. Measured
figures and the test sets are in docs/safety.md and tests/safety/; measure a set with
scripts/measure_safety.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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


# "Shooting" that is no violence: sports, photos, hurrying ("ik schiet niet op"). Such a
# phrase is blanked before the patterns read a message (issue 14, round 11).
_HARMLESS_SHOOTING = re.compile(
    r"\b(?:penalty\S*|foto\S*|plaatjes|beelden|ballen|bal|doelpunt\S*)\s+(?:\w+\s+){0,2}?"
    r"(?:te\s+)?schiet\w*|\bschiet\w*\s+(?:\w+\s+){0,3}?(?:op\s+(?:het\s+|de\s+)?(?:doel|goal|"
    r"lat|paal)|penalty\S*|foto\S*|plaatjes|beelden|raak\b|niet\s+op\b|lekker\s+op\b)|"
    r"\bopschiet\w*|\bschiet\s+(?:\w+\s+){0,3}?op\s+met\b",
    re.IGNORECASE,
)


def _words(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``alternatives`` as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


_SELF = r"(?:zich|zichzelf|mezelf|mijzelf|m'?n\s*zelf|haarzelf|hemzelf)"
_PILLS = (
    r"(?:pillen|paracetamol|medicijn\w*|medicatie|tabletten|slaappil\w*|strip|oxazepam|"
    r"antidepressiva|insuline|oxycodon|oxy|fentanyl|methadon|xanax|diazepam|temazepam|"
    r"lorazepam|ibuprofen|(?:pot|doos|doosje|potje)\s+(?:met\s+)?(?:pillen|tabletten))"
)
# Places people jump from or into, and vehicles people step in front of.
_HEIGHT = (
    r"(?:dak|brug|flat|raam|rand|randje|balkon|galerij|viaduct|reling|vensterbank|"
    r"parkeergarage|\d+\s*(?:hoog|verdieping\w*)|water|kanaal|gracht|rivier|zee)"
)
# Where people cut themselves.
_LIMB = r"(?:pols|polsen|arm|armen|onderarm\w*|been|benen|bovenbeen\w*|dij|dijen)\b"
_VEHICLE = r"(?:de|een)\s+(?:trein|intercity|sprinter|metro|tram|bus|vrachtwagen|auto)"

# Self-harm named as a subject: enough to name 113, not enough on its own to raise the alarm.
_SELF_HARM_TOPIC = _words(
    r"(?:aan|over)\s+dood\s*gaan",
    r"zelfmoord\w*",
    r"su[iï]cid\w*",
    r"zelfdoding\w*",
    r"zelfbeschadiging\w*",
    r"overdosis",
    r"levensmoe\w*",
    r"scheermes\w*",
    r"doodswens\w*",
)
# Self-harm as an act or intent of someone now.
_SELF_HARM_ACT = _words(
    _SELF + r"\b.{0,25}?\b(?:aan\s+doe[nt]?|aandoe[nt]?|(?:iets|wat)\s+aan|snij\w*|gesneden|"
    r"afmak\w*|af\s+te\s+maken|"
    r"ophang\w*|verhang\w*|dood\s*(?:maken|maakt)|van\s+kant|bewerk\w*|kras\w*|"
    r"doodschiet\w*|dood\s+(?:te\s+)?schieten|verwond\w*|pijn\s+(?:doe[nt]?|te\s+doen)|"
    r"van\s+het\s+leven\s+beroo?[fv]\w*|iets\s+(?:ga\s+|gaat\s+|te\s+)?doen)",
    r"(?:zie|ziet|zien)\s+het\s+(?:\w+\s+)?niet\s+meer\s+zitten",
    r"het\s+(?:\w+\s+)?niet\s+meer\s+(?:zie|ziet|zien)\s+zitten",
    r"dit\s+was\s+het|bedankt\s+voor\s+alles|laatste\s+(?:avond|dag|nacht)\b",
    r"stoppen\s+met\s+leven|(?:brief|briefje)\s+achtergelaten",
    r"(?:wil|wilt)\s+dat\s+(?:het|alles)\s+(?:\w+\s+)?(?:ophoudt|voorbij\s+is)|"
    r"ik\s+wil\s+dat\s+(?:het|alles)\s+stopt|wil\s+dat\s+alles\s+stopt",
    r"(?:ga|gaat)\s+het\s+(?:vannacht|vanavond|vandaag|nu|straks)\s+doen",
    r"alle\s+" + _PILLS,
    r"(?:heeft|heb)\s+(?:\w+\s+)?" + _PILLS + r"\s+(?:thuis|bij\s+zich|liggen|klaar)",
    r"(?:veel\s+)?te\s*veel\s+(?:\w+\s+)?(?:genomen|ingenomen|geslikt|gespoten)",
    r"richting\s+(?:het\s+spoor|de\s+rails|de\s+brug)",
    r"(?:opgespaard|verzameld|gehamsterd)\b.{0,20}?\b" + _PILLS,
    _PILLS + r"\b.{0,20}?\b(?:opgespaard|verzameld|gehamsterd)",
    r"(?:arm|armen|pols|polsen|been|benen|bovenbenen)\s+(?:\w+\s+)?(?:vol\s+)?(?:vers\w*\s+)?"
    r"(?:sneden|snijwonden|krassen|wondjes)",
    r"(?:staat|zit|sta|zat|zitten)\s+(?:\w+\s+){0,2}?op\s+(?:een|de|het)\s+(?:viaduct|brug|"
    r"reling|dakrand|rand)\b",
    r"(?:snijdt|snijden|sneed|snij|krast|krassen)\s+" + _SELF,
    r"van\s+kant\s+(?:te\s+)?(?:maken|maakt)",
    r"van\s+het\s+leven\s+(?:\w+\s+)?beroo?[fv]\w*",
    r"(?:ophangen|verhangen|ophangt|verhangt)",
    r"polsen",
    # A blade against a wrist, arm or thigh, or cutting into one's own: self-harm ("mes
    # tegen zn pols", "snijdt in haar arm"); a blade against a throat, or a knife "in" an
    # arm ("gestoken met een mes in zn arm", "sneden hem in zn arm"), stays violence.
    r"(?:\w*mes|\w*mesje|blade|glas\w*|scherf|scherven)\s+(?:\w+\s+){0,2}?(?:tegen|op|langs|over)\s+"
    r"(?:zijn|z'?n|zn|haar|d'?r|mijn|m'?n|mn|de|je|jouw)\s+(?:eigen\s+)?" + _LIMB,
    r"(?:snij\w*|sneed|kras\w*)\s+(?:zich\w*\s+|me\s+|mezelf\s+|weer\s+|steeds\s+)?in\s+"
    r"(?:zijn|z'?n|zn|haar|d'?r|mijn|m'?n|mn|je|jouw)\s+(?:eigen\s+)?" + _LIMB,
    r"niet\s+meer\s+(?:wil\s+|wilt\s+|willen\s+)?leven",
    r"(?:wil|wilt|willen)\s+(?:\w+\s+)?dood",
    r"dood\s+(?:wil|wilt|willen)",
    r"er\s+niet\s+meer\s+(?:wil|willen)\s+zijn",
    r"(?:wil|wilt|willen)\s+er\s+(?:\w+\s+)?niet\s+meer\s+zijn",
    r"er\s+(?:morgen|straks|vannacht|dan|zo)\s+niet\s+meer\s+(?:is|ben|zijn|zal|zullen)",
    r"(?:ik|ze|hij|zij)\s+(?:ben|is|zit)\s+(?:\w+\s+){0,2}?aan\s+het\s+(?:snijden|krassen)",
    r"(?:klimt|klimmen|klom|zit|zat|staat|sta|zitten|staan)\s+(?:\w+\s+){0,3}?(?:op|over|aan)\s+"
    r"(?:de|het)\s+(?:reling|vensterbank|dakrand|balustrade)\b",
    r"(?:riem|kabel|snoer|laken|sjaal)\b.{0,30}?\b(?:vastgemaakt|vastgeknoopt|opgehangen|"
    r"om\s+(?:zijn|haar|z'?n|mijn|m'?n)\s+nek)",
    r"(?:wil|ga|gaat|gaan)\s+er\s+(?:\w+\s+)?uit\s*stappen",
    r"(?:alles|spullen|pillen)\s+(?:al\s+)?klaar\s*(?:gelegd|liggen)",
    r"(?:ooit|nooit)\s+meer\s+(?:zien|ziet|horen|hoort)",
    r"sorry\s+voor\s+alles",
    r"zeg\s+\w+(?:\s+\w+){0,2}\s+dat\s+ik\s+van\s+\w+\s+hou",
    r"(?:is|als)\s+een\s+afscheid",
    r"(?:ben|is|zijn)\s+er\s+(?:morgen|straks|vannacht|zo|dan|binnenkort)\s+(?:toch\s+)?niet\s+meer",
    r"(?:nooit|niet)\s+meer\s+wakker\s+(?:worden|word|wordt)",
    r"beter\s+af\s+(?:\w+\s+)?zonder\s+(?:mij|me|haar|hem)",
    r"niemand\s+(?:zal|gaat|gaan)\s+(?:mij|me|haar|hem)\s+(?:\w+\s+)?missen",
    r"laatste\s+keer\s+(?:is\s+)?(?:dat|da)\s+(?:je|jullie|u|iemand|ik|we)\b.{0,20}?\bhoo?r",
    r"(?:spullen|alles)\s+weggegeven",
    r"eind(?:e)?\s+aan\s+(?:zijn|haar|z'?n|mijn|m'?n|het|d'?r)\s+leven",
    r"eind(?:e)?\s+aan\s+alles",
    r"(?:maak|maakt|maken)\s+(?:ik\s+|ie\s+|hij\s+|ze\s+|zij\s+|we\s+)?er\b.{0,25}?\been?\s+"
    r"eind(?:e)?\s+aan",
    # First-person despair: "ik trek het niet meer", "ik kan niet meer verder".
    r"(?:ik|ze|hij)\s+(?:\w+\s+)?(?:trek|trekt)\s+(?:het|dit|dat)\s+(?:\w+\s+)?niet\s+meer",
    r"(?:zie|ziet|zien)\s+(?:ik\s+|hij\s+|ze\s+)?geen\s+(?:uitweg|toekomst)\s*(?:meer)?",
    r"(?:ik|ze|hij)\s+(?:kan|kun)\s+(?:\w+\s+)?niet\s+meer\s+verder",
    r"er\b.{0,20}?\been?\s+eind(?:e)?\s+aan\s+(?:\w+\s+)?(?:maak|maakt|maken|te\s+maken)",
    r"er\b.{0,20}?\been?\s+punt\s+achter\s+(?:zet|zetten|te\s+zetten)",
    r"(?:zet|zetten)\s+(?:ik|we|hij|ze|zij)?\s*er\b.{0,20}?\been?\s+punt\s+achter",
    r"er\s+(?:helemaal\s+)?klaar\s+mee\s+(?:is|ben|zijn)\b.{0,40}?\b" + _HEIGHT,
    _HEIGHT + r"\b.{0,60}?\b(?:er\s+(?:helemaal\s+)?klaar\s+mee|erin|eraf|vanaf|naar\s+beneden|"
    r"(?:gaat|ga)\s+vallen|niemand)",
    _HEIGHT + r"\b.{0,50}?\b(?:af|eraf|naar\s+beneden\s+)?spring\w*",
    r"(?:kogel|kogels)\s+(?:\w+\s+){0,3}?voor\s+" + _SELF,
    r"spring\w*\b.{0,25}?\b" + _HEIGHT,
    r"spring\w*\b.{0,25}?\b(?:trein|spoor|metro)",
    r"(?:trein|spoor|metro)\b.{0,50}?\bspring\w*",
    r"voor\s+" + _VEHICLE + r"\b.{0,20}?\b(?:spring\w*|gooi\w*|stap\w*|lop\w*|wil\w*|gaan|gaat)",
    r"voor\s+de\s+trein",
    r"(?:op|langs|bij)\s+(?:het\s+spoor|de\s+rails|de\s+overweg)\b",
    r"(?:rand|randje)\s+van\s+(?:de|het)\s+(?:dak|brug|flat|balkon|viaduct|perron|galerij|kade|"
    r"parkeergarage|gebouw|afgrond)",
    r"randje\s+van\s+(?:de|het)\b",
    r"in\s+(?:de|het)\s+(?:zee|water|kanaal|rivier|gracht)\s+(?:\w+\s+)?(?:lopen|loopt|springen|"
    r"springt)",
    _PILLS + r"\b.{0,30}?\b(?:in\s*nemen|ingenomen|genomen|geslikt|slikken|slikt|klaar|gepakt|"
    r"bij\s+zich|heeft|liggen|leeg|opgegeten|gegeten|gespoten)",
    r"(?:geslikt|ingenomen|genomen|slikt|slikken|neemt)\b.{0,20}?\b" + _PILLS,
    r"(?:iets|alles)\s+ingenomen",
    r"(?:te\s+veel|teveel)\s+(?:gespoten|ingenomen|geslikt)",
    r"zelfmoord\s+(?:te\s+)?(?:plegen|pleegt)",
    r"dreig\w*\s+(?:met\s+)?(?:zelfmoord|zelfdoding)",
    r"zelfmoordpoging",
    r"overdosis\s+(?:genomen|ingenomen|geslikt|gespoten)",
    r"laatste\s+bericht\w*",
    r"afscheid\s+(?:neemt|nemen|genomen)",
    r"afscheids(?:brief|bericht|video|post|filmpje|tekst|story|briefje|app)\w*",
    r"touw|strop",
    r"\w*(?:viaduct|brug|dak|flat|balkon)\w*\b.{0,40}?\bover\s+de\s+(?:rand|reling)",
    r"(?:steek|steekt|snij|snijd|snijdt|schiet)\s+(?:ik\s+|hij\s+|ze\s+)?"
    + _SELF
    + r"\b(?!\s+(?:\w+\s+){0,3}?in\s+(?:mijn|m'?n|mn|de|zijn|z'?n|zn|haar|je)\s+(?:eigen\s+)?voet)",
    r"(?:brief|briefje|afscheidsbrief)\b.{0,60}?\b(?:is|zijn)\s+(?:\w+\s+)?weg\b",
    r"motor\s+(?:aan|draaiend)\b.{0,30}?\bgarage",
    r"garage\b.{0,40}?\bmotor\b.{0,25}?\b(?:aan|draaiend|draait|loopt)\b",
    r"hoofd\s+(?:\w+\s+)?tegen\s+de\s+(?:muur|deur|grond)\b.{0,40}?\bbloed\w*",
    # Issue 14: 113 needs a sign of self-harm in the text itself (the classifier alone no
    # longer brings it), so farewells, giving things away, and vehicles, water and weapons
    # turned on oneself are named here.
    r"(?:heb|heeft|hebben)\s+(?:ik\s+|ze\s+|hij\s+)?(?:het|ze|die|dit|dat|alles|toch)\s+"
    r"(?:vanavond\s+|morgen\s+|straks\s+)?(?:toch\s+)?(?:niet|nooit)\s+meer\s+nodig",
    r"(?:het|ze|die|dit|dat|alles)\s+(?:toch\s+)?(?:niet|nooit)\s+meer\s+nodig\s+"
    r"(?:na\s+vandaag|vanavond|morgen|heeft|heb|hebben)",
    r"(?:spullen|kleren|schoenen|telefoon|ps5|jas|chains)\b.{0,40}?\bweg\s*(?:gegeven|geeft|geven)|"
    r"(?:deelt|geeft)\s+(?:al\s+)?(?:haar|zijn|z'?n|zn|d'?r)\s+spullen\s+(?:uit|weg)",
    r"vaarwel|doei\s+allemaal|tot\s+nooit|vergeet\s+me\s+niet|rip\s+(?:mij|me)|"
    r"afscheid\s+van\s+iedereen|voor\s+altijd\s+weg|weg,?\s+voor\s+altijd",
    r"laatste\s+keer\s+(?:is\s+)?dat\s+(?:je|jullie|u)\s+(?:me|mij)\s+(?:ziet|zien|spreekt)",
    r"(?:als\s+je\s+dit\s+leest\s+)?ben\s+ik\s+er\s+(?:al\s+)?niet\s+meer",
    r"geen\s+zorgen\s+meer\s+(?:om|over)\s+(?:mij|me)\s+(?:te\s+)?maken",
    r"(?:vanavond|vannacht|vandaag)\s+(?:is\s+het\s+(?:over|klaar|afgelopen)|ben\s+ik\s+weg)|"
    r"(?:het|dat)\s+(?:vanavond|vannacht|vandaag)\s+klaar\s+is",
    r"(?:vanavond|vannacht|vandaag|straks)\s+(?:ga|gaat)\s+(?:ik|hij|ze)\s+het\s+doen",
    r"genoeg\s+voor\s+(?:vannacht|vanavond|altijd)|hand(?:vol|je\s+vol)\s+"
    + _PILLS
    + r"|"
    + _PILLS
    + r"\W+veel\b",
    r"tegen\s+een\s+boom\s+(?:\w+\s+)?(?:rijden|rij|rijdt|aan\s+rijden)|"
    r"(?:rij|rijd|rijdt|rijden)\s+(?:\w+\s+){0,2}?tegen\s+een\s+boom|"
    r"(?:vol|keihard)\s+(?:er\s+)?tegenaan\s+(?:rijden|rij|rijdt)|slang\s+aan\s+de\s+uitlaat",
    r"naar\s+het\s+spoor\s+(?:rijdt|rijden|loopt|lopen|gaat)|spoorbrug",
    r"(?:de\s+zee|het\s+water|het\s+kanaal|de\s+rivier)\s+in\s+(?:loopt|lopen|te\s+lopen)|"
    r"er\s+(?:gewoon\s+)?in\s+(?:te\s+)?lopen|niet\s+meer\s+terug\s*(?:komt|komen)|"
    r"zwemmen\s+tot\s+(?:hij|ze|ik)\s+niet\s+meer\s+kan",
    r"(?:vannacht|vanavond|straks|morgen)\s+(?:gaat|ga|gaan)\s+hangen",
    r"(?:pistool|wapen|mes|vuurwapen)\b.{0,40}?\btegen\s+(?:zijn|z'?n|zn|haar|mijn|m'?n)\s+"
    r"eigen\s+(?:hoofd|slaap|keel)",
    r"zich\s+opgesloten\b.{0,40}?\b(?:mes|pillen|touw)",
    r"waarom\s+ik\s+nog\s+door\s+(?:zou\s+)?(?:ga|gaan)",
    r"(?:kom|ga)\s+naar\s+(?:je|jou)\s+toe\b.{0,80}?\b(?:vandaag|vanavond|vannacht)|"
    r"(?:begrafenis|overleden|overlijden)\b.{0,80}?\b(?:kom|ga)\s+naar\s+(?:je|jou)\s+toe",
)

# Despair ("ik voel niks meer", "heeft geen zin meer") next to a means or a place to jump
# from or in front of: self-harm, also when a fight or a stabbing is mentioned too.
_DESPAIR = _words(
    r"(?:voel|voelt)\s+(?:ik\s+|hij\s+|ze\s+)?(?:me\s+)?(?:niks|niets)\s+meer",
    r"(?:heeft|heb)\s+(?:allemaal\s+|het\s+)?geen\s+zin\s+meer|geen\s+zin\s+meer\s+in\s+(?:het\s+)?leven",
    r"(?:zie|ziet)\s+(?:ik\s+|hij\s+|ze\s+)?geen\s+uitweg",
)
_MEANS = _words(
    r"station|perron|spoor|rails|trein|metro|brug|viaduct|dak|flat|balkon|water|kanaal|"
    r"pillen|tabletten|touw|mes|mesje|scheermes\w*",
)


# Words for weapons, violence, injury and a group mobilising.
_DANGER = _words(
    r"mes|messen|\w+mes|mesje|machete\w*|pistool|pistolen|revolver|glock|vuurwapen\w*|"
    r"stiletto\w*|dolk\w*|zwaard\w*|balisong|karambit|"
    r"wapen\w*|\w+wapen|geweer|luchtbuks|kalasj\w*|bijl|taser|peperspray|traangas|"
    r"boksbeugel|ploertendoder|schroevendraaier|knuppel\w*|\w+knuppel\w*|bat|hamer|koevoet|"
    r"ijzeren\s+staaf|staaf|ijzers?|stokken|kettingen|schaar|stuk\s+glas|"
    r"(?:kapotte|gebroken)\s+fles|flessen|fles|stenen|bivakmuts\w*|bom|vuurwerkbom|"
    r"granaat|handgranaat|cobra\w*|molotov\w*|benzine|zuur|bijtend\w*|explosie|brand\w*|"
    r"in\s+de\s+fik|vuurwerk\w*|fight|opgetrommeld|keel|knal|knalt|riem|riemen|blade|pijp|"
    r"fakkel\w*|vastgebonden|tegen\s+de\s+grond|gegrepen|overval\w*|"
    r"in\s+(?:een|de)\s+hoek\s+gedrukt|in\s+het\s+nauw|omsingel\w*|snee|sneden",
    # Not football or photos: "ze schieten op het doel", "schieten penalty's", "foto's schieten".
    r"schiet\w*(?!\s+(?:\w+\s+)?(?:op\s+(?:het\s+)?doel|penalty\S*|foto\S*|plaatjes|raak\b))|"
    r"geschoten|schot|schoten|neergeschoten|schietpartij|knallen|kogel\w*|schutter",
    r"steek|steekt|steken|stekend|gestoken?|neergestoken|doodsteken|steekpartij|steekwond\w*|"
    r"neersteken|neer\s+te\s+steken",
    r"vecht\w*|gevecht\w*|gevochten|knok\w*|geknokt|matten|slaat|slaan|geslagen|"
    r"neergeslagen|afgetuigd|aftuigen|tuigen|in\s+elkaar\s+(?:geslagen|getrapt|geschopt|slaan|slaat|trappen|schoppen)|schopt|schoppen|trappen|getrapt|"
    r"mishandel\w*|aanval\w*|afrekenen|afgerekend|gewurgd|wurg\w*|te\s+lijf|"
    r"gijzel\w*|ontvoer\w*|gesleurd|sleuren|slepen|omsingeld|klemgezet|"
    r"vermoord\w*|vermoorden|doodmaken|doodschieten|neerschieten|inrijden|ingereden|"
    r"verhaal\s+halen|rellen|rel|kofferbak|klap|klappen|vuistslag\w*",
    # A fight without a weapon word: "valt hem aan", "op de vuist", "rennen achter hem aan".
    r"(?:valt|vallen|vielen|viel)\s+(?:\w+\s+){0,6}?aan|aangevallen|op\s+de\s+vuist|"
    r"(?:rennen|rent|renden|rende|jagen|jaagt)\s+(?:\w+\s+){0,3}?achter\s+"
    r"(?!(?:de|het|een)\s+(?:bus|bal|tram|trein|metro|hond|kat|fiets)\b)(?:\w+\s+){0,3}?aan|"
    r"(?:gaat|ging)\s+(?:het\s+)?(?:\w+\s+)?(?:helemaal\s+)?mis\b(?!\s+(?:met|bij|in|als))",
    r"bloedt|bloed|bloeden|bloedend|bewusteloos|buiten\s+bewustzijn|beweegt\s+niet|"
    r"ademt\s+(?:niet|raar|nauwelijks)|gewond\w*|geraakt",
    r"afmaken|af\s+te\s+rekenen|bedreig[dt]|bedreigen|wraak|opgesloten|achtervolgd|gevolgd",
    # Issue 14: threats received and scenes closing in.
    r"doodsbedreiging\w*|dreigbericht\w*|dreigement\w*|afrekening\w*|beuk\w*|stabbing\w*|"
    r"af\s+te\s+maken|(?:op|voor)\s+(?:hem|haar|mij|me|ons|jou)\s+(?:te\s+)?(?:wachten|opwachten)|"
    r"met\s+alles\s+wat\s+(?:we|ze|wij|zij)\s+hebben|"
    r"om\s+(?:me|mij|ons)\s+heen|(?:het|dat)\s+losgaat|gaat\s+het\s+los|rakelings|"
    r"wachten\s+tot\s+(?:ik|hij|ze|we)\s+(?:naar\s+)?buiten\s+(?:kom|komt|komen)",
    r"(?:hem|haar|hun|jou|ons|me|mij)\s+(?:te\s+)?(?:pakken|grijpen|opwachten)",
    r"op\s+(?:zijn|z'?n|haar|d'?r|mijn|m'?n)\s+hoofd|rijdt\b.{0,15}?\bin\s+op",
    r"iets(?:\s+\w+)?\s+in\s+(?:z'?n|zijn|haar)\s+(?:broek\w*|jas\w*|jaszak|tas|mouw|zak|hand)",
    r"groep\s+van\s+\d+|met\s+\d+\s+man|met\s+z'?n\s+allen|\d+\s+man|groepen\s+tegenover",
)

# A sign that it happens now, just happened, or is about to.
_NOW = _words(
    r"nu|hier|net|zojuist|gaande|aan\s+de\s+gang|aan\s+het|bezig|acuut|snel|live",
    r"vanavond|van+avond|vannacht|vandaag|straks|zo\s*meteen|gaat\s+zo|elk\s+moment|"
    r"ieder\s+moment|over\s+(?:een\s+|\d+\s*)(?:half\s+uur|uur|min\w*|kwartier)|onderweg|"
    r"eraan|klaar|morgenochtend|na\s+schooltijd",
    r"staat|staan|sta|zwaait|zwaaien|trekt|richt|houdt|loopt|lopen|rijden|verzamelen|"
    r"wachten|komt|komen|ligt|schopt|gooit|gooien|vliegen|rennen|rent|beweegt|"
    r"neemt\s+(?:\w+\s+)?niet\s+op|"
    r"(?:zit|zitten|zat)\s+(?:nu\s+|hier\s+|nog\s+)?(?:vast|opgesloten|klem|binnen|verstopt|"
    r"in\s+de\s+(?:wachtkamer|auto|wc|kamer|hal|gang))|"
    r"schreeuw\w*|gil\w*|bloedt|bloeden|bloedend|zakt|rijdt|omsingeld|ter\s+plaatse|op\s+de\s+been|"
    r"(?:is|zijn)\s+begonnen|stappen\s+uit|stapt\s+uit|door\s+het\s+lint",
    r"er\s+(?:wordt|worden)(?!\s+(?:\w+\s+){0,2}?(?:gepraat|gesproken|gezegd|gedacht|gekletst|"
    r"geroddeld|gediscussieerd|gelachen|gegrapt|gespeculeerd))|"
    r"ik\s+wordt?|wordt\s+(?:\w+\s+)?(?:achtervolgd|gevolgd|bedreigd|"
    r"afgetuigd|geslagen|gestoken|mishandeld|geschopt|getrapt|meegesleurd)",
    r"zie|zien|hoor|horen|gehoord|gezien|getrokken|gelost|gegooid",
    r"(?:is|zijn|wordt|worden)\s+(?:\w+\s+){0,6}?(?:neer)?(?:gestoken|geschoten|geslagen|"
    r"mishandeld|gewond|getrapt|opgesloten|neergeschoten|geraakt|afgetuigd|gewurgd|omsingeld)",
    r"(?:slaan|slaat|schoppen|schopt|trappen|trapt|steken|steekt|schieten|schiet|gooit|gooien|"
    r"zwaait|zwaaien)\s+(?:hem|haar|hun|me|mij|ons|iemand|elkaar|met|op|naar|mensen|"
    r"iedereen|om\s+zich\s+heen)\b",
    r"(?:pakt|haalt|trok|pakte|trekken)\s+(?:\w+\s+){0,2}?(?:\w*mes|pistool|\w*wapen|machete|"
    r"bijl|\w*knuppel)",
    r"dreigt\s+(?:me|mij|ons|haar|hem|jou)\b|gaan\s+elkaar|gaat\s+(?:nu\s+)?(?:los|mis)|"
    r"gaat\s+het\s+(?:nu\s+)?(?:helemaal\s+)?mis|(?:valt|vallen)\s+(?:\w+\s+){1,6}?aan\b|"
    r"(?:zoeken|zoekt)\s+(?:iemand|hem|haar|die|een|de)\b|omsingelt|omsingelen",
    r"(?:heeft|hebben)(?=\s+(?:(?:nu|hier|net)\s+)?(?:iets|wapens?|messen|(?:een|z'?n|zijn)\s+"
    r"(?:\w+\s+)?(?:\w*mes|machete|pistool|vuurwapen|\w*wapen|geweer|bijl|taser|boksbeugel|"
    r"\w*knuppel|fles|hamer|schaar)\b))",
    r"bedreig(?:t|en)\s+(?:me|mij|haar|hem|ons|jou|er|de|mensen)",
    r"wat\s+(?:moet|kan|moeten)\s+(?:ik|we)\s+(?:nu\s+)?doen|wat\s+nu|wat\s+doe\s+ik\s+nu",
    r"hoe\s+de-?escaleer\s+ik|hoe\s+grijp\s+ik\s+in|"
    r"hoe\s+(?:kan|moet)\s+ik\s+(?:het\s+beste\s+)?(?:handelen|ingrijpen|optreden)",
    r"bel\s+ik\s+(?:\w+\s+)?112|112\s+bellen\s*\?|ambulance|kom\s+snel",
    r"(?:hij|ze|zij|ie)\s+(?:zegt|zei|appt|dreigt|stuurt|post|schrijft|belt|roept)",
    r"(?:ze|zij|hij|jongens|gasten|mannen|gast|man|iemand|dader|twee\s+\w+|\d+\s+\w+)\s+"
    r"(?:slaan|slaat|schoppen|slepen|sleuren|richten|"
    r"schopt|steken|steekt|schieten|schiet|vechten|vecht|trappen|trapt|tuigen|bedreigen)\b",
    r"(?:slaan|schoppen|steken|schieten|vechten|trappen|knokken|matten)\s+(?:ze|zij|twee|drie|"
    r"\d+|jongens|gasten|groepen|mannen)\b",
    r"tijdens\s+(?:het|ons|dit)\s+gesprek|op\s+tafel|voor\s+me|naast\s+me|om\s+de\s+hoek",
)
# Unmistakably now: overrides general framing. "NU" in capitals is deliberate.
# "help" as a cry, not as a verb ("hoe help ik een team …").
_STRONG_NOW = re.compile(
    r"\bNU\b|!{2,}|(?i:\b(?:op\s+dit\s+moment|gaande|aan\s+de\s+gang|acuut|zojuist)\b)|"
    r"(?i:\bik\s+word\s+(?:\w+\s+){0,2}?(?:achtervolgd|gevolgd|aangevallen|geslagen|"
    r"opgewacht|ingesloten)\b)|"
    r"(?i:\b(?:krijgen|krijg|krijgt)\s+(?:het|ze|hen)\s+niet\s+(?:gestopt|uit\s+elkaar)\b)|"
    r"(?i:(?<!hoe\s)(?<!ik\s)(?<!je\s)(?<!we\s)\bhelp\b(?!\s+(?:ik|je|jij|we|wij)\b)"
    r"(?!\s+me\s+(?:even|ff|met|bij|om)\b))|"
    r"(?i:\bligt\s+(?:\w+\s+){0,2}?(?:op\s+de\s+grond|op\s+straat|te\s+bloeden|bewusteloos)|"
    r"\b(?:reageert|ademt)\s+niet\b|\bbuiten\s+bewustzijn\b|\bbewusteloos\b|"
    r"\b(?:\d+\s*(?:min\w*|seconden)|paar\s+min\w*)\s+geleden\b)",
)

# A hypothetical, a past event, or a knowledge, training or policy question.
_GENERAL = _words(
    r"als|stel|wanneer|indien|mocht|soms|vaak|regelmatig|ooit|meestal",
    r"gisteren|eergisteren|vorige|vorig|afgelopen|vroeger|geleden|toen|eerder|laatst|sinds|"
    r"ging|gingen|moest|moesten|droeg|droegen|werden|waren|nu\s+pas",
    r"(?:in|van|uit)\s+(?:de|het)\s+(?:zomer|winter|lente|herfst|vakantie|voorjaar|najaar)",
    r"na\s+(?:de|een|het|zo'?n|die)",
    r"herken\w*|signal\w*|risico\w*|cijfers|hoe\s+vaak|waarom|verschil|betekent|"
    r"protocol\w*|\w*training\w*|workshop\w*|cursus\w*|les|lesmateriaal|materiaal|tips?|"
    r"beleid|wet|wettelijk|juridisch\w*|straf|bezit|meldcode|melden|delen|doorgeven|"
    r"voorkomen|preventie\w*|"
    r"omgaan|om\s+met|(?:daar|er|hier)\s*mee\s+om|nagesprek\w*|nazorg\w*|rouw\w*|terugval\w*|voorlichting|poster|"
    r"folder|rollenspel\w*|presentatie\w*|oefen\w*|draaiboek\w*|plan|\w*preventie\w*|"
    r"voorbereid\w*|deelnemer\w*|evalue\w*|casus|scenario\w*|"
    r"drill\w*|rap\w*|clips?|filmpje\w*|video\w*|herdenking\w*|jaardag",
    r"welke\s+stappen|stappenplan|de\s+stappen|volgende\s+stappen|oproep\w*|melding\w*|"
    r"lichaamstaal|online|steeds|\w*incident\w*|overleg\w*|vergadering\w*|agenda|om\s+tafel|"
    r"evaluatie\w*|evalueren|uitdagen|uit\s+te\s+dagen|stoer|opschep\w*|grootspraak|pochen|"
    r"grap\w*|(?:voelen|voelt)\b.{0,40}?\bbedreigd|\w*bijeenkomst\w*|\w*avond\s+over|"
    r"oud|oude|ontkracht\w*|klopt\s+(?:niet|het)|nep|fake|inschatten|in\s+te\s+schatten",
    r"(?:les|gesprek|training|presentatie|vragen|info|informatie|voorlichting|workshop|"
    r"praten|spreken|congres|symposium|conferentie|webinar|artikel|onderzoek)\s+(?:\w+\s+)?over",
    r"rapport|congres|symposium|onderzoek|nieuws|nieuwsbrief|elders|andere\s+stad|"
    r"doorzoeken|fouilleren|controleren|waarschuwen|bang\s+(?:dat|voor)|vree[sz]\w*",
    r"mag\s+(?:ik|je|een|de|het|hij|zij|ze|we|men|u)\b",
    r"hoe\s+(?:begin|open|spreek|bespreek)\s+ik",
    r"(?:zie|merk|weet|herken)\s+je|hoe\s+(?:zie|merk|weet|herken)\s+ik",
    r"af\s+en\s+toe|weleens|wel\s+eens|hoe\s+ga\s+ik|denkt\s+dat|nodig\s+(?:heeft|hebben|te\s+hebben)",
    r"gedicht\w*|opstel\w*|werkstuk\w*|tekening\w*|liedje\w*|songtekst\w*|dagboek\w*|"
    r"game\w*|serie|films?|filmpjes?|boek\w*|podcast\w*|documentaire\w*",
    # Games and jokes: "ik schiet je neer" over a lost match is talk, not a threat.
    r"gam(?:en|et|ede|eden|er|ers)|fifa|fortnite|gta|call\s+of\s+duty|playstation|ps[45]|xbox|"
    r"console|spelletje\w*|potje\s+(?:fifa|gamen|fortnite)|"
    r"lag\s+dubbel|lagen\s+dubbel|lachen|lacht|lachte|lachend|als\s+grap|voor\s+de\s+grap|"
    r"geintje\w*|dollen|(?:aan\s+het|zitten\s+te)\s+(?:dollen|klooien|geinen)",
    r"zorgen\s+maken|bezorgd|in\s+het\s+algemeen|algemeen|theorie|gerucht\w*|nepnieuws",
    r"hoe\s+(?:[\w-]+\s+){1,2}?(?:je|jij|men)\b",
    r"wat\s+(?:doe|moet|kan|zeg)\s+je\b",
)


# General framing that outweighs a single sign of now: law, remembrance, creative writing.
_STRONG_GENERAL = _words(
    r"strafbaar|legaal|illegaal|verboden|herdenking\w*|jaardag|gedicht\w*|songtekst\w*",
    r"(?:wat|hoe)\s+(?:doe|moet|kan|zeg|reageer)\s+ik\s+(?:\w+\s+)?als",
    r"hoe\s+ziet\s+(?:een|het|de)\s+(?:\w+\s+){0,3}?eruit|hoe\s+herken\s+(?:ik|je|jij|we)|hoe\s+(?:zie|merk|weet)\s+(?:ik|je|jij|we)\s+of|"
    r"(?:waaraan|hoe)\s+(?:\w+\s+)?(?:herken|zie|merk)\s+(?:ik|je)",
    r"als\s+(?:ik|je|jij|we|iemand)\s+(?:\w+\s+)?(?:hoor|hoort|zie|ziet|merk|merkt|weet|vermoed\w*|"
    r"denk|denkt|twijfel\w*)",
    # Preparing a task ("help, ik moet morgen een workshop … geven"): "help" asks for help
    # with the task, not in danger.
    r"(?:moet|moeten|ga|gaan|mag|mogen|wil|willen)\s+(?:\w+\s+){0,4}?(?:\w*workshop\w*|"
    r"presentatie\w*|les|lessen|\w*training\w*|voorlichting\w*|lezing\w*|cursus\w*|"
    r"rollenspel\w*|oefening\w*|protocol\w*|draaiboek\w*|plan|stappenplan|webinar\w*)\b"
    r"(?:\s+\S+){0,4}?\s+(?:geven|houden|voorbereiden|maken|schrijven|opstellen|organiseren|"
    r"opzetten|doen)",
    # Policy and exercise documents: what a protocol or draaiboek should say.
    r"(?:in|voor)\s+(?:een|het|ons|onze|de)\s+(?:\w+\s+)?(?:protocol\w*|draaiboek\w*|"
    r"rollenspel\w*|oefening\w*|oefenscenario\w*|stappenplan\w*)",
)
# Framing that places the words in a film, game, clip, lesson, the news, a piece of writing,
# the past or a reassurance. Without a concrete scene it outweighs "NU", "help" and "!!".
_FRAME = _words(
    r"films?|horrorfilm\w*|serie|series|"
    r"game\w*|gam(?:en|et|er|ers)|fortnite|fifa|gta|call\s+of\s+duty|minecraft|roblox|"
    r"spelletje\w*|(?:zitten|zit|zaten)\s+(?:\w+\s+){0,2}?te\s+(?:spelen|gamen)",
    r"wet|wettelijk|strafbaar|legaal|illegaal|les|lessen|lesmateriaal|lessenserie\w*|lesbrief\w*|"
    r"protocol\w*|draaiboek\w*|\w*bijeenkomst\w*|"
    r"presentatie\w*|voorlichting\w*|poster|folder\w*|"
    r"nieuws\w*|nieuwsbericht\w*|rechtszaak|krant\w*|artikel\w*",
    r"(?:stuk|tekst|artikel|opstel|werkstuk)\s+(?:\w+\s+){0,2}?schrijven|(?:een|het)\s+opzet|opzetje",
    r"geen\s+gevaar|niet\s+acuut|niks\s+ernstigs|niets\s+ernstigs|niks\s+gebeurd|"
    r"niets\s+gebeurd|alles\s+rustig|gaat\s+(?:nu\s+)?goed\s+met|nu\s+gaat\s+het\s+goed|"
    r"gaat\s+het\s+(?:nu\s+)?(?:weer\s+)?goed",
    # The professional's own wellbeing after the event.
    r"ontspannen|ontladen|tot\s+rust\s+(?:komen|kom)|(?:door|uit)\s+(?:mijn|m'?n|mn)\s+hoofd",
    r"rollenspel\w*|oefenscenario\w*|(?:een|het|dat|dit)\s+scenario|oefening\w*|"
    r"\w*toneel\w*|(?:doen|doet|deden)\s+alsof|(?:spelen|speelt)\s+(?:\w+\s+)?(?:drill|oorlogje|"
    r"politie\s*en\s*boefje|schietertje)|speelgoed\w*|nepwapen\w*|waterpistool\w*|"
    r"van\s+alle\s+tijden|tegenwoordig|wat\s+is\s+er\s+(?:nu\s+)?anders|"
    r"(?:training|cursus|workshop|les|lezing|webinar|voorlichting|college)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:gehad|gevolgd|gegeven|bijgewoond)|"
    r"oud\s+bericht|haha|lol|(?:ligt|liggen|lag|lagen)\s+(?:\w+\s+)?dubbel",
    # Figures of speech.
    r"killing\s+it|(?:ga|gaat|ging)\s+(?:\w+\s+)?dood\s+van\s+(?:de\s+|het\s+)?(?:stress|"
    r"honger|lachen|verveling|schaamte)|sterf\s+van|(?:maak|maken)\s+(?:\w+\s+)?kapot\s+met",
)
# The past: framing too, but weak in this domain, where revenge now follows a stabbing
# last week. It frames a message for :func:`framed_question` only without a sign of now
# (:data:`_NOW`, :data:`_PRESENT`).
_PAST = _words(
    r"vroeger|vorig\s+jaar|vorige\s+(?:week|maand)|jaar\s+geleden|jaren\s+geleden|eerder|"
    r"(?:\d+|twee|drie|vier|vijf|zes|paar|een\s+paar|enkele|anderhalve?)\s+(?:dagen|weken|"
    r"week|maanden|maand)\s+geleden|(?:jaar|jaren|maanden|weken)\s+terug",
    r"(?:van|in|sinds)\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|"
    r"oktober|november|december|20[0-2]\d)",
    r"na\s+(?:de|een|het|die|zo'?n)\s+(?:\w+\s+)?(?:vechtpartij|steekpartij|schietpartij|"
    r"\w*incident|ruzie|rellen|mishandeling|overval|aanslag)\b(?!\s+(?:van\s+)?(?:net|zojuist|"
    r"vanavond|vandaag|gisteravond))",
)
# Clips, memes and lyrics: in this domain a drill clip going round is often what a threat
# now is about, so like the past they frame a message only without a sign of the present.
_WEAK_FRAME = _words(
    r"clips?|videoclip\w*|filmpje\w*|tiktok-?video\w*|"
    r"(?:tiktok|insta|youtube)\s*(?:video|filmpje|clip)\w*|meme\w*|lyrics",
)
# Plans for now that :data:`_NOW` does not name ("ze willen wraak nemen", "ze gaan hem …").
_PRESENT = _words(r"wraak\s+nemen|gaan\s+(?:hem|haar|ze)\b")
# An explicit reassurance: with it, even a self-harm act mentioned in the past can be a
# framed question ("eerder wilde hij zichzelf iets aandoen, het gaat nu stabiel").
_REASSURED = _words(
    r"geen\s+gevaar|niet\s+acuut|gaat\s+(?:nu\s+)?(?:weer\s+)?(?:goed|stabiel|beter)|"
    r"(?:is|blijft)\s+(?:nu\s+)?(?:weer\s+)?stabiel|weer\s+aan\s+het\s+werk|"
    r"(?:het\s+)?(?:weer\s+)?goed\s+(?:met\s+\w+\s+)?gaat|in\s+behandeling|"
    r"(?:gaat\s+het|het\s+gaat)\s+(?:nu\s+)?(?:weer\s+)?(?:goed|beter|stabiel)|op\s+het\s+rechte\s+pad",
)
# A concrete scene: a place here, or someone acting on someone now. Only with a scene do
# "NU", "help" and "!!" count double against framing.
_SCENE = _words(
    r"hier|voor\s+(?:me|mij|de\s+deur)|naast\s+me|om\s+de\s+hoek|ter\s+plaatse",
    r"er\s+(?:wordt|worden)(?!\s+(?:\w+\s+){0,2}?(?:gepraat|gesproken|gezegd|gedacht|gekletst|"
    r"geroddeld|gediscussieerd|gelachen|gegrapt|gespeculeerd))|ik\s+wordt?|"
    r"wordt\s+(?:\w+\s+){0,3}?(?:achtervolgd|gevolgd|"
    r"bedreigd|afgetuigd|geslagen|gestoken|mishandeld|geschopt|getrapt|meegesleurd|aangevallen)",
    r"(?:staat|staan|stond)\s+(?:\w+\s+){0,5}?met\s+(?:een|z'?n|zn|zijn|hun|d'?r)\s+(?:\w+\s+)?"
    r"(?:mes|messen|wapen\w*|pistool|machete|bijl|knuppel\w*|boksbeugel)",
    r"voor\s+(?:het|de)\s+(?:huis|deur|woning|flat)\s+van|"
    r"(?:wil|willen|gaat|gaan)\s+(?:\w+\s+)?nu\s+(?:wraak|verhaal)|nu\s+wraak\s+nemen",
    # A plan against someone: lying in wait, on the way, knowing where the target is.
    r"op\s+te\s+wachten|opwachten|(?:gaat|gaan|ga)\s+(?:er\s+)?(?:nu\s+)?(?:heen|naartoe)|"
    r"weet\s+waar\s+(?:\w+\s+){0,2}?(?:is|zit|woont|uithangt)",
    r"(?:hij|ze|zij|ie|iemand|jongen|man|gast|gasten|jongens|mannen|groep|dader)\s+"
    r"(?:\w+\s+)?(?:staat|staan|zwaait|zwaaien|richt|richten|steekt|slaat|slaan|trapt|trappen|"
    r"schopt|schoppen|bedreigt|bedreigen|rent|rennen|komt|komen|bloedt|valt|vallen|trekt|"
    r"trekken|pakt|haalt)\b(?!\s+in\s+(?:die|de|het|dat|een|zo'?n)\s+(?:\w*clip|film|video|"
    r"filmpje|game|serie|track|song|liedje)\b)",
    r"ligt\s+(?:\w+\s+){0,2}?(?:op\s+de\s+grond|op\s+straat|te\s+bloeden)|bloedt|"
    r"bewusteloos|reageert\s+niet|ademt\s+niet",
    # A threat for tonight, quoted (issue 14): "'vanavond ben je dood'", "vannacht pakken we hem".
    r"(?:vanavond|vannacht)\s+(?:ben\s+je|ga\s+je|gaan\s+we|pakken\s+we|ben\s+jij)",
)


# First-person self-harm intent ("ik trek het niet meer", "vanavond maak ik er een eind
# aan", "ik wil er niet meer zijn"): an unmistakable now, whatever past event it follows.
_FIRST_PERSON_INTENT = _words(
    r"ik\s+(?:\w+\s+)?(?:trek|kan)\s+(?:het|dit|dat)\s+(?:\w+\s+)?niet\s+meer",
    r"ik\s+(?:\w+\s+)?(?:zie|voel)\s+(?:\w+\s+)?geen\s+uitweg",
    r"(?:maak|ga)\s+ik\s+er\b.{0,20}?\been?\s+eind(?:e)?\s+aan",
    r"ik\s+(?:\w+\s+){0,2}?(?:maak|ga)\s+er\b.{0,20}?\been?\s+eind(?:e)?\s+aan",
    r"ik\s+(?:\w+\s+)?(?:wil|ga)\s+(?:\w+\s+)?(?:er\s+)?niet\s+meer\s+(?:zijn|leven)",
    r"ik\s+(?:\w+\s+)?wil\s+(?:\w+\s+)?dood",
)


# Threats for tonight: a time word counts double next to a weapon or violence word.
_TONIGHT = _words(r"vanavond|van+avond|vannacht")


def _self_harm_act(text: str) -> bool:
    """A self-harm act or intent: the act patterns, or despair next to a means or place."""
    return bool(_SELF_HARM_ACT.search(text) or (_DESPAIR.search(text) and _MEANS.search(text)))


def mentions_self_harm(text: str) -> bool:
    """True when ``text`` mentions suicide or self-harm (then 113 is named first)."""
    text = text or ""
    return bool(_SELF_HARM_TOPIC.search(text) or _self_harm_act(text))


def emergency_lines(text: str) -> list[str]:
    """The line said first for an acute message: the 113 line (which also names 112) when
    self-harm is named, else the short 112 question. 113 needs a sign of self-harm in the
    text itself: the classifier alone never brings it (issue 14)."""
    if mentions_self_harm(text):
        return [SUICIDE_LINE]
    return [EMERGENCY_LINE]


# Weapons, violence and injuries *named* (issue 14), broader than :data:`_DANGER`, which the
# net weighs against signs of now: inflections and plurals, street words, and acts against a
# person. Used only to decide how far the classifier alone is trusted (:func:`names_danger`).
_NAMED = _words(
    r"(?:\w*mes|messen|machete|\w*pistool|pistolen|\w*wapen|\w*wapens|geweer|geweren|knuppel|"
    r"bat|bats|boksbeugel|skeng|strapped|ploertendoder|taser|explosie\w*|explosief\w*|\w*bom|"
    r"bommen|granaat|molotov|zwaard|bijl|hamer|schroevendraaier|stenen|tegels|flessen)(?:s|en|e)?",
    r"(?:ge)?stoken|steek\w*|stak|slaan|sloeg|sloegen|geslagen|schop\w*|geschopt|trap\w*|getrapt|"
    r"schiet\w*|schoot|geschoten|vecht\w*|vocht|gevochten|knok\w*|mishandel\w*|aanval\w*|"
    r"aangevallen|roof\w*|beroofd|ontvoer\w*|gijzel\w*|wurg\w*|bekogel\w*|ramt|rammen|geramd|"
    r"inrijd\w*|ingereden|rijdt\s+(?:\w+\s+){0,3}?in\s+op|opwacht\w*|opgewacht|bestorm\w*|"
    r"omsingel\w*|achtervolg\w*|achterna\s+gezeten|vastgehouden|vastgebonden|onder\s+water|"
    r"door\s+het\s+lint|opgehitst|ophitsen|hitsen|bijten|gooi\w*\s+(?:\w+\s+){0,3}?(?:naar|met|op|tegen)|"
    r"(?:getrokken|geduwd|gesleurd|gesleept)\s+(?:in|uit)|in\s+een\s+(?:auto|busje)\s+(?:getrokken|"
    r"geduwd|gesleurd)",
    r"(?:pakken|pakt|grijpen|afmaken|af\s+te\s+maken|maken\s+(?:het|hem|haar)\s+af)|"
    r"(?:gaat|gaan)\s+eraan|(?:we|ze|wij|zij)\s+pakken\s+(?:hem|haar|jou|je)",
    r"bloed\w*|\w*wond\w*|gewond|bewusteloos|gebroken|ademt\s+niet|op\s+de\s+grond",
    r"\w*bedreig\w*|\w*dreig\w*|gedoxt|doxen|geschreeuw|schreeuw\w*\s+om\s+hulp",
)


def names_danger(text: str) -> bool:
    """True when ``text`` names a weapon, violence, an injury or self-harm."""
    text = _HARMLESS_SHOOTING.sub(" ", text or "")
    return bool(_DANGER.search(text) or _NAMED.search(text) or mentions_self_harm(text))


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many different phrases of ``pattern`` occur in ``text``."""
    return len({m.group(0).lower() for m in pattern.finditer(text)})


ACUTE_INTENT = "acute_danger"
# Where the parse carries the classifier's calibrated probabilities (bot.rasa_classifier).
CALIBRATED_KEY = "calibrated"
# The classifier says acute danger with at least this calibrated probability, whichever
# intent won its softmax; and with at least WINNER_PROBABILITY when acute_danger also won.
ACUTE_PROBABILITY = 0.6
WINNER_PROBABILITY = 0.1
# ... and with at least DANGER_PROBABILITY when the text itself names a weapon, violence, an
# injury or self-harm (:func:`names_danger`).
DANGER_PROBABILITY = 0.1
# ... and counts as one sign of now for the safety net from this probability on.
LEAN_PROBABILITY = 0.3
# Without calibration (a parse from an older model): acute_danger ranked first (also when
# the FallbackClassifier then says it is unsure), or second with at least this confidence.
NLU_RUNNER_UP_CONFIDENCE = 0.2


def acute_probability(parse: Mapping[str, Any] | None) -> float | None:
    """The classifier's calibrated probability that ``parse``'s message is acute danger, or
    None when the parse carries none."""
    value = ((parse or {}).get(CALIBRATED_KEY) or {}).get(ACUTE_INTENT)
    return None if value is None else float(value)


def nlu_says_acute(parse: Mapping[str, Any] | None, text: str = "") -> bool:
    """True when the classifier says acute danger. Where the parse is calibrated, its
    calibrated probability is at least :data:`ACUTE_PROBABILITY`; or at least
    :data:`WINNER_PROBABILITY` when ``acute_danger`` also won the softmax; or at least
    :data:`DANGER_PROBABILITY` when ``text`` names a weapon, violence, an injury or
    self-harm. Without calibration (an older model): when ``acute_danger`` is the intent.

    So a softmax winner on a message unlike anything trained ("ik zit in de auto": nearly
    certain, calibrated 0.02) does not count, while a scene the classifier files under
    another intent ("ik zit in mijn auto en ze beuken op de ramen" as a statement) still
    does."""
    won = ((parse or {}).get("intent") or {}).get("name") == ACUTE_INTENT
    probability = acute_probability(parse)
    if probability is None:
        return won
    if won and probability >= WINNER_PROBABILITY:
        return True
    if probability >= DANGER_PROBABILITY and names_danger(text):
        return True
    return probability >= ACUTE_PROBABILITY


def nlu_leans_acute(parse: Mapping[str, Any] | None) -> bool:
    """True when the classifier leans towards acute danger: a calibrated probability of at
    least :data:`LEAN_PROBABILITY`; for a parse without calibration, ``acute_danger`` ranked
    first, or second with some confidence (``intent_ranking``, skipping ``nlu_fallback``)."""
    probability = acute_probability(parse)
    if probability is not None:
        return probability >= LEAN_PROBABILITY
    ranking = [
        (item.get("name"), float(item.get("confidence") or 0.0))
        for item in (parse or {}).get("intent_ranking") or []
        if item.get("name") != "nlu_fallback"
    ]
    if ranking and ranking[0][0] == ACUTE_INTENT:
        return True
    return (
        len(ranking) > 1
        and ranking[1][0] == ACUTE_INTENT
        and ranking[1][1] >= NLU_RUNNER_UP_CONFIDENCE
    )


# "jongerenwerker hier," / "wijkagent hier:" at the start introduces the sender; it is no
# place ("hier") of the danger.
_INTRO = re.compile(r"^\s*(?:[\w-]+\s+){1,3}?hier\s*[,:;.!-]", re.IGNORECASE)


def _without_intro(text: str) -> str:
    """``text`` without an opening self-introduction and without harmless shooting."""
    return _HARMLESS_SHOOTING.sub(" ", _INTRO.sub(" ", text or "", count=1))


def is_acute(text: str, parse: Mapping[str, Any] | None = None) -> bool:
    """True when ``text`` reads as danger now: a weapon, fight, injury or self-harm happening
    now or about to, not a question about such situations in general or in the past.

    Signs of "now" are weighed against signs of general framing, so that "hoe herken je dat
    iemand een wapen draagt?" stays a question while "moet ik dit melden? hij heeft nu een
    mes" still gets 112. An unmistakable now ("NU", "op dit moment", "help", "!!") counts
    double; a self-harm act counts as one sign by itself.
    """
    text = _without_intro(text)
    # "NU", "help", "!!" count double, unless framing (a film, game, lesson, the news, the
    # past) places the message elsewhere and no concrete scene is described: then they count
    # once and each framing phrase counts double.
    intent = bool(_FIRST_PERSON_INTENT.search(text))
    framed = (
        bool(
            _FRAME.search(text)
            or _WEAK_FRAME.search(text)
            or _PAST.search(text)
            or _STRONG_GENERAL.search(text)
        )
        and not _SCENE.search(text)
        and not intent
    )
    now = _count(_NOW, text) + (1 if framed else 2) * _count(_STRONG_NOW, text)
    now += 2 * intent
    self_harm = _self_harm_act(text)
    if self_harm:
        now += 1
    elif not (_SELF_HARM_TOPIC.search(text) or _DANGER.search(text)):
        return False
    if _DANGER.search(text) or self_harm:
        now += _count(_TONIGHT, text)
    if nlu_leans_acute(parse):
        now += 1
    general = _count(_GENERAL, text) + 2 * _count(_STRONG_GENERAL, text)
    if framed:
        general += 2 * (_count(_FRAME, text) + _count(_WEAK_FRAME, text) + _count(_PAST, text))
    return now >= 1 and now > general


def framed_question(text: str) -> bool:
    """True when ``text`` is clearly *about* danger rather than in it: framed by a film,
    game, lesson, protocol, role-play, the law, the news, a hypothetical "als ik hoor …" or
    an explicit reassurance ("het gaat nu stabiel"), or by the past or a clip without any
    sign of the present ("nu", "vannacht", "sta"); and it shows no concrete scene, no
    unmistakable now ("NU", "help", "!!"), no first-person intent, and no self-harm act
    unless reassured.

    Used where the classifier alone says ``acute_danger``: such a message gets its answer
    first and the emergency line right after it, instead of before (:func:`alarm`).
    """
    text = _without_intro(text)
    if _SCENE.search(text) or _STRONG_NOW.search(text) or _FIRST_PERSON_INTENT.search(text):
        return False
    reassured = bool(_REASSURED.search(text))
    if _self_harm_act(text) and not reassured:
        return False
    if reassured or _FRAME.search(text) or _STRONG_GENERAL.search(text):
        return True
    # The past and clips frame only without any sign of now or the present (rounds 8-9: "die
    # drill clip van vorig jaar gaat weer rond en nu haalt hij zn mes"; "er komen net drie
    # scooters …, zelfde als bij de schietpartij vorige maand").
    return (
        bool(_PAST.search(text) or _WEAK_FRAME.search(text))
        and not _PRESENT.search(text)
        and not _NOW.search(text)
    )


FIRST = "first"
AFTER = "after"
NONE = "none"


def alarm(text: str, parse: Mapping[str, Any] | None = None) -> str:
    """Where the emergency line goes for ``text``: :data:`FIRST` (before anything else)
    when the safety net reads danger now, or when the classifier's ``acute_danger`` counts
    (:func:`nlu_says_acute`) and the text is not a :func:`framed_question`; :data:`AFTER`
    (after the answer) when it counts but the text is framed; :data:`NONE` otherwise, also
    when the classifier says ``acute_danger`` with a low calibrated probability."""
    if is_acute(text, parse):
        return FIRST
    if nlu_says_acute(parse, text):
        return AFTER if framed_question(text) else FIRST
    return NONE


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
