"""Follow-ups in context: a message that refers back is read against the current topic.

"kan dat ook online?", "en als ik het niet doe?", "kan hij ook online iets doen?" or "wat
bedoel je daarmee?" mean little on their own. After an answer they are about that answer's
topic. :func:`resolve` picks the entry for such a follow-up from:

- the *neighbourhood* of the topic: the entry itself, its online counterpart (``online``
  in the entry), its role variants and its related entries, in that order;
- the words of the follow-up and of the question before it, searched in the knowledge base
  (:class:`bot.knowledge.search.LemmaIndex`);
- the classifier's own ranking of entries for the follow-up.

A follow-up that names a role ("en voor de gemeente?") gets the topic's variant for that
role where the report gives one.

The rankings are fused (reciprocal rank fusion), the neighbourhood counted twice as the
prior that a follow-up stays near its topic. When the follow-up or the question before it
says online, DM, Insta, Snap or TikTok (:func:`says_online`), the topic's online
counterpart comes first where the knowledge base has one; without one, the best-ranked
entry about online contact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.search import LemmaIndex, fuse

CANDIDATES = 10

# Online contact named in a message.
_ONLINE = re.compile(
    r"\b(?:online|internet|digitaal|social\s*media|socials|dm'?s?|pb|priv[eé]bericht\w*|"
    r"insta|instagram|snap|snapchat|tiktok|telegram|whatsapp|app|appje|appen|groepsapp|chat|"
    r"chatten|story|stories|reacties|comments?|posts?|posten|gepost|timeline)\b",
    re.IGNORECASE,
)
# Words that make a message refer back: pronouns, "en als …", "ook", "daar-".
_REFERS_BACK = re.compile(
    r"^\s*(?:en|maar|ook|dus|oke?|ok[eé]|nog)\b|"
    r"\b(?:dat|dit|het|hij|zij|ze|die|deze|hem|haar|hun|daar\w*|hier\w*|ervan|erover|"
    r"ermee|erbij|ook|zo'?n|zulke)\b",
    re.IGNORECASE,
)
# "wat bedoel je met parasociale relaties?": the term is the question, wherever it is answered.
_TERM = re.compile(
    r"\bwat\s+(?:bedoel\s+je|bedoelen\s+ze|betekent|is|zijn|houdt)\s+(?:er\s+)?(?:met|dat|eigenlijk)?\s*"
    r"(?P<term>(?:\w+\s*){1,4})",
    re.IGNORECASE,
)
# "die zes invloeden die je noemt", "welke randfiguren bedoel je?": a term from the answer.
_NAMED_TERM = re.compile(
    r"\b(?:die|dat|de|het|welke|wat\s+voor)\s+(?P<term>(?:\w+\s+){0,3}?\w+)\s+"
    r"(?:(?:die|dat)\s+(?:je|u)\s+(?:noemt|noemde|bedoelt|zegt|zei|noemen)|"
    r"bedoel\s+je|noem\s+je)\b",
    re.IGNORECASE,
)
# "dat instrument van Bureau Beke, hoe ziet dat eruit?": a term from the answer, put first.
_LEADING_TERM = re.compile(
    r"^\W*(?:en\s+|maar\s+)?(?:dat|die|deze|dit)\s+(?P<term>(?:[\w'-]+\s+){0,4}?[\w'-]+)\s*,\s*"
    r"(?:hoe|wat)\s+(?:ziet|is|zijn|houdt|werkt|betekent|bedoel)\s+(?:dat|die|dit|het|je)\b",
    re.IGNORECASE,
)
# "waarom (niet)?", "hoezo?": the reasons behind the answer just given — that answer.
_WHY = re.compile(
    r"^\W*(?:(?:en|maar|oke?|ok[eé])\W+)?(?:waarom|hoezo|hoe\s+komt\s+dat)"
    r"(?:\s+(?:niet|dan|dat|zo|nou|eigenlijk|(?:niet\s+)?altijd))*\s*(?:[?.!]|$)",
    re.IGNORECASE,
)
# "geldt dat ook voor …?", "werkt dat ook bij …?": does the answer hold elsewhere too.
_APPLIES = re.compile(
    r"\b(?:geldt|gelden|werkt|werken|klopt|telt|tellen|past)\s+(?:dat|dit|het|die|deze)\s+"
    r"(?:dan\s+|nou\s+|eigenlijk\s+)?ook\b",
    re.IGNORECASE,
)
# Terms found about as well as the best (share of its score) count as equally meant.
TERM_TIE = 0.5
# "heb je daar voorbeeldzinnen voor?": the examples of the answer just given.
_EXAMPLES = re.compile(r"\bvoorbeeld\w*|\bwat\s+zeg\s+ik\s+dan\b", re.IGNORECASE)
_PRONOUNS = {"dat", "dit", "het", "die", "deze", "daarmee", "daar", "hij", "ze", "zij", "dan"}
# A follow-up is short; a long message is a question of its own.
MAX_FOLLOW_UP_WORDS = 12
MAX_CLEAR_FOLLOW_UP_WORDS = 16


def _term(text: str) -> re.Match[str] | None:
    """The term a follow-up asks about, if it asks about one."""
    return _NAMED_TERM.search(text) or _LEADING_TERM.search(text) or _TERM.search(text)


def clearly_follows_up(text: str) -> bool:
    """True when ``text`` plainly asks about the answer just given, however sure the
    classifier is of another entry: "waarom niet?", "geldt dat ook voor …?", "die zes
    invloeden die je noemt", "dat instrument van Bureau Beke, hoe ziet dat eruit?"."""
    if len(text.split()) > MAX_CLEAR_FOLLOW_UP_WORDS:
        return False
    return bool(
        _WHY.search(text)
        or _APPLIES.search(text)
        or _NAMED_TERM.search(text)
        or _LEADING_TERM.search(text)
    )


def says_online(*texts: str | None) -> bool:
    """True when any of ``texts`` names online contact (online, DM, Insta, Snap, TikTok …)."""
    return any(_ONLINE.search(text or "") for text in texts)


def refers_back(text: str) -> bool:
    """True when ``text`` is short and refers back (a pronoun, "en als …", "daar …")."""
    return len(text.split()) <= MAX_FOLLOW_UP_WORDS and bool(_REFERS_BACK.search(text))


def is_online_entry(entry: Entry) -> bool:
    """True for an entry about online contact (its id or title says online or DM)."""
    return bool(
        re.search(r"\bonline\b|\bdm\b", f"{entry.id.replace('-', ' ')} {entry.title}", re.I)
    )


def neighbourhood(topic: Entry, knowledge: KnowledgeBase) -> list[str]:
    """Where a follow-up on ``topic`` usually goes, most likely first: its online counterpart,
    its role variants and its related entries, and the topic itself last (a follow-up
    mostly asks for something the answer did not say)."""
    ids = [*([topic.online] if topic.online else []), *topic.role_variants.values()]
    ids += [*topic.related, topic.id]
    return [i for i in dict.fromkeys(ids) if i in knowledge]


@dataclass(frozen=True)
class FollowUp:
    """A follow-up message and what came before it. ``role``: a role the follow-up itself
    names for the answer ("en als ik zelf jongerenwerker ben?", "en voor de gemeente?")."""

    text: str
    topic: Entry
    previous_question: str = ""
    role: str | None = None
    classifier_ranking: Sequence[str] = ()


def resolve(follow_up: FollowUp, knowledge: KnowledgeBase, index: LemmaIndex) -> Entry:
    """The entry that answers ``follow_up`` in the context of its topic."""
    topic = follow_up.topic
    if follow_up.role in topic.role_variants:
        # "En als ik zelf jongerenwerker ben?": the same answer, for that role.
        return knowledge.for_role(topic, follow_up.role)
    online = says_online(follow_up.text)
    if online and topic.online is not None and topic.online in knowledge:
        return knowledge[topic.online]
    if _EXAMPLES.search(follow_up.text) and topic.examples:
        return topic
    if _WHY.search(follow_up.text) and len(follow_up.text.split()) <= MAX_FOLLOW_UP_WORDS:
        return topic
    words = [e.id for e, _ in index.search(follow_up.text, CANDIDATES)]
    term = _term(follow_up.text)
    if term and not set(term["term"].lower().split()) <= _PRONOUNS:
        found = _term_entry(term["term"], topic, knowledge, index)
        if found is not None:
            return found
    both = f"{follow_up.previous_question} {follow_up.text}".strip()
    words_in_context = [e.id for e, _ in index.search(both, CANDIDATES)]
    nearby = neighbourhood(topic, knowledge)
    rankings = [
        nearby,
        nearby,  # counted twice: the prior that a follow-up stays near its topic
        words_in_context,
        words,
        list(follow_up.classifier_ranking)[:CANDIDATES],
    ]
    if online:
        rankings.append([i for i in words_in_context if is_online_entry(knowledge[i])])
    elif _APPLIES.search(follow_up.text):
        # "Geldt dat ook voor drillrapgroepen?": most often the same answer, asked again.
        rankings += [[topic.id], [topic.id]]
    ranked = [i for i in fuse(*rankings) if i in knowledge]
    return knowledge[ranked[0]] if ranked else topic


def _term_entry(
    term: str, topic: Entry, knowledge: KnowledgeBase, index: LemmaIndex
) -> Entry | None:
    """The entry that explains ``term`` ("wat bedoel je met groepsvormingsfase?", "die zes
    invloeden die je noemt"), wherever it is; among entries that match about as well as the
    best, the one the topic's answer points to (its neighbourhood) — the term came from it."""
    found = index.search(term, CANDIDATES)
    if not found:
        return None
    best = found[0][1]
    near = [entry for entry, score in found if score >= TERM_TIE * best]
    nearby = set(neighbourhood(topic, knowledge)) - {topic.id}
    return next((entry for entry in near if entry.id in nearby), near[0])
