"""Typed answers to the assistant's own questions: which of the buttons it just offered a
typed message means, if any.

Every question that offers buttons (the guided situations, the tour, the quiz, the fallback,
an answer's related topics) declares its options as buttons with a title and a payload. A
person who types what a button says, in any case, without accents, with a small typo, by its
letter or position, or in a few words of their own, means that button; this module decides
that from the buttons alone (:func:`match`), with no list per question.

How a message can match one option (the first rule that gives exactly one option wins):

1. **the whole title**: the same words after normalising (case, accents, punctuation,
   emoji, a leading ``A.``/``b)`` letter), or the words plus filler ("ik kies crisis",
   "doe maar de quiz");
2. **letter or position**: ``b``, ``antwoord b``, ``optie 2`` where the titles are lettered
   (``A. …``), and ``de eerste`` … ``de laatste`` for any options;
3. **a small typo**: the whole message against the whole title, rapidfuzz's ``ratio`` of at
   least :data:`TYPO_SCORE` and clearly better than the next title;
4. **part of one title**: every content word of the message is in exactly one title ("het
   herstellen van relaties" for *B. Het herstellen en (her)opbouwen van relaties …*);
5. **what the NLU found**: the entities the pipeline extracted equal the option's payload
   entities (``ik ben wijkagent`` → role ``politie`` → *Politie*), or the predicted intent
   is the option's payload intent with its entities (``nee hoor`` → ``/deny``).

Rules 4 and 5 never apply to a question of the user's own (a question mark or a question
word first: "wat is nazorg?" is a side question, not the *Nazorg* button) nor to a long
message. A message that names acute danger or self-harm is never taken as a button: it
goes to the safety handling as typed (:mod:`bot.safety`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

TYPO_SCORE = 85.0  # rapidfuzz ratio (0–100) for "the same title with a typo"
TYPO_MARGIN = 4.0  # the best title must beat the next by this much
MIN_TYPO_LENGTH = 4  # titles shorter than this are only matched exactly ("ja", "nee")
MAX_WORDS = 8  # rules 4 and 5 only for messages of at most this many words
INTENT_CONFIDENCE = 0.5  # rule 5: the NLU's confidence in the option's intent

# Words that say nothing about which option ("ik kies de tweede graag").
FILLER = frozenset(
    """
    ik kies neem doe maar graag even dan toch wel oke ok okay oké prima goed die deze dat
    de het een optie antwoord keuze is was zou denk nou hoor eh uh ehm alsjeblieft aub pls
    please svp
    """.split()
)
# Words too common to tell options apart (rule 4).
STOPWORDS = FILLER | frozenset(
    "en of van in op met voor bij aan naar om te er als nog ook niet wat dit hun mijn je jij "
    "we wij ze zij hij zij me mij zijn heeft hebben wordt worden over uit tot door".split()
)
QUESTION_WORDS = frozenset(
    "wat hoe waarom wie welke welk wanneer waar waarmee waarover hoezo kan kun kunnen mag "
    "moet moeten is zijn heb hebben wil betekent bedoel".split()
)
ORDINALS = {
    "eerste": 0, "1e": 0, "tweede": 1, "2e": 1, "derde": 2, "3e": 2,
    "vierde": 3, "4e": 3, "vijfde": 4, "5e": 4, "laatste": -1,
}  # fmt: skip
_LETTERED = re.compile(r"^\s*([a-h])\s*[.)]\s+", re.IGNORECASE)
_PAYLOAD = re.compile(r"^/([A-Za-z0-9_]+)(\{.*\})?$", re.DOTALL)


@dataclass(frozen=True)
class Option:
    """One button: its title, its payload, and the payload read as intent and entities."""

    title: str
    payload: str

    @property
    def intent(self) -> str | None:
        found = _PAYLOAD.match(self.payload.strip())
        return found.group(1) if found else None

    @property
    def entities(self) -> dict[str, Any]:
        found = _PAYLOAD.match(self.payload.strip())
        if not found or not found.group(2):
            return {}
        try:
            values = json.loads(found.group(2))
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}

    @property
    def letter(self) -> str | None:
        found = _LETTERED.match(self.title)
        return found.group(1).lower() if found else None


@dataclass(frozen=True)
class Match:
    """The option a typed message means, and by which rule (for logs and tests)."""

    option: Option
    rule: str  # "title", "position", "typo", "part", "entities" or "intent"


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation or emoji, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _title_words(option: Option) -> str:
    """The title's words, without its letter (``B. Het herstellen …`` → ``het herstellen …``)."""
    return normalise(_LETTERED.sub("", option.title))


def _content(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]


def is_own_question(text: str) -> bool:
    """A question of the user's own: a question mark, or a question word first."""
    words = normalise(text).split()
    return "?" in text or bool(words and words[0] in QUESTION_WORDS)


def _one(options: list[Option], rule: str) -> Match | None:
    unique = list(dict.fromkeys(options))
    return Match(unique[0], rule) if len(unique) == 1 else None


def _by_title(words: list[str], options: Sequence[Option]) -> Match | None:
    said = [w for w in words if w not in FILLER]
    if not said:
        return None
    hits = []
    for option in options:
        for title in (_title_words(option).split(), normalise(option.title).split()):
            if words == title or said == [w for w in title if w not in FILLER]:
                hits.append(option)
    return _one(hits, "title")


def _by_position(words: list[str], options: Sequence[Option]) -> Match | None:
    said = [w for w in words if w not in FILLER and w not in ("nummer", "nr")]
    if len(said) != 1 or len(options) < 2:
        return None
    word = said[0]
    lettered = all(option.letter for option in options)
    if lettered and len(word) == 1:
        return _one([o for o in options if o.letter == word], "position")
    if lettered and word.isdigit() and 1 <= int(word) <= len(options):
        return Match(options[int(word) - 1], "position")
    if word in ORDINALS and ORDINALS[word] < len(options):
        return Match(options[ORDINALS[word]], "position")
    return None


def _by_typo(text: str, options: Sequence[Option]) -> Match | None:
    scored = sorted(
        (
            (max(fuzz.ratio(text, _title_words(o)), fuzz.ratio(text, normalise(o.title))), o)
            for o in options
            if len(_title_words(o)) >= MIN_TYPO_LENGTH
        ),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < TYPO_SCORE:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < TYPO_MARGIN:
        return None
    return Match(scored[0][1], "typo")


def _by_part(words: list[str], options: Sequence[Option]) -> Match | None:
    said = set(_content(words))
    if not said:
        return None
    hits = [o for o in options if said <= set(_title_words(o).split())]
    return _one(hits, "part")


def _by_nlu(
    intent: str | None,
    confidence: float,
    entities: Sequence[Mapping[str, Any]],
    options: Sequence[Option],
) -> Match | None:
    found = {
        str(e.get("entity")): e.get("value")
        for e in entities
        if e.get("entity") and e.get("role") is None
    }
    if found:
        hits = [
            o for o in options
            if o.entities and all(found.get(k) == v for k, v in o.entities.items())
        ]  # fmt: skip
        if match := _one(hits, "entities"):
            return match
    if intent and confidence >= INTENT_CONFIDENCE:
        hits = [
            o for o in options
            if o.intent == intent and all(found.get(k) == v for k, v in o.entities.items())
        ]  # fmt: skip
        return _one(hits, "intent")
    return None


def match(
    text: str,
    options: Sequence[Option],
    intent: str | None = None,
    confidence: float = 0.0,
    entities: Sequence[Mapping[str, Any]] = (),
) -> Match | None:
    """The option ``text`` means among ``options`` (see the module doc), else None.
    ``intent``, ``confidence`` and ``entities``: what the NLU made of ``text`` (rule 5).
    A message starting with ``/`` (a button press) and acute or self-harm messages: None."""
    from bot.safety import is_acute, mentions_self_harm

    if not options or not text.strip() or text.lstrip().startswith("/"):
        return None
    if is_acute(text) or mentions_self_harm(text):
        return None
    normal = normalise(text)
    words = normal.split()
    if not words:
        return None
    found = _by_title(words, options) or _by_position(words, options) or _by_typo(normal, options)
    if found or is_own_question(text) or len(words) > MAX_WORDS:
        return found
    return _by_part(words, options) or _by_nlu(intent, confidence, entities, options)
