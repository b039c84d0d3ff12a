"""Person names in Dutch chat text, without relying on a named-entity recogniser.

The stand-in Dutch spaCy pipeline has no NER, so a name is recognised from, in order:

1. the name lists in ``data/`` (first names common among Dutch youth, surnames, particles):
   a capitalised first name is a name unless it is also a common Dutch word at the start of a
   sentence ("Ben je …"); a lower-case one only in a name context ("ik sprak met mo");
2. context: a capitalised word after "met", "heet", "genaamd", a title (dhr., mevrouw) or a
   relation (broer, moeder van, buurman), or before an age ("X (16)", "X, 15 jaar");
3. spaCy's part of speech: a capitalised PROPN that is not the first word of a sentence;
4. where the pipeline does have NER (Explosion's nl_core_news_sm), its PERSON entities.

A name found so far is extended to the right with particles and capitalised words
("Noah van den Berg", "Fatima el Amrani", "J. Jansen"). Words in ``data/keep_words.txt``
(platforms, organisations, roles, months) and ``data/places.txt`` (cities, neighbourhoods),
words ending in a neighbourhood suffix (-wijk, -buurt, …) and acronyms are never names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")

# Name-list words that are also ordinary Dutch (or English chat) words: only a name when not
# at the start of a sentence, or when the tagger says PROPN, or in a name context.
AMBIGUOUS = {
    "ben",
    "can",
    "mag",
    "job",
    "max",
    "bo",
    "floor",
    "jade",
    "said",
    "hind",
    "rama",
    "amal",
    "noor",
    "mark",
    "nur",
    "roy",
    "dex",
    "jack",
    "kai",
    "rosa",
    "puck",
    "wendy",
    "lina",
    "ali",
    "sam",
    "tim",
    "kim",
    "jan",
    "robin",
    "bart",
    "stan",
    "roos",
    "vera",
    "iris",
    "sterre",
    "merel",
    "elif",
    "ece",
    "efe",
    "emir",
    "eren",
    "kaan",
    "mert",
    "daan",
    "sem",
    "levi",
}
# Lower-case name-list words that are also Dutch words: never a name when written lower-case.
COMMON_LOWER = AMBIGUOUS | {"post", "vos", "bos", "kok", "dam", "berg", "veen", "wit", "meer"}

BEFORE_NAME = {
    "met",
    "heet",
    "genaamd",
    "noemt",
    "naam",
    "zoon",
    "dochter",
    "broer",
    "broertje",
    "zus",
    "zusje",
    "neef",
    "nicht",
    "oom",
    "tante",
    "vader",
    "moeder",
    "stiefvader",
    "stiefmoeder",
    "vriend",
    "vriendin",
    "vriendje",
    "vriendinnetje",
    "meisje",
    "jongen",
    "jongere",
    "dhr",
    "dhr.",
    "mevr",
    "mevr.",
    "mw",
    "mw.",
    "mevrouw",
    "meneer",
    "heer",
    "mr",
    "mr.",
    "jongerenwerker",
    "wijkagent",
    "agent",
    "docent",
    "mentor",
    "collega",
    "buurman",
    "buurvrouw",
    "melder",
    "slachtoffer",
    "verdachte",
    "contactpersoon",
    "opa",
    "oma",
    "door",
    "ken",
    "vraag",
    "bel",
    "mail",
    "app",
    "contact",
    "gemeld",
}
TITLES = {"dhr", "dhr.", "mevr", "mevr.", "mw", "mw.", "mevrouw", "meneer", "heer", "mr", "mr."}
PLACE_PREPOSITIONS = {"in", "uit", "naar", "richting", "vanuit", "nabij", "rond", "omgeving"}
ORG_NOUNS = {"college", "lyceum", "school", "academie", "centrum", "stichting", "huis", "fc"}
PLACE_SUFFIXES = (
    "wijk",
    "buurt",
    "kwartier",
    "dorp",
    "veld",
    "eiland",
    "polder",
    "park",
    "plein",
    "straat",
    "weg",
    "laan",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "haven",
    "markt",
    "stad",
    "land",
    "meer",
    "berg",
    "dam",
    "zuid",
    "noord",
    "oost",
    "west",
    "centrum",
)
NAME_LABELS = {"PERSON", "PER"}
NOT_NAME_POS = {"PRON", "DET", "ADV", "ADP", "AUX", "VERB", "CCONJ", "SCONJ", "NUM", "PUNCT"}
FUNCTION_WORDS = {
    "hij",
    "zij",
    "ze",
    "ik",
    "jij",
    "je",
    "wij",
    "we",
    "jullie",
    "u",
    "hem",
    "haar",
    "die",
    "dat",
    "deze",
    "dit",
    "het",
    "er",
    "men",
    "iemand",
    "niemand",
    "wie",
    "wat",
    "een",
    "de",
    "iedereen",
    "alles",
    "niets",
    "zo",
    "dan",
    "nu",
    "hier",
    "daar",
    "ook",
    "nog",
    "al",
}


@dataclass(frozen=True)
class Tok:
    """One word of the message, as the engine needs it."""

    text: str
    start: int
    end: int
    pos: str  # spaCy's coarse POS, "" without a tagger
    sent_start: bool


def fold(word: str) -> str:
    """Lower-case, possessive 's stripped (accents kept: lists hold both spellings)."""
    word = word.lower()
    for suffix in ("'s", "’s", "s'"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _read_words(name: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.update(w.lower() for w in line.split())
    return frozenset(words)


@cache
def lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, keep words, places), all lower-case."""
    first = _read_words("first_names.txt")
    return (
        first | frozenset(_strip_accents(w) for w in first),
        _read_words("surnames.txt"),
        _read_words("keep_words.txt"),
        _read_words("places.txt"),
    )


@cache
def particles() -> tuple[tuple[str, ...], ...]:
    """Tussenvoegsels as word tuples, longest first."""
    rows = [
        tuple(line.lower().split())
        for line in (DATA / "tussenvoegsels.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return tuple(sorted(rows, key=len, reverse=True))


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _is_word(text: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*(?:['’]s)?", text))


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and not (len(text) > 1 and text.isupper())


def never_name(text: str) -> bool:
    """Platforms, organisations, roles, places, acronyms: words that always stay."""
    _, _, keep, places = lists()
    word = fold(text)
    if len(text) > 1 and text.isupper() and len(text) <= 5:
        return True  # acronyms: OOV, HALT, BOA, GGD
    if word in keep or word in places:
        return True
    if any(part in places or part in keep for part in re.split(r"[-'’]", word) if part):
        return True
    first, surnames, _, _ = lists()
    return word.endswith(PLACE_SUFFIXES) and word not in first and word not in surnames


@dataclass(frozen=True)
class _Context:
    """The tokens of one message, with what the rules ask about a token's neighbours."""

    tokens: list[Tok]

    def prev_word(self, i: int) -> str:
        return fold(self.tokens[i - 1].text) if i > 0 else ""

    def age_follows(self, i: int) -> bool:
        """An age right after the token: "Amine (15)", "Amine, 15 jaar", "Amine is 15"."""
        joined = " ".join(t.text for t in self.tokens[i + 1 : i + 5])
        return bool(
            re.match(r"^\( \d{1,2}( jaar)? \)", joined)
            or re.match(r"^, \d{1,2} jaar", joined)
            or re.match(r"^is \d{1,2}\b", joined)
        )

    def in_context(self, i: int) -> bool:
        """Words before the token that announce a name ("genaamd", "naam is …"), or an age
        after it."""
        tokens, before = self.tokens, self.prev_word(i)
        if before in BEFORE_NAME or (
            before in {":", ","} and i > 1 and fold(tokens[i - 2].text) in BEFORE_NAME
        ):
            return True
        if before == "is" and i > 1 and fold(tokens[i - 2].text) == "naam":
            return True
        return self.age_follows(i)


def find_names(
    tokens: list[Tok],
    ner: list[tuple[int, int, str]] | None = None,
    common: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """Character spans of person names among ``tokens``.

    ``ner``: entities (start, end, label) where the pipeline has a recogniser; ``common``:
    lower-case Dutch words (the lemmatizer's vocabulary), used so that a sentence-initial
    word the tagger calls PROPN ("Scooter", "Vanmiddag") is not taken for a name.
    """
    context = _Context(_merge_abbreviations(tokens))
    is_name = [False] * len(context.tokens)
    for i in range(len(context.tokens)):
        is_name[i] = _is_name_itself(context, i, is_name, common)
    _mark_titles_and_initials(context.tokens, is_name)
    _extend_to_the_right(context.tokens, is_name)
    return _spans(context.tokens, is_name, ner)


def _is_name_itself(context: _Context, i: int, is_name: list[bool], common: frozenset[str]) -> bool:
    """Whether token ``i`` is (part of) a name on its own evidence: the name lists, the
    words around it, the tagger; ``is_name`` holds the decisions for the tokens before it."""
    first, surnames, _, _ = lists()
    tokens, n = context.tokens, len(context.tokens)
    tok = tokens[i]
    text = tok.text
    if not _is_word(text) or never_name(text):
        return False
    word = fold(text)
    nxt = fold(tokens[i + 1].text) if i + 1 < n else ""
    if nxt in ORG_NOUNS:
        return False
    prev = context.prev_word(i)
    after_place_prep = prev in PLACE_PREPOSITIONS
    if (word,) in particles():
        # A particle alone is no name ("Den Haag"); "wijkagent Van Dijk" is.
        j = _skip_particles(tokens, i)
        return (
            _capitalised(text)
            and context.in_context(i)
            and j < n
            and _capitalised(tokens[j].text)
            and not never_name(tokens[j].text)
        )
    if _capitalised(text):
        if word in first or _strip_accents(word) in first:
            if word in AMBIGUOUS and tok.sent_start and tok.pos != "PROPN":
                return context.in_context(i)
            return True
        if (
            context.in_context(i)
            and not after_place_prep
            and word not in FUNCTION_WORDS
            and tok.pos not in NOT_NAME_POS
        ) or (word in surnames and not tok.sent_start and prev not in {"de", "het"}):
            return True
        if (
            tok.pos == "PROPN"
            and not tok.sent_start
            and not after_place_prep
            and not _common(word, common)
        ):
            return prev not in {"de", "het", "op", "bij", "van"}
        if tok.pos == "PROPN" and tok.sent_start and i + 1 < n and not _common(word, common):
            # "Orlando stuurde …", "Caitlyn haar snap …", "Kenji (22 juni 2008) …"
            after = tokens[i + 1]
            return after.pos in {"VERB", "AUX"} or fold(after.text) in {
                "(",
                "en",
                "haar",
                "z'n",
                "zijn",
                "d'r",
            }
        return False
    if word in first and word not in COMMON_LOWER and context.in_context(i):
        return True
    if word in first and word not in COMMON_LOWER and i > 1 and is_name[i - 2]:
        return prev == "en"  # "met mo en jayden"
    return False


def _mark_titles_and_initials(tokens: list[Tok], is_name: list[bool]) -> None:
    """Initials and titles before a surname: "J. Jansen", "mevrouw De Graaf", "dhr. Van
    Dijk" (``is_name`` is updated in place)."""
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if is_name[i]:
            continue
        if re.fullmatch(r"[A-Z]\.", tok.text) and i + 1 < n and _capitalised(tokens[i + 1].text):
            is_name[i] = True
        elif fold(tok.text) in TITLES and i + 1 < n:
            j = _skip_particles(tokens, i + 1)
            if j < n and _capitalised(tokens[j].text) and not never_name(tokens[j].text):
                for k in range(i + 1, j + 1):
                    is_name[k] = True


def _extend_to_the_right(tokens: list[Tok], is_name: list[bool]) -> None:
    """Each name extended to the right with particles and capitalised words (in place)."""
    n = len(tokens)
    i = 0
    while i < n:
        if not is_name[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            k = _skip_particles(tokens, j)
            if (
                k < n
                and tokens[k].start - tokens[k - 1].end <= 1
                and _is_word(tokens[k].text)
                and _capitalised(tokens[k].text)
                and not never_name(tokens[k].text)
                and fold(tokens[k].text) not in ORG_NOUNS
                and (k > j or not tokens[k].sent_start)
            ):
                for m in range(j, k + 1):
                    is_name[m] = True
                j = k + 1
            else:
                break
        i = j


def _spans(
    tokens: list[Tok], is_name: list[bool], ner: list[tuple[int, int, str]] | None
) -> list[tuple[int, int]]:
    """Adjacent name tokens joined into character spans (a possessive "'s" left out), and
    the recogniser's person entities added."""
    spans: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if not is_name[i]:
            continue
        end = tok.end
        if re.search(r"['’]s$", tok.text):
            end -= 2  # "Amine's broer": the possessive stays
        if spans and tok.start - spans[-1][1] <= 1 and is_name[i - 1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((tok.start, end))
    for start, end, label in ner or []:
        if label in NAME_LABELS:
            words = [t for t in tokens if t.start >= start and t.end <= end]
            if words and not all(never_name(t.text) for t in words):
                spans.append((start, end))
    return spans


def _common(word: str, common: frozenset[str]) -> bool:
    """A known Dutch word, or a compound ending in one ("betaalverzoek", "vanmiddag")."""
    return word in common or any(word[k:] in common for k in range(1, len(word) - 3))


def _merge_abbreviations(tokens: list[Tok]) -> list[Tok]:
    """Join "mw" + "." into "mw." (the tokenizer splits some abbreviations)."""
    merged: list[Tok] = []
    for tok in tokens:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and tok.text == "."
            and prev.end == tok.start
            and f"{prev.text.lower()}." in TITLES
        ):
            merged[-1] = Tok(prev.text + ".", prev.start, tok.end, prev.pos, prev.sent_start)
        else:
            merged.append(tok)
    return merged


def _skip_particles(tokens: list[Tok], j: int) -> int:
    """Index after any tussenvoegsel sequence starting at ``j`` (``j`` itself if none)."""
    for particle in particles():
        words = [fold(t.text) for t in tokens[j : j + len(particle)]]
        if tuple(words) == particle and j + len(particle) < len(tokens):
            return j + len(particle)
    return j
