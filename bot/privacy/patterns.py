"""Pattern detectors for structured personal data in Dutch chat text.

Each detector returns ``(start, end, label)`` tuples over the original text; the engine in
:mod:`bot.privacy.redact` resolves overlaps. Checks that a pattern alone cannot make are done
in code: the BSN elfproef, the IBAN mod-97 check (ISO 13616), and phone-number validity
through Google's ``phonenumbers`` (the Python port of libphonenumber), which knows the Dutch
numbering plan (mobile 06, area codes, +31/0031).

Sources relied on:
- BSN elfproef: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 must be divisible by 11 (Logius, "Burgerservice-
  nummer"; the same test the Dutch government's BSN validators use).
- IBAN: move the first four characters to the end, letters to numbers (A=10 … Z=35), the
  number mod 97 must be 1 (ISO 13616-1). Dutch IBANs are NLkk BBBB 0123456789 (18 characters).
- Licence plates: RDW sidecodes 1–14 (e.g. XX-99-99 … 9-XXX-99, XX-999-X, X-999-XX,
  XXX-99-X, X-99-XXX, 9-XX-999, 999-XX-9), always with the two dashes when written out.
- Postcodes: four digits not starting with 0, two letters, never SA, SD or SS (PostNL).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers
import yaml

from bot.domain import load_domain

Found = tuple[int, int, str]

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
# A date as people type it: 12-03-2008, 1/9/09, 12.03.2008, 12 maart 2008, 4 jan. 2009.
DATE = (
    rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}"
    rf"|\d{{1,2}}\s+(?:{MONTHS})\.?\s+(?:19|20)\d{{2}}"
    rf"|(?:{MONTHS})\.?\s+(?:19|20)\d{{2}})"
)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

_PROFILE_HOSTS = (
    r"instagram\.com|instagr\.am|tiktok\.com|vm\.tiktok\.com|snapchat\.com|t\.me|telegram\.me"
    r"|youtube\.com|youtu\.be|facebook\.com|fb\.com|m\.facebook\.com|x\.com|twitter\.com"
    r"|twitch\.tv|discord\.gg|discord\.com|wa\.me|threads\.net|linkedin\.com|soundcloud\.com"
)
_PROFILE_URL = re.compile(
    rf"(?i)(?:https?://)?(?:www\.|m\.)?(?:{_PROFILE_HOSTS})/[^\s,;()<>\"']*[^\s,;()<>\"'.!?]"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# A bare handle: a token with an underscore, or with a dot and a digit ("mo.010", "bas.x17").
_BARE_HANDLE = re.compile(r"(?<![\w@./§-])[a-z0-9]+(?:[._][a-z0-9]+)+_?(?![\w@/-]|\.\w)")
_PLATFORM_HANDLE = re.compile(
    r"(?i)\b(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tiktok|tt|telegram|tg|twitter|discord"
    r"|youtube|twitch|threads)(?:\s*(?:naam|account|handle|id))?\s*(?::|=|is|als|heet)\s*"
    r"@?(?P<handle>[A-Za-z0-9_.]{3,30}[A-Za-z0-9_])"
)

_IBAN = re.compile(r"(?i)(?<![A-Z0-9])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")

_NINE_DIGITS = re.compile(r"(?<![\d.,/-])\d(?:[ .]?\d){8}(?![\d]|[.,/-]\d)")

_POSTCODE = r"[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})"
_NOT_POSTCODE_LETTERS = {"OM", "EU", "NL", "TV", "PC", "UK", "US"}
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?:\s?-\s?\d{1,4}|\s?(?:hs|bis|I{1,3})\b)?"
_POSTCODE_ONLY = re.compile(rf"\b{_POSTCODE}\b")
_POSTCODE_HOUSE = re.compile(
    rf"\b{_POSTCODE}\s*,?\s*(?:(?:nr\.?|nummer|huisnummer)\s*)?{_HOUSE_NUMBER}"
    r"(?!\s*(?:jaar|uur|keer|%|euro))"
)

_STREET_SUFFIX = (
    r"straat|straatje|straatweg|weg|laan|plein|gracht|kade|singel|dijk|pad|steeg|hof|park|dreef"
    r"|markt|ring|plantsoen|erf|baan|wal|burcht|haven|oord|kamp|akker|weide|tuin|dam|boulevard"
    r"|allee|promenade|passage|hoven|zoom|horst|rade|drift|gaarde|wetering|vaart|sloot|baan"
    r"|vest|stoep|hage|kwartier|poort|veste|brink|esch|kanaal"
)
_PARTICLE = r"(?:van|de|der|den|het|'t|te|ter|ten|la|le)"
_STREET = re.compile(
    # Optional capitalised words before the street word ("Burgemeester Reigerstraat",
    # "Van Heemstraweg"), or "Laan/Plein/Kade … van …" ("Laan van Nieuw Oost-Indië").
    rf"(?:\b(?:Laan|Plein|Kade|Weg|Dreef|Hof|Park|Singel|Straat|Burgwal|Gracht)"
    rf"(?:\s+{_PARTICLE})+(?:\s+[A-Z][\w'’-]*){{1,3}}"
    rf"|(?:\b[A-Z][\w'’.-]*\s+(?:{_PARTICLE}\s+)*){{0,2}}\b[A-Za-zÀ-ÿ'’-]*(?:{_STREET_SUFFIX}))"
    rf"\s+{_HOUSE_NUMBER}(?![\d:])(?!\s*(?:jaar|uur|keer|jongens|meisjes|minuten|%|euro|procent))"
)

_PLATE_PATTERNS = (
    r"[A-Z]{2}-\d{2}-\d{2}",
    r"\d{2}-\d{2}-[A-Z]{2}",
    r"\d{2}-[A-Z]{2}-\d{2}",
    r"[A-Z]{2}-\d{2}-[A-Z]{2}",
    r"[A-Z]{2}-[A-Z]{2}-\d{2}",
    r"\d{2}-[A-Z]{2}-[A-Z]{2}",
    r"\d{2}-[A-Z]{3}-\d",
    r"\d-[A-Z]{3}-\d{2}",
    r"[A-Z]{2}-\d{3}-[A-Z]",
    r"[A-Z]-\d{3}-[A-Z]{2}",
    r"[A-Z]{3}-\d{2}-[A-Z]",
    r"[A-Z]-\d{2}-[A-Z]{3}",
    r"\d-[A-Z]{2}-\d{3}",
    r"\d{3}-[A-Z]{2}-\d",
)
_PLATE = re.compile(r"(?<![\w-])(?:" + "|".join(_PLATE_PATTERNS) + r")(?![\w-])")
_PLATE_UNDASHED = re.compile(r"(?i)\bkenteken(?:nummer)?\s*:?\s*(?P<plate>[A-Z0-9]{6})\b")

_DOB_TRIGGER = re.compile(
    rf"(?i)\b(?:geboren(?:\s+(?:op|in))?|geb\.?(?:\s*datum)?|geboortedatum|d\.o\.b\.?|dob)"
    rf"\s*:?\s*(?P<date>{DATE}|(?:19|20)\d{{2}}\b)"
)
DATE_RE = re.compile(rf"(?i){DATE}")

# Numbers of services, not of persons: they must stay readable (0800-0113, 0900-8844, 14 030).
_SERVICE_PREFIXES = ("800", "900", "906", "909", "14")
_PHONE_FALLBACK = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s.\-()]{0,3}\d){9}(?!\d)")


def elfproef(digits: str) -> bool:
    """True when a 9-digit string passes the BSN eleven-test (and is not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


def iban_valid(candidate: str) -> bool:
    """True when ``candidate`` (spaces allowed) passes the ISO 13616 mod-97 check."""
    compact = re.sub(r"\s", "", candidate).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    if compact.startswith("NL") and not re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def emails(text: str) -> Iterator[Found]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), "EMAIL"


@cache
def assistant_identifiers() -> frozenset[str]:
    """Names the assistant itself uses (intents, entities, slots, actions, responses, forms):
    they look like bare handles ("acute_danger", "utter_greet") but identify nobody."""
    try:
        domain = load_domain()
    except (OSError, yaml.YAMLError):
        return frozenset()
    names: set[str] = set()
    for key in ("intents", "entities", "actions", "slots", "responses", "forms"):
        value = domain.get(key) or []
        for item in value:
            name = next(iter(item)) if isinstance(item, dict) else item
            if isinstance(name, str):
                names.add(name.split("/")[0].lower())
    return frozenset(names)


def _is_identifier(token: str) -> bool:
    token = token.lower().rstrip("_")
    return token in assistant_identifiers() or token.startswith(("utter_", "action_", "validate_"))


def accounts(text: str) -> Iterator[Found]:
    """Profile URLs, @handles, "snap: mo.010" and bare handle-like tokens."""
    for m in _PROFILE_URL.finditer(text):
        yield m.start(), m.end(), "ACCOUNT"
    for m in _HANDLE.finditer(text):
        if len(m.group()) > 2:
            yield m.start(), m.end(), "ACCOUNT"
    for m in _PLATFORM_HANDLE.finditer(text):
        handle = m.group("handle")
        # A plain word counts only after ":" or "=" ("snap: moos"); after "is"/"als" it must
        # look like a handle ("Snapchat is mo.010", not "tiktok als plek waar …").
        separator = text[max(0, m.start("handle") - 3) : m.start("handle")]
        if re.search(r"[\d_.]", handle) or (handle.islower() and re.search(r"[:=]", separator)):
            yield m.start("handle"), m.end("handle"), "ACCOUNT"
    for m in _BARE_HANDLE.finditer(text):
        token = m.group()
        if _is_identifier(token):
            continue
        if re.search(r"[a-z]", token) and ("_" in token or re.search(r"\d", token)):
            yield m.start(), m.end(), "ACCOUNT"


def ibans(text: str) -> Iterator[Found]:
    for m in _IBAN.finditer(text):
        candidate = m.group().rstrip()
        # The greedy pattern may swallow a following word group; shrink until it validates.
        while candidate and not iban_valid(candidate):
            cut = candidate.rfind(" ")
            if cut < 0:
                break
            candidate = candidate[:cut]
        if candidate and iban_valid(candidate):
            yield m.start(), m.start() + len(candidate), "IBAN"


def bsns(text: str) -> Iterator[Found]:
    for m in _NINE_DIGITS.finditer(text):
        if elfproef(re.sub(r"\D", "", m.group())):
            yield m.start(), m.end(), "BSN"


def addresses(text: str) -> Iterator[Found]:
    """Street + house number and postcode + house number → ADRES; postcode alone → POSTCODE."""
    for m in _STREET.finditer(text):
        yield m.start(), m.end(), "ADRES"
    for m in _POSTCODE_HOUSE.finditer(text):
        if _postcode_letters(m.group()) not in _NOT_POSTCODE_LETTERS:
            yield m.start(), m.end(), "ADRES"
    for m in _POSTCODE_ONLY.finditer(text):
        if _postcode_letters(m.group()) not in _NOT_POSTCODE_LETTERS:
            yield m.start(), m.end(), "POSTCODE"


def _postcode_letters(match: str) -> str:
    return re.sub(r"[^A-Za-z]", "", match)[:2].upper()


def plates(text: str) -> Iterator[Found]:
    for m in _PLATE.finditer(text):
        yield m.start(), m.end(), "KENTEKEN"
    for m in _PLATE_UNDASHED.finditer(text):
        plate = m.group("plate")
        if re.search(r"[A-Za-z]", plate) and re.search(r"\d", plate):
            yield m.start("plate"), m.end("plate"), "KENTEKEN"


def birth_dates(text: str) -> Iterator[Found]:
    """Dates after "geboren", "geb.", "geboortedatum"; dates next to names are found later."""
    for m in _DOB_TRIGGER.finditer(text):
        yield m.start("date"), m.end("date"), "GEBOORTEDATUM"


def phones(text: str) -> Iterator[Found]:
    """Dutch and international numbers (libphonenumber, region NL), not service numbers."""
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID):
        raw = match.raw_string
        if not raw.lstrip("(").startswith(("0", "+")):
            continue  # Dutch numbers are written with 0 or +; bare digit runs are not phones
        national = str(match.number.national_number)
        if match.number.country_code == 31 and national.startswith(_SERVICE_PREFIXES):
            continue
        yield match.start, match.end, "TELEFOON"
    for m in _PHONE_FALLBACK.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = digits[-9:]
        if not national.startswith(_SERVICE_PREFIXES):
            yield m.start(), m.end(), "TELEFOON"


# In order of precedence: where two detectors claim overlapping text, the earlier one wins.
DETECTORS = (emails, accounts, ibans, plates, birth_dates, addresses, phones, bsns)
