"""Follow-ups in context: a message that refers back is read against the current topic.

"kan dat ook online?", "en als ik het niet doe?", "kan hij ook online iets doen?" or "wat
bedoel je daarmee?" mean little on their own. After an answer they are about that answer's
topic. :func:`resolve` picks the entry for such a follow-up from:

- the *neighbourhood* of the topic: the entry itself, its online counterpart (``online``
  in the entry), its role variants and its related entries, in that order;
- the words of the follow-up and of the question before it, searched in the knowledge base
  (:class:`bot.knowledge.search.LemmaIndex`);
- the classifier's own ranking of entries for the follow-up.

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
# A follow-up is short; a long message is a question of its own.
MAX_FOLLOW_UP_WORDS = 12


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
    """The topic, its online counterpart, its role variants and related entries, in order."""
    ids = [topic.id, *([topic.online] if topic.online else []), *topic.role_variants.values()]
    ids += list(topic.related)
    return [i for i in dict.fromkeys(ids) if i in knowledge]


@dataclass(frozen=True)
class FollowUp:
    """A follow-up message and what came before it."""

    text: str
    topic: Entry
    previous_question: str = ""
    classifier_ranking: Sequence[str] = ()


def resolve(follow_up: FollowUp, knowledge: KnowledgeBase, index: LemmaIndex) -> Entry:
    """The entry that answers ``follow_up`` in the context of its topic."""
    topic = follow_up.topic
    near = neighbourhood(topic, knowledge)
    online = says_online(follow_up.text)
    if online and topic.online in knowledge:
        return knowledge[topic.online]
    words = [e.id for e, _ in index.search(follow_up.text, CANDIDATES)]
    both = f"{follow_up.previous_question} {follow_up.text}".strip()
    words_in_context = [e.id for e, _ in index.search(both, CANDIDATES)]
    ranked = fuse(
        near, near, words_in_context, words, list(follow_up.classifier_ranking)[:CANDIDATES]
    )
    ranked = [i for i in ranked if i in knowledge]
    if online and not is_online_entry(topic):
        for entry_id in ranked:
            if is_online_entry(knowledge[entry_id]):
                return knowledge[entry_id]
    return knowledge[ranked[0]] if ranked else topic
