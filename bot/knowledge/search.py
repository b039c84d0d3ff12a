"""Lexical search over the knowledge base on spaCy lemmas.

The fallback combines this with the classifier's ranking, so that a question with the
right words still finds its entry when the classifier is unsure. Words are reduced to their
lemma ("provoceert", "geprovoceerd" → "provoceren") and, for longer words, also to their
first six letters, so that related forms such as "provocatie" and "provoceren" meet.
Scores are TF-IDF cosine similarities; titles count double.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.knowledge.model import Entry, KnowledgeBase

Lemmatize = Callable[[str], list[str]]
PREFIX_LENGTH = 6
SPACY_MODEL = "nl_core_news_sm"


@lru_cache(maxsize=1)
def spacy_lemmatizer() -> Lemmatize:
    """Lemmas of content words from spaCy's Dutch pipeline (loaded once)."""
    import spacy

    nlp = spacy.load(SPACY_MODEL, exclude=["parser", "ner"])
    content = {"NOUN", "VERB", "ADJ", "PROPN", "ADV", "X"}

    def lemmatize(text: str) -> list[str]:
        return [
            (t.lemma_ or t.text).lower()
            for t in nlp(text)
            if t.is_alpha and len(t.text) > 2 and (t.pos_ in content or not t.is_stop)
        ]

    return lemmatize


def terms(lemmas: Sequence[str]) -> list[str]:
    """Lemmas plus six-letter prefixes of the longer ones."""
    out = list(lemmas)
    out += [lemma[:PREFIX_LENGTH] + "…" for lemma in lemmas if len(lemma) > PREFIX_LENGTH]
    return out


class LemmaIndex:
    """TF-IDF index of the entries' titles, summaries, steps and checklists."""

    def __init__(self, knowledge: KnowledgeBase, lemmatize: Lemmatize) -> None:
        self._lemmatize = lemmatize
        self._entries: list[Entry] = list(knowledge)
        documents = [self._document(e) for e in self._entries]
        frequency = Counter(term for doc in documents for term in set(doc))
        total = len(documents)
        self._idf = {t: math.log((1 + total) / (1 + n)) + 1 for t, n in frequency.items()}
        self._vectors = [self._vector(doc) for doc in documents]

    def _document(self, entry: Entry) -> list[str]:
        title = terms(self._lemmatize(entry.title))
        body = " ".join([entry.summary, *entry.steps, *entry.checklist])
        return title * 2 + terms(self._lemmatize(body))

    def _vector(self, document: Sequence[str]) -> dict[str, float]:
        counts = Counter(document)
        vector = {t: n * self._idf.get(t, 0.0) for t, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def search(self, text: str, limit: int = 10) -> list[tuple[Entry, float]]:
        """The best matching entries with their scores (0–1), best first; no zero scores."""
        query = self._vector(terms(self._lemmatize(text)))
        scored = [
            (entry, sum(w * vector.get(t, 0.0) for t, w in query.items()))
            for entry, vector in zip(self._entries, self._vectors, strict=True)
        ]
        scored = [(e, s) for e, s in scored if s > 0]
        return sorted(scored, key=lambda pair: -pair[1])[:limit]


def fuse(*rankings: Sequence[str], k: int = 10) -> list[str]:
    """Reciprocal rank fusion of ranked id lists: ids ranked high in several lists win."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    # Best first; ties keep the order in which they were first ranked (a stable sort).
    return sorted(scores, key=lambda item: scores[item], reverse=True)


@lru_cache(maxsize=1)
def default_index() -> LemmaIndex:
    """The index of the project's knowledge base (built once per process, ~1 s)."""
    from bot.knowledge.loader import default_knowledge

    return LemmaIndex(default_knowledge(), spacy_lemmatizer())
