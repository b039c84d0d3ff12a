"""Acute danger: what the assistant says first, before any guidance.

The NLU recognises acute danger (intent ``acute_danger``); this package decides where the
emergency line goes and which one, and holds the exact Dutch wording so that every channel
and test relies on the same text. It only ever adds the emergency lines before (or, for a
question about danger, after) an answer; it never withholds one.

- :mod:`bot.safety.wording`: the 112 and 113 lines;
- :mod:`bot.safety.lexicon`: the Dutch patterns (data);
- :mod:`bot.safety.signs`: self-harm and danger named in the text, which line follows;
- :mod:`bot.safety.nlu`: how far the classifier's calibrated view is trusted;
- :mod:`bot.safety.net`: the safety net — danger *now* in the text itself;
- :mod:`bot.safety.alarm`: the decision (first, after, none) and the channels' guarantee.

How it was built and measured, round by round: docs/safety.md.
"""

from bot.safety.alarm import AFTER, FIRST, NONE, alarm, emergency_first
from bot.safety.net import framed_question, is_acute
from bot.safety.nlu import ACUTE_INTENT, acute_probability, nlu_leans_acute, nlu_says_acute
from bot.safety.signs import emergency_lines, mentions_self_harm, names_danger
from bot.safety.wording import AFTER_CALL, DANGER_REMINDER, EMERGENCY_LINE, SUICIDE_LINE

__all__ = [
    "ACUTE_INTENT",
    "AFTER",
    "AFTER_CALL",
    "DANGER_REMINDER",
    "EMERGENCY_LINE",
    "FIRST",
    "NONE",
    "SUICIDE_LINE",
    "acute_probability",
    "alarm",
    "emergency_first",
    "emergency_lines",
    "framed_question",
    "is_acute",
    "mentions_self_harm",
    "names_danger",
    "nlu_leans_acute",
    "nlu_says_acute",
]
