"""Signs of danger in the text itself, before weighing: self-harm named, danger named, and
the emergency lines that follow from them.

Contracts:

- :func:`mentions_self_harm`: suicide or self-harm named — a topic word or an act.
- :func:`emergency_lines`: the 113 line (which names 112 too) only with a sign of self-harm
  in the text; otherwise the short 112 question. The classifier alone never brings 113.
- :func:`names_danger`: a weapon, violence, an injury or self-harm named, in any form.
"""

from __future__ import annotations

from bot.safety.lexicon import (
    DANGER,
    DESPAIR,
    HARMLESS_SHOOTING,
    MEANS,
    NAMED,
    SELF_HARM_ACT,
    SELF_HARM_TOPIC,
)
from bot.safety.wording import EMERGENCY_LINE, SUICIDE_LINE


def self_harm_act(text: str) -> bool:
    """A self-harm act or intent: the act patterns, or despair next to a means or place."""
    return bool(SELF_HARM_ACT.search(text) or (DESPAIR.search(text) and MEANS.search(text)))


def mentions_self_harm(text: str) -> bool:
    """True when ``text`` mentions suicide or self-harm (then 113 is named first)."""
    text = text or ""
    return bool(SELF_HARM_TOPIC.search(text) or self_harm_act(text))


def emergency_lines(text: str) -> list[str]:
    """The line said first for an acute message: the 113 line (which also names 112) when
    self-harm is named, else the short 112 question. 113 needs a sign of self-harm in the
    text itself: the classifier alone never brings it (issue 14)."""
    if mentions_self_harm(text):
        return [SUICIDE_LINE]
    return [EMERGENCY_LINE]


def names_danger(text: str) -> bool:
    """True when ``text`` names a weapon, violence, an injury or self-harm."""
    text = HARMLESS_SHOOTING.sub(" ", text or "")
    return bool(DANGER.search(text) or NAMED.search(text) or mentions_self_harm(text))
