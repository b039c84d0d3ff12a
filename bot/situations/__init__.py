"""Guided situations (issue 6): short question-and-answer flows that end with advice from
the report, for the asker's role and situation.

- :mod:`bot.situations.sharing`: "mag ik dit delen?", the information-sharing helper (§3.2);
- :mod:`bot.situations.crisis`: the crisis walk-through (ch. 4);
- :mod:`bot.situations.quick`: quick lookups, one screen per situation (``/provocatie`` …);
- :mod:`bot.situations.advice`: advice lines taken from knowledge entries, with sources;
- :mod:`bot.situations.situation_phase`: "Waar staan we?" (§1.1);
- :mod:`bot.situations.aftercare`: after an incident, for the professional (§5.2);
- :mod:`bot.situations.group_reading`: reading a group with the duidingsinstrument (appendix).

Nothing here stores anything: answers live in Rasa slots (tracker store: redacted, purged
after the retention period).
"""
