"""Replace personal data in Dutch chat text with typed placeholders.

``redact("Mo (16) uit de Molenwijk, 06-12345678, dreigt op Snap met wraak").text`` is
``"[NAAM] (16) uit de Molenwijk, [TELEFOON], dreigt op Snap met wraak"``.

What is replaced (placeholder): person names ``[NAAM]``; phone numbers ``[TELEFOON]``;
e-mail addresses ``[EMAIL]``; BSNs that pass the elfproef ``[BSN]``; a postcode alone
``[POSTCODE]``; a street + house number or a postcode + house number ``[ADRES]``; IBANs that
pass mod-97 ``[IBAN]``; Dutch licence plates ``[KENTEKEN]``; dates of birth (after "geboren",
"geb.", "geboortedatum", or a date right after a name: "Sanne (12-03-2008)")
``[GEBOORTEDATUM]``; social-media handles and profile URLs ``[ACCOUNT]``.

What stays, on purpose: city and neighbourhood names (they matter for the work and alone do
not point to a person), a street name without a house number, platform, organisation and role
words, service numbers of organisations (112, 113, 0800-…, 0900-…, 14 0xx), times, ages,
counts, and dates of events (a date is only a date of birth next to "geboren" or a name).
The detectors are in :mod:`bot.privacy.patterns` (structured data) and
:mod:`bot.privacy.names` (names); measured figures are in docs/privacy.md.

Libraries. Google's ``phonenumbers`` (pinned in requirements/lock.txt, no dependencies)
finds and validates phone numbers. Microsoft Presidio is NOT used, after checking it against
this environment (Rasa 3.6: pydantic 1.10, spaCy 3.4):

- presidio-analyzer 2.2.361 and later require pydantic ≥ 2, which Rasa 3.6 cannot use; the
  newest release that fits is 2.2.360 (spacy ≥ 3.4.4, regex, pyyaml, phonenumbers,
  tldextract). It installs and runs here with ``--no-deps`` (tried in a scratch target).
- But it adds nothing for Dutch that matters here: it has no Dutch recognisers (no BSN,
  postcode, licence plate, address or date-of-birth recogniser; its country-specific ones are
  for AU, ES, FI, IN, IT, KR, PL, SG, UK and US), and its person names come only from a NER
  model's entities, which the stand-in Dutch pipeline does not have. What is left — e-mail,
  IBAN and phone (a wrapper around ``phonenumbers``) — is a few lines here.
- Its e-mail recogniser calls ``tldextract``, which on first use fetches the public suffix
  list from publicsuffix.org and GitHub: on this offline machine that printed two long
  tracebacks before falling back to its snapshot, and in production it would be a call to
  third parties from inside the tracker store.
- It would add four packages to the lock (presidio-analyzer, tldextract, requests-file,
  phonenumbers) and load a second copy of the spaCy pipeline unless wired around its engine.

Speed: the spaCy pipeline is loaded once (tagger and morphologiser only; the parser and
lemmatizer are not needed) and runs only on text with a capital letter (the tokenizer alone
does for the rest, with the same result: :func:`tagging_can_matter`); results are cached per
text (``lru_cache``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from bot.privacy import names, patterns

logger = logging.getLogger(__name__)

LABELS = (
    "NAAM",
    "TELEFOON",
    "EMAIL",
    "BSN",
    "POSTCODE",
    "ADRES",
    "IBAN",
    "KENTEKEN",
    "GEBOORTEDATUM",
    "ACCOUNT",
)
SPACY_MODEL = "nl_core_news_sm"
_NEEDED_PIPES = {"tok2vec", "tagger", "morphologizer", "attribute_ruler", "ner"}
_DATE_AFTER_NAME = re.compile(rf"^(?:\s*\(\s*|,\s*)(?P<date>{patterns.DATE})(?!\d)", re.I)
_SENTENCE_END = {".", "!", "?", ":", ";", "\n"}
_LINE_OPENERS = {"-", "*", "**", "•", "–", "—", "(", '"', "'", "„", "“", "‘", "#", "##", ">"}
_ABBREVIATIONS = {"dhr", "mevr", "mw", "mr", "geb", "nr", "bijv", "ca", "o.a", "t.n.v", "st"}


@dataclass(frozen=True)
class Span:
    """One piece of personal data: ``text[start:end]`` of the original text, and its type."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Redaction:
    """The redacted text and what was replaced (offsets into the original text)."""

    text: str
    spans: tuple[Span, ...]

    @property
    def changed(self) -> bool:
        return bool(self.spans)


@cache
def nlp() -> Any:
    """The Dutch spaCy pipeline (only the parts needed), or a blank tokenizer without it."""
    import spacy

    try:
        pipeline = spacy.load(SPACY_MODEL)
    except OSError:
        logger.warning(
            "spaCy pipeline %s not installed: names from lists and context only", SPACY_MODEL
        )
        return spacy.blank("nl")
    for name in list(pipeline.pipe_names):
        if name not in _NEEDED_PIPES:
            pipeline.disable_pipe(name)
    return pipeline


@cache
def common_words() -> frozenset[str]:
    """Dutch words known to the pipeline's lemmatizer (empty where it has none)."""
    pipeline = nlp()
    if "lemmatizer" not in pipeline.component_names:
        return frozenset()
    lookups = pipeline.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    words: set[str] = set()
    for pos_words in lookups.get_table("lemma_index").values():
        words.update(w.lower() for w in pos_words if len(w) > 3)
    return frozenset(words)


def warm_up() -> None:
    """Load the pipeline now (at server start) rather than on the first message."""
    redact("Mo (16) uit de Molenwijk, 06-12345678, dreigt op Snap met wraak")


def redact_text(text: str) -> str:
    """``redact(text).text``."""
    return redact(text).text


@lru_cache(maxsize=8192)
def redact(text: str) -> Redaction:
    """``text`` with personal data replaced by typed placeholders, and the spans replaced."""
    return redact_uncached(text)


def redact_uncached(text: str, always_tag: bool = False) -> Redaction:
    """:func:`redact` without its cache. The tagger runs only where its part of speech can
    matter (:func:`tagging_can_matter`); ``always_tag`` runs it anyway (for the test that
    shows the result is the same)."""
    if not text or not text.strip():
        return Redaction(text, ())
    found: list[Span] = []
    for detector in patterns.DETECTORS:
        candidates = sorted(detector(text), key=lambda f: (f[0], -(f[1] - f[0])))
        for start, end, label in candidates:
            _accept(found, Span(start, end, label))
    pipeline = nlp()
    tag = always_tag or tagging_can_matter(text, pipeline)
    doc = pipeline(text) if tag else pipeline.make_doc(text)
    tokens = [
        names.Tok(t.text, t.idx, t.idx + len(t.text), t.pos_ or "", _sentence_start(doc, t.i))
        for t in doc
        if not t.is_space
    ]
    free = [t for t in tokens if not _overlaps(found, t.start, t.end)]
    ents = (
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        if doc.has_annotation("ENT_IOB")
        else None
    )
    for start, end in names.find_names(free, ents, common_words()):
        if _accept(found, Span(start, end, "NAAM")):
            _date_after_name(text, end, found)
    return _apply(text, found)


def tagging_can_matter(text: str, pipeline: Any) -> bool:
    """Whether running the pipeline (beyond its tokenizer) can change :func:`redact`'s
    result for ``text``: the name rules read a word's part of speech only for capitalised
    words (:mod:`bot.privacy.names`), and a pipeline with a recogniser (NER) finds names in
    any case. Most chat messages are typed without capitals; for them the tokenizer alone
    (microseconds instead of milliseconds) gives the same result."""
    return "ner" in pipeline.pipe_names or any(ch.isupper() for ch in text)


def _sentence_start(doc: Any, i: int) -> bool:
    """First word of a sentence: after . ! ? : ; or a line break, but not after "mw." etc."""
    if i == 0:
        return True
    prev = doc[i - 1]
    if "\n" in prev.whitespace_ or prev.is_space:
        return True
    if prev.text in _LINE_OPENERS and (i == 1 or _sentence_start(doc, i - 1)):
        return True  # "- Impact: …", "**Zichtbaarheid** …", "„Welke …"
    if prev.text not in _SENTENCE_END:
        return False
    return not (prev.text == "." and i > 1 and doc[i - 2].text.lower() in _ABBREVIATIONS)


def _accept(found: list[Span], span: Span) -> bool:
    if span.end <= span.start or _overlaps(found, span.start, span.end):
        return False
    found.append(span)
    return True


def _overlaps(found: list[Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in found)


def _date_after_name(text: str, name_end: int, found: list[Span]) -> None:
    """ "Sanne (12-03-2008)" / "Mehmet, 23-07-2007": a full date right after a name."""
    m = _DATE_AFTER_NAME.match(text[name_end:])
    if m:
        start, end = name_end + m.start("date"), name_end + m.end("date")
        found[:] = [s for s in found if not (s.start < end and start < s.end)]
        found.append(Span(start, end, "GEBOORTEDATUM"))


def _apply(text: str, found: list[Span]) -> Redaction:
    spans = tuple(sorted(found, key=lambda s: s.start))
    parts: list[str] = []
    last = 0
    for span in spans:
        parts.append(text[last : span.start])
        parts.append(f"[{span.label}]")
        last = span.end
    parts.append(text[last:])
    return Redaction("".join(parts), spans)
