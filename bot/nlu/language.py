"""Is a message clearly not Dutch? Then the assistant says, in Dutch and English, that it
answers in Dutch (intent ``other_language``), instead of "daar kan ik je niet mee helpen".

Lingua (``lingua-language-detector``, trigram models of the languages people here are likely
to write in, low-accuracy mode: about 30 MB and well under a millisecond) gives the
language; a message counts as clearly not Dutch only when

- it has at least :data:`MIN_WORDS` words (a short message says too little: "ok", "help");
- Lingua is at least :data:`MIN_CONFIDENCE` sure of another language;
- it has none of the Dutch function words of :data:`DUTCH_WORDS`: Dutch as professionals
  type it is full of English ("er is een fight op insta live"), and one Dutch "de", "ik" or
  "niet" is enough to read it as Dutch.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_WORDS = 3
MIN_CONFIDENCE = 0.9
# Words that occur in Dutch sentences and not (as words) in English, German or French ones
# (not "wie", "er", "hier", "over": German or English too).
DUTCH_WORDS = frozenset(
    """
    de het een ik jij je jou jouw mij mijn wij ons onze jullie hij zij ze hun haar dit dat
    deze wat hoe waar waarom wanneer welke niet geen wel ook nog maar dan als omdat
    met van voor bij naar uit op aan om te tot door zonder tegen daar nu
    zijn ben bent heb hebt heeft hebben wordt worden kan kun kunt kunnen mag mogen moet
    moeten wil wilt willen zou zouden ga gaat gaan doe doet doen zeg zegt weet weten
    jongeren jongere groep politie gemeente wijk
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = (
        Language.DUTCH, Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH,
        Language.PORTUGUESE, Language.ITALIAN, Language.POLISH, Language.TURKISH,
        Language.ARABIC, Language.SOMALI,
    )  # fmt: skip
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def warm_up() -> None:
    """Build the detector now (about 60 ms and 30 MB, once per process)."""
    _detector()


def other_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is clearly written in when that is not
    Dutch (see the module doc), else None."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS or DUTCH_WORDS.intersection(words):
        return None
    best = _detector().compute_language_confidence_values(text)[0]
    if best.language.name == "DUTCH" or best.value < MIN_CONFIDENCE:
        return None
    return str(best.language.iso_code_639_1.name.lower())
