"""The parts of issue 14's judgement that need no trained model: who asks (bot/nlu/roles.py),
follow-ups in context (bot/context.py), what came before (bot/conversation.py), the
calibrated acute-danger decision (bot/safety/) and the personal-data reminder."""

from __future__ import annotations

import re

import pytest

from bot.context import FollowUp, clearly_follows_up, refers_back, resolve, says_online
from bot.conversation import previous_action, previous_user_text, set_in_previous_turn
from bot.knowledge import KnowledgeBase
from bot.knowledge.search import default_index
from bot.nlu.rasa_roles import mark_other_party
from bot.nlu.roles import OTHER, PERSPECTIVE, describes_asker, names_perspective
from bot.privacy.reminder import needs_reminder
from bot.safety import AFTER, FIRST, NONE, alarm, nlu_says_acute

ROLE_WORDS = re.compile(r"\b(?:jongerenwerker|jongerenwerk|wijkagent|politie|gemeente|boa)\b")


def asker_and_others(text: str) -> tuple[list[str], list[str]]:
    """Role words in ``text`` split into the asker's and the other party's."""
    asker, others = [], []
    for match in ROLE_WORDS.finditer(text):
        (asker if describes_asker(text, match.start(), match.end()) else others).append(
            match.group(0)
        )
    return asker, others


@pytest.mark.parametrize(
    ("text", "asker", "others"),
    [
        ("ik ben jongerenwerker", ["jongerenwerker"], []),
        ("wijkagent", ["wijkagent"], []),
        ("wijkagent hier, vraagje", ["wijkagent"], []),
        ("de politie wil namen van mij, moet ik die geven", [], ["politie"]),
        ("als wijkagent, wat vraag ik de jongerenwerker?", ["wijkagent"], ["jongerenwerker"]),
        ("ik werk bij de gemeente en de politie vraagt onze lijst", ["gemeente"], ["politie"]),
        ("hoe kan ik als jongerenwerker de wijkagent weigeren?", ["jongerenwerker"], ["wijkagent"]),
        ("wij als jongerenwerk krijgen vragen van de gemeente", ["jongerenwerk"], ["gemeente"]),
        ("vanuit de politie: wat deelt het jongerenwerk?", ["politie"], ["jongerenwerk"]),
        ("ik ben boa en de wijkagent wil foto's", ["boa"], ["wijkagent"]),
        ("wat moet ik doen als de politie belt?", [], ["politie"]),
        ("als politie belt, wat zeg ik dan", [], ["politie"]),
        ("mijn jongeren zagen me met de wijkagent praten", [], ["wijkagent"]),
        ("ik doe jongerenwerk in zuid", ["jongerenwerk"], []),
        ("wat moeten we doen als de politie komt", [], ["politie"]),
        ("en als ik zelf jongerenwerker ben?", ["jongerenwerker"], []),
        ("omdat ik wijkagent ben, mag ik dat vragen?", ["wijkagent"], []),
        ("en voor ons als gemeente?", ["gemeente"], []),
        ("wat zeg ik dan zelf als jongerenwerker tegen de politie?", ["jongerenwerker"],
         ["politie"]),
    ],
)  # fmt: skip
def test_the_asker_is_who_describes_themselves(text: str, asker: list, others: list) -> None:
    assert asker_and_others(text) == (asker, others)


def test_other_party_role_entities_get_the_entity_role_other() -> None:
    text = "ik ben jongerenwerker en de politie wil namen"
    entities = [
        {"entity": "role", "value": "jongerenwerker", "start": 7, "end": 21},
        {"entity": "role", "value": "politie", "start": 28, "end": 35},
        {"entity": "platform", "value": "snapchat", "start": 0, "end": 4},
        {"entity": "role", "value": "politie"},  # a button's entity: no position, left alone
    ]
    marked = mark_other_party(text, entities)
    assert [e.get("role") for e in marked] == [None, OTHER, None, None]


@pytest.mark.parametrize(
    ("text", "role", "perspective"),
    [("en voor iemand van oov bij de gemeente, wat betekent dit?", "oov", True),
     ("wat moet de jongerenwerker zelf daarover vertellen?", "jongerenwerker", True),
     ("en als je van de politie bent, wat mag je vragen?", "politie", True),
     ("de politie wil namen van mij", "politie", False),
     ("wat mag ik vragen aan de jongerenwerkers", "jongerenwerkers", False)],
)  # fmt: skip
def test_a_role_whose_side_is_asked_for_is_a_perspective(
    text: str, role: str, perspective: bool
) -> None:
    start = text.index(role)
    assert not describes_asker(text, start, start + len(role))
    assert names_perspective(text, start, start + len(role)) is perspective
    entities = [{"entity": "role", "value": role, "start": start, "end": start + len(role)}]
    assert mark_other_party(text, entities)[0]["role"] == (PERSPECTIVE if perspective else OTHER)


def test_a_follow_up_naming_a_role_gets_the_topics_variant_for_it(
    knowledge: KnowledgeBase,
) -> None:
    topic = knowledge["informatiedeling-netwerkpartners"]
    follow_up = FollowUp("en als ik zelf jongerenwerker ben?", topic, role="jongerenwerker")
    assert resolve(follow_up, knowledge, default_index()).id == "informatiedeling-jongerenwerker"


@pytest.mark.parametrize(
    ("text", "clear"),
    [("waarom niet?", True), ("waarom niet altijd? lijkt me handig", True),
     ("waarom wantrouwen ze ons eigenlijk zo?", False),
     ("geldt dat ook voor drillrapgroepen?", True),
     ("wat zijn die zes invloeden die je noemt?", True),
     ("dat instrument van bureau beke, hoe ziet dat eruit?", True),
     ("die jongen, wat moet ik met hem", False),
     ("hoe ontkracht ik een gerucht?", False)],
)  # fmt: skip
def test_clear_follow_ups(text: str, clear: bool) -> None:
    assert clearly_follows_up(text) is clear


def test_why_stays_on_the_answer_and_a_named_term_is_looked_up_near_it(
    knowledge: KnowledgeBase,
) -> None:
    topic = knowledge["valse-identiteit-online"]
    why = FollowUp("waarom niet? het is toch handig?", topic)
    assert resolve(why, knowledge, default_index()) is topic
    checklist = knowledge["crisis-checklist-groep-duiden"]
    term = FollowUp("wat zijn die zes invloeden die je noemt?", checklist)
    assert resolve(term, knowledge, default_index()).id == "groepsinvloed-zes-vormen"


def test_for_asker_chooses_the_askers_row_or_the_one_that_is_not_the_other_partys(
    knowledge: KnowledgeBase,
) -> None:
    partners = knowledge["informatiedeling-netwerkpartners"]
    youth = knowledge["informatiedeling-jongerenwerker"]
    assert knowledge.for_asker(partners, "jongerenwerker").id == youth.id
    assert knowledge.for_asker(youth, None, ["politie"]).id == youth.id
    assert knowledge.for_asker(youth, None, ["jongerenwerker"]).id == partners.id
    assert knowledge.for_asker(partners, None, []).id == partners.id
    plain = knowledge["gerucht-ontkrachten"]
    assert knowledge.for_asker(plain, None, ["politie"]) is plain


@pytest.mark.parametrize(
    ("text", "refers"),
    [("kan dat ook online?", True), ("en als ik het niet doe?", True),
     ("kan hij ook online iets doen?", True), ("wat bedoel je daarmee", True),
     ("hoe ontkracht ik een gerucht over een steekpartij", False),
     ("welke zes aanbevelingen geeft het rapport voor jongerenwerk in de nazorg na een "
      "incident met een drillgroep", False)],
)  # fmt: skip
def test_refers_back(text: str, refers: bool) -> None:
    assert refers_back(text) is refers


def test_says_online() -> None:
    assert says_online("en in de dm?") and says_online("nee", "ze dreigen op snap")
    assert not says_online("en op straat?", "wat zeg ik als ik word uitgedaagd")


def test_a_follow_up_about_online_gets_the_topics_online_counterpart(
    knowledge: KnowledgeBase,
) -> None:
    follow_up = FollowUp("kan dat ook online?", knowledge["provocatie-reageren"])
    assert resolve(follow_up, knowledge, default_index()).id == "provocatie-online"


def test_without_a_curated_counterpart_online_stays_near_the_topic(
    knowledge: KnowledgeBase,
) -> None:
    """No online entry is forced on a topic without an ``online`` counterpart: the answer is
    the topic's neighbourhood or an entry about online contact, whichever ranks first."""
    topic = knowledge["nazorg-respectvolle-communicatie"]
    assert topic.online is None
    entry = resolve(FollowUp("en online?", topic, "hoe praat ik respectvol"), knowledge,
                    default_index())  # fmt: skip
    assert entry.id in {topic.id, *topic.related} or "online" in entry.id


def test_a_follow_up_stays_near_its_topic(knowledge: KnowledgeBase) -> None:
    topic = knowledge["informatiedeling-jongerenwerker"]
    follow_up = FollowUp("en als ik het niet doe?", topic, "mag ik namen delen met de politie?")
    entry = resolve(follow_up, knowledge, default_index())
    assert entry.id == topic.id or entry.id in topic.related


EVENTS = [
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "er staat een gast met een mes"},
    {"event": "action", "name": "action_extract_slots"},
    {"event": "action", "name": "action_acute_danger"},
    {"event": "slot", "name": "danger_asked", "value": True},
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "wat moet ik nu doen"},
    {"event": "action", "name": "action_extract_slots"},
]


def test_what_came_before() -> None:
    assert previous_user_text(EVENTS) == "er staat een gast met een mes"
    assert previous_action(EVENTS) == "action_acute_danger"
    assert set_in_previous_turn(EVENTS, "danger_asked")
    assert not set_in_previous_turn(EVENTS, "privacy_reminded")
    assert previous_action(EVENTS[:3]) is None and previous_user_text(EVENTS[:2]) == ""


def parse(intent: str, acute: float | None) -> dict:
    calibrated = {} if acute is None else {"calibrated": {"acute_danger": acute}}
    return {"intent": {"name": intent, "confidence": 0.99}, **calibrated}


def test_the_classifier_counts_only_when_its_calibrated_probability_is_high() -> None:
    assert not nlu_says_acute(parse("acute_danger", 0.03), "ik zit in de auto")
    assert nlu_says_acute(parse("acute_danger", 0.2), "hij wil hem pakken")
    assert nlu_says_acute(parse("statement", 0.6), "ik sta op de brug")
    assert nlu_says_acute(parse("statement", 0.15), "ze beuken op de ramen van mijn auto")
    assert not nlu_says_acute(parse("statement", 0.15), "ik sta bij het station")
    assert nlu_says_acute(parse("acute_danger", None))  # an older model: no calibration


def test_where_the_line_goes() -> None:
    assert alarm("ik zit in de auto", parse("acute_danger", 0.03)) == NONE
    assert alarm("er staat hier nu een gast met een mes", None) == FIRST
    framed = "wat moet er in een protocol staan voor als iemand een mes trekt"
    assert alarm(framed, parse("acute_danger", 0.8)) == AFTER


def test_the_reminder_needs_personal_data_and_comes_once() -> None:
    assert needs_reminder("Mo de Vries (16) deelt een dreigfilmpje, wat nu?", reminded=False)
    assert not needs_reminder("Mo de Vries (16) deelt een dreigfilmpje, wat nu?", reminded=True)
    assert not needs_reminder("hoe ontkracht ik een gerucht?", reminded=False)
