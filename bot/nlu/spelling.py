"""Spelling tolerance from the project's own vocabulary: a word the assistant has never seen
("prvocatie", "escaleerd") becomes the known word it most likely is ("provocatie",
"escaleert"), by symspellpy's symmetric-delete lookup over the words of the training data and
the knowledge entries, weighted by how often each occurs.

Only words of at least :data:`MIN_LENGTH` letters that are not in the vocabulary are
touched, at most one edit away for words up to 7 letters and two for longer ones; a word
with two equally likely corrections is left alone. Numbers, words with digits and anything
in the vocabulary stay as typed. The correction is measured both ways in
docs/nlu-accuracy.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from symspellpy import SymSpell, Verbosity

MIN_LENGTH = 5
MAX_DISTANCE = 2
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (letters only)."""
    return [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each word occurs in ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words(text))
    return counts


class Speller:
    """Corrects unknown words to known ones (see the module doc)."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self._symspell = SymSpell(max_dictionary_edit_distance=MAX_DISTANCE, prefix_length=7)
        for word, count in self.counts.items():
            self._symspell.create_dictionary_entry(word, count)

    def word(self, word: str) -> str:
        """The known word ``word`` most likely is, or ``word`` itself."""
        lower = word.casefold()
        if len(lower) < MIN_LENGTH or lower in self.counts:
            return word
        distance = 1 if len(lower) <= 7 else MAX_DISTANCE
        found = self._symspell.lookup(lower, Verbosity.CLOSEST, max_edit_distance=distance)
        if not found:
            return word
        best = [s for s in found if s.distance == found[0].distance]
        if len(best) > 1 and best[0].count == best[1].count:
            return word  # two equally likely readings: leave it
        return str(best[0].term)

    def corrections(self, text: str) -> dict[str, str]:
        """Each word of ``text`` that :meth:`word` changes (lower case), with its correction."""
        changed = {w.casefold(): self.word(w) for w in _WORD.findall(text)}
        return {w: c for w, c in changed.items() if c != w}

    def correct(self, text: str) -> str:
        """``text`` with its unknown words corrected; everything else kept as typed."""
        return _WORD.sub(lambda m: self.word(m.group(0)), text)
