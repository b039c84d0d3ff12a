"""The Dutch vocabulary of acute danger: regular expressions, case-insensitive, that the
safety net (:mod:`bot.safety.net`) weighs against each other. Data, no decisions: which
pattern counts how is :func:`bot.safety.net.is_acute`'s contract. Why each pattern is there
(the tuning rounds, the sets they came from): docs/safety.md.
"""

from __future__ import annotations

import re

# "Shooting" that is no violence: sports, photos, hurrying ("ik schiet niet op"). Such a
# phrase is blanked before the patterns read a message (issue 14, round 11).
HARMLESS_SHOOTING = re.compile(
    r"\b(?:penalty\S*|foto\S*|plaatjes|beelden|ballen|bal|doelpunt\S*)\s+(?:\w+\s+){0,2}?"
    r"(?:te\s+)?schiet\w*|\bschiet\w*\s+(?:\w+\s+){0,3}?(?:op\s+(?:het\s+|de\s+)?(?:doel|goal|"
    r"lat|paal)|penalty\S*|foto\S*|plaatjes|beelden|raak\b|niet\s+op\b|lekker\s+op\b)|"
    r"\bopschiet\w*|\bschiet\s+(?:\w+\s+){0,3}?op\s+met\b",
    re.IGNORECASE,
)


def words(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``alternatives`` as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


SELF = r"(?:zich|zichzelf|mezelf|mijzelf|m'?n\s*zelf|haarzelf|hemzelf)"
PILLS = (
    r"(?:pillen|paracetamol|medicijn\w*|medicatie|tabletten|slaappil\w*|strip|oxazepam|"
    r"antidepressiva|insuline|oxycodon|oxy|fentanyl|methadon|xanax|diazepam|temazepam|"
    r"lorazepam|ibuprofen|(?:pot|doos|doosje|potje)\s+(?:met\s+)?(?:pillen|tabletten))"
)
# Places people jump from or into, and vehicles people step in front of.
HEIGHT = (
    r"(?:dak|brug|flat|raam|rand|randje|balkon|galerij|viaduct|reling|vensterbank|"
    r"parkeergarage|\d+\s*(?:hoog|verdieping\w*)|water|kanaal|gracht|rivier|zee)"
)
# Where people cut themselves.
LIMB = r"(?:pols|polsen|arm|armen|onderarm\w*|been|benen|bovenbeen\w*|dij|dijen)\b"
VEHICLE = r"(?:de|een)\s+(?:trein|intercity|sprinter|metro|tram|bus|vrachtwagen|auto)"

# Self-harm named as a subject: enough to name 113, not enough on its own to raise the alarm.
SELF_HARM_TOPIC = words(
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
SELF_HARM_ACT = words(
    SELF + r"\b.{0,25}?\b(?:aan\s+doe[nt]?|aandoe[nt]?|(?:iets|wat)\s+aan|snij\w*|gesneden|"
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
    r"alle\s+" + PILLS,
    r"(?:heeft|heb)\s+(?:\w+\s+)?" + PILLS + r"\s+(?:thuis|bij\s+zich|liggen|klaar)",
    r"(?:veel\s+)?te\s*veel\s+(?:\w+\s+)?(?:genomen|ingenomen|geslikt|gespoten)",
    r"richting\s+(?:het\s+spoor|de\s+rails|de\s+brug)",
    r"(?:opgespaard|verzameld|gehamsterd)\b.{0,20}?\b" + PILLS,
    PILLS + r"\b.{0,20}?\b(?:opgespaard|verzameld|gehamsterd)",
    r"(?:arm|armen|pols|polsen|been|benen|bovenbenen)\s+(?:\w+\s+)?(?:vol\s+)?(?:vers\w*\s+)?"
    r"(?:sneden|snijwonden|krassen|wondjes)",
    r"(?:staat|zit|sta|zat|zitten)\s+(?:\w+\s+){0,2}?op\s+(?:een|de|het)\s+(?:viaduct|brug|"
    r"reling|dakrand|rand)\b",
    r"(?:snijdt|snijden|sneed|snij|krast|krassen)\s+" + SELF,
    r"van\s+kant\s+(?:te\s+)?(?:maken|maakt)",
    r"van\s+het\s+leven\s+(?:\w+\s+)?beroo?[fv]\w*",
    r"(?:ophangen|verhangen|ophangt|verhangt)",
    r"polsen",
    # A blade against a wrist, arm or thigh, or cutting into one's own: self-harm ("mes
    # tegen zn pols", "snijdt in haar arm"); a blade against a throat, or a knife "in" an
    # arm ("gestoken met een mes in zn arm", "sneden hem in zn arm"), stays violence.
    r"(?:\w*mes|\w*mesje|blade|glas\w*|scherf|scherven)\s+(?:\w+\s+){0,2}?(?:tegen|op|langs|over)\s+"
    r"(?:zijn|z'?n|zn|haar|d'?r|mijn|m'?n|mn|de|je|jouw)\s+(?:eigen\s+)?" + LIMB,
    r"(?:snij\w*|sneed|kras\w*)\s+(?:zich\w*\s+|me\s+|mezelf\s+|weer\s+|steeds\s+)?in\s+"
    r"(?:zijn|z'?n|zn|haar|d'?r|mijn|m'?n|mn|je|jouw)\s+(?:eigen\s+)?" + LIMB,
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
    r"er\s+(?:helemaal\s+)?klaar\s+mee\s+(?:is|ben|zijn)\b.{0,40}?\b" + HEIGHT,
    HEIGHT + r"\b.{0,60}?\b(?:er\s+(?:helemaal\s+)?klaar\s+mee|erin|eraf|vanaf|naar\s+beneden|"
    r"(?:gaat|ga)\s+vallen|niemand)",
    HEIGHT + r"\b.{0,50}?\b(?:af|eraf|naar\s+beneden\s+)?spring\w*",
    r"(?:kogel|kogels)\s+(?:\w+\s+){0,3}?voor\s+" + SELF,
    r"spring\w*\b.{0,25}?\b" + HEIGHT,
    r"spring\w*\b.{0,25}?\b(?:trein|spoor|metro)",
    r"(?:trein|spoor|metro)\b.{0,50}?\bspring\w*",
    r"voor\s+" + VEHICLE + r"\b.{0,20}?\b(?:spring\w*|gooi\w*|stap\w*|lop\w*|wil\w*|gaan|gaat)",
    r"voor\s+de\s+trein",
    r"(?:op|langs|bij)\s+(?:het\s+spoor|de\s+rails|de\s+overweg)\b",
    r"(?:rand|randje)\s+van\s+(?:de|het)\s+(?:dak|brug|flat|balkon|viaduct|perron|galerij|kade|"
    r"parkeergarage|gebouw|afgrond)",
    r"randje\s+van\s+(?:de|het)\b",
    r"in\s+(?:de|het)\s+(?:zee|water|kanaal|rivier|gracht)\s+(?:\w+\s+)?(?:lopen|loopt|springen|"
    r"springt)",
    PILLS + r"\b.{0,30}?\b(?:in\s*nemen|ingenomen|genomen|geslikt|slikken|slikt|klaar|gepakt|"
    r"bij\s+zich|heeft|liggen|leeg|opgegeten|gegeten|gespoten)",
    r"(?:geslikt|ingenomen|genomen|slikt|slikken|neemt)\b.{0,20}?\b" + PILLS,
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
    + SELF
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
    + PILLS
    + r"|"
    + PILLS
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
DESPAIR = words(
    r"(?:voel|voelt)\s+(?:ik\s+|hij\s+|ze\s+)?(?:me\s+)?(?:niks|niets)\s+meer",
    r"(?:heeft|heb)\s+(?:allemaal\s+|het\s+)?geen\s+zin\s+meer|geen\s+zin\s+meer\s+in\s+(?:het\s+)?leven",
    r"(?:zie|ziet)\s+(?:ik\s+|hij\s+|ze\s+)?geen\s+uitweg",
)
MEANS = words(
    r"station|perron|spoor|rails|trein|metro|brug|viaduct|dak|flat|balkon|water|kanaal|"
    r"pillen|tabletten|touw|mes|mesje|scheermes\w*",
)


# Words for weapons, violence, injury and a group mobilising.
DANGER = words(
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
NOW = words(
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
STRONG_NOW = re.compile(
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
GENERAL = words(
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
STRONG_GENERAL = words(
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
FRAME = words(
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
# (:data:`NOW`, :data:`PRESENT`).
PAST = words(
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
WEAK_FRAME = words(
    r"clips?|videoclip\w*|filmpje\w*|tiktok-?video\w*|"
    r"(?:tiktok|insta|youtube)\s*(?:video|filmpje|clip)\w*|meme\w*|lyrics",
)
# Plans for now that :data:`NOW` does not name ("ze willen wraak nemen", "ze gaan hem …").
PRESENT = words(r"wraak\s+nemen|gaan\s+(?:hem|haar|ze)\b")
# An explicit reassurance: with it, even a self-harm act mentioned in the past can be a
# framed question ("eerder wilde hij zichzelf iets aandoen, het gaat nu stabiel").
REASSURED = words(
    r"geen\s+gevaar|niet\s+acuut|gaat\s+(?:nu\s+)?(?:weer\s+)?(?:goed|stabiel|beter)|"
    r"(?:is|blijft)\s+(?:nu\s+)?(?:weer\s+)?stabiel|weer\s+aan\s+het\s+werk|"
    r"(?:het\s+)?(?:weer\s+)?goed\s+(?:met\s+\w+\s+)?gaat|in\s+behandeling|"
    r"(?:gaat\s+het|het\s+gaat)\s+(?:nu\s+)?(?:weer\s+)?(?:goed|beter|stabiel)|op\s+het\s+rechte\s+pad",
)
# A concrete scene: a place here, or someone acting on someone now. Only with a scene do
# "NU", "help" and "!!" count double against framing.
SCENE = words(
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
FIRST_PERSON_INTENT = words(
    r"ik\s+(?:\w+\s+)?(?:trek|kan)\s+(?:het|dit|dat)\s+(?:\w+\s+)?niet\s+meer",
    r"ik\s+(?:\w+\s+)?(?:zie|voel)\s+(?:\w+\s+)?geen\s+uitweg",
    r"(?:maak|ga)\s+ik\s+er\b.{0,20}?\been?\s+eind(?:e)?\s+aan",
    r"ik\s+(?:\w+\s+){0,2}?(?:maak|ga)\s+er\b.{0,20}?\been?\s+eind(?:e)?\s+aan",
    r"ik\s+(?:\w+\s+)?(?:wil|ga)\s+(?:\w+\s+)?(?:er\s+)?niet\s+meer\s+(?:zijn|leven)",
    r"ik\s+(?:\w+\s+)?wil\s+(?:\w+\s+)?dood",
)


# Threats for tonight: a time word counts double next to a weapon or violence word.
TONIGHT = words(r"vanavond|van+avond|vannacht")


# Weapons, violence and injuries *named* (issue 14), broader than :data:`DANGER`, which the
# net weighs against signs of now: inflections and plurals, street words, and acts against a
# person. Used only to decide how far the classifier alone is trusted (:func:`names_danger`).
NAMED = words(
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


# "jongerenwerker hier," / "wijkagent hier:" at the start introduces the sender; it is no
# place ("hier") of the danger.
INTRO = re.compile(r"^\s*(?:[\w-]+\s+){1,3}?hier\s*[,:;.!-]", re.IGNORECASE)
