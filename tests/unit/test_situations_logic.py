"""Situations without a model: the sharing helper's questions and advice (every sentence
grounded in the report), the crisis steps, the quick lookups, commands and buttons."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from bot.channels.commands import COMMANDS, button_payload, typed_text
from bot.domain import action_names, load_domain
from bot.knowledge import KnowledgeBase
from bot.knowledge.report import Report
from bot.privacy.tracker_store import redact_event
from bot.situations import crisis, sharing
from bot.situations.quick import TOPICS, normalise_topic, render_quick, render_quick_menu

ROOT = Path(__file__).resolve().parents[2]
GROUNDS = [v for v in vars(sharing).values() if isinstance(v, sharing.Ground)]
CASES = [
    sharing.Case(role, kind, legal, consent, vital, other)
    for role, kind, legal, consent, vital, other in itertools.product(
        sharing.ROLES, sharing.KINDS, (True, False), (True, False), (True, False), (True, False)
    )
]
MAX_QUOTE = 250
# One screen: about what reads in 20 seconds on a phone.
MAX_SCREEN_CHARS = 1200
MAX_SCREEN_LINES = 25


# --- the sharing helper --------------------------------------------------------------------


@pytest.mark.parametrize("ground", GROUNDS, ids=lambda g: g.quote[:40])
def test_every_ground_is_a_short_verbatim_quote_with_its_pages(
    ground: sharing.Ground, report: Report
) -> None:
    assert report.contains(ground.quote), ground.quote
    assert len(ground.quote) <= MAX_QUOTE
    assert report.sections[ground.section] == ground.pages
    if ground.table:
        assert report.tables[ground.table] == ground.section


def test_tabel_2_grounds_are_in_tabel_2(report: Report) -> None:
    text = report._texts[0]
    start = text.index("Tabel 2: Aanbevelingen aangaande informatiedeling")
    end = text.index("Gemeenten opereren in het aanpakken", start)
    table = text[start:end]
    for ground in GROUNDS:
        if ground.table == "Tabel 2":
            assert " ".join(ground.quote.split())[:60] in table, ground.quote


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_advice_is_grounded_and_ends_with_the_fg(case: sharing.Case) -> None:
    lines = sharing.advise(case)
    assert all(line.grounds for line in lines)
    assert "functionaris gegevensbescherming (FG)" in lines[-1].text
    assert sharing.LEGAL_ELSEWHERE in lines[-1].grounds
    assert any(sharing.PROCESREGISSEUR in line.grounds for line in lines)
    text = " ".join(line.text for line in lines)
    assert len(text) < 1000  # readable in about 20 seconds
    assert sharing.advice_source_line(lines).startswith("Bron: Greijdanus e.a. (2023), §3.2")


def test_consent_decides_for_a_youth_worker_about_one_person() -> None:
    base = sharing.Case("jongerenwerker", "persoon", False, False, False, False)
    refused = " ".join(line.text for line in sharing.advise(base))
    assert "Zonder toestemming en zonder levensbelangen deel je" in refused
    vital = " ".join(
        line.text for line in sharing.advise(sharing.Case(**{**vars(base), "vital": True}))
    )
    assert "hier kan dat: er staan levensbelangen op het spel" in vital
    consent = sharing.advise(sharing.Case(**{**vars(base), "consent": True}))
    assert any(
        sharing.CONSENT_OR_VITAL in line.grounds and "toestemming" in line.text for line in consent
    )


def test_a_legal_duty_comes_first() -> None:
    lines = sharing.advise(sharing.Case("jongerenwerker", "persoon", True, None, None, False))
    assert lines[0].text.startswith("Een wettelijke plicht")
    partner = sharing.advise(sharing.Case("politie", "persoon", True, None, None, False))
    assert partner[0].grounds == (sharing.NOT_OBLIGED,)


def test_partners_get_the_partner_row_of_tabel_2() -> None:
    lines = sharing.advise(sharing.Case("gemeente", "persoon", False, None, None, True))
    grounds = {g for line in lines for g in line.grounds}
    assert {sharing.NOT_OBLIGED, sharing.OTHER_SOURCES, sharing.OWN_POWERS} <= grounds
    assert sharing.CONSENT_OR_VITAL not in grounds


def test_only_the_questions_the_advice_needs() -> None:
    s = sharing
    assert s.questions(s.Case()) == [s.ROLE, s.KIND, s.LEGAL_DUTY, s.OTHER_WAY]
    youth_person = s.Case("jongerenwerker", "persoon")
    assert s.questions(youth_person) == list(s.SLOTS)
    assert s.CONSENT not in s.questions(s.Case("jongerenwerker", "persoon", legal_duty=True))
    assert s.CONSENT not in s.questions(s.Case("jongerenwerker", "groep"))
    assert s.CONSENT not in s.questions(s.Case("politie", "persoon"))


def test_previous_question() -> None:
    s = sharing
    youth_person = s.Case("jongerenwerker", "persoon", False)
    assert s.previous_question(youth_person, s.VITAL) == s.CONSENT
    assert s.previous_question(youth_person, s.KIND) == s.ROLE
    assert s.previous_question(youth_person, s.ROLE) is None
    assert s.previous_question(s.Case("politie", "groep"), s.OTHER_WAY) == s.LEGAL_DUTY


def test_case_from_slots_ignores_what_is_not_an_answer() -> None:
    case = sharing.Case.from_slots(
        {sharing.ROLE: "boa", sharing.KIND: "groep", sharing.CONSENT: "ja", sharing.VITAL: True}
    )
    assert case == sharing.Case(None, "groep", None, None, True, None)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("wat is proportionaliteit?", "Proportionaliteit"),
        ("wat bedoel je met vervangbaar", "Vervangbaarheid"),
        ("levensbelangen??", "Levensbelangen"),
        ("wie is de FG eigenlijk", "Functionaris gegevensbescherming (FG)"),
        ("wat doet een procesregisseur", "Procesregisseur"),
        ("doelmatig, hoe bedoel je", "Doelmatigheid"),
    ],
)
def test_side_question_terms(question: str, term: str) -> None:
    found = sharing.find_term(question)
    assert found is not None and found.name == term


def test_no_term_in_an_ordinary_question() -> None:
    assert sharing.find_term("wat zeg ik als ik word uitgedaagd?") is None
    assert sharing.find_term("figuur 2") is None


def test_every_term_is_grounded(knowledge: KnowledgeBase) -> None:
    for term in sharing.TERMS.values():
        assert term.grounds and term.entry in knowledge


# --- the crisis walk-through ---------------------------------------------------------------


def test_crisis_asks_about_danger_first_then_the_five_steps() -> None:
    assert crisis.SLOTS[0] == crisis.DANGER
    assert [s.title.split(":")[0] for s in crisis.STEPS] == [f"Stap {n} van 5" for n in range(1, 6)]
    assert "112" in crisis.DANGER_QUESTION and "112" in crisis.CALL_FIRST


def test_crisis_steps_come_from_entries_with_their_sources(knowledge: KnowledgeBase) -> None:
    for step in crisis.STEPS:
        answer = crisis.render_step(step, knowledge)
        assert answer.text.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §4.")
        for line in step.lines:
            assert getattr(knowledge[line.entry], line.field)[line.index] in answer.text
        assert [b.payload for b in answer.buttons] == ["/affirm", "/deny", "/go_back", "/stop"]
    plan = crisis.render_step(crisis.step_for("crisis_plan"), knowledge).text
    assert plan.count("Tactiek ") == 4 and "woord voert" in plan
    who = crisis.render_step(crisis.step_for("crisis_action"), knowledge).text
    assert "minst repressieve" in who and "(online) opgebouwde informele contacten" in who


def test_crisis_summary_marks_done_and_open(knowledge: KnowledgeBase) -> None:
    answers = {crisis.DANGER: True, "crisis_info": True, "crisis_action": False}
    text = crisis.render_summary(answers, knowledge).text
    assert "[x] Direct gevaar: 112 gebeld" in text
    assert "[x] 1." in text and "[ ] 2." in text and "[ ] 5." in text
    assert "Eén persoon voert het woord." in text
    assert "\n\n\n" not in text


# --- quick lookups -------------------------------------------------------------------------


@pytest.mark.parametrize("topic", [*TOPICS, "delen-politie"])
def test_quick_lookups_fit_one_screen_with_a_source_per_part(
    topic: str, knowledge: KnowledgeBase
) -> None:
    role = "politie" if topic == "delen-politie" else None
    answer = render_quick(topic.split("-")[0], knowledge, role)
    parts = answer.text.split("\n\n")[1:]
    assert parts and all(
        p.splitlines()[-1].startswith("_Bron: Greijdanus e.a. (2023), §") for p in parts
    )
    assert len(answer.text) <= MAX_SCREEN_CHARS, len(answer.text)
    assert len(answer.text.splitlines()) <= MAX_SCREEN_LINES
    assert any(b.title.startswith("Meer: ") for b in answer.buttons)
    assert all(button_payload(b.payload) == b.payload for b in answer.buttons)


def test_quick_lookup_content(knowledge: KnowledgeBase) -> None:
    provocatie = render_quick("provocatie", knowledge).text
    assert "Ho wacht even, dat kwam er niet goed uit." in provocatie  # the restart phrase
    assert "Eist je collega respect?" in provocatie  # the warning signs
    assert render_quick("gerucht", knowledge).text.count("\n6. ") == 1  # six recommendations
    assert "FG" in render_quick("delen", knowledge).text
    assert "BRP" in render_quick("delen", knowledge, "gemeente").text


def test_topic_words_and_unknown_topics(knowledge: KnowledgeBase) -> None:
    assert normalise_topic("Nepnieuws") == "gerucht"
    assert normalise_topic("vredestijd") == "signalen"
    assert normalise_topic("weer") == ""
    assert render_quick("", knowledge) == render_quick_menu()


# --- channels, buttons, domain -------------------------------------------------------------


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "help"])
def test_each_command_is_its_quick_lookup(command: str) -> None:
    payload = typed_text(f"/{command}")
    assert payload == '/quick_lookup{"topic":"' + command + '"}'
    assert button_payload(payload) == payload


def test_help_command_stays_help() -> None:
    assert typed_text("/help") == "help"


def test_every_button_in_the_domain_is_one_channels_pass_on() -> None:
    from rasa.core.nlg.interpolator import interpolate

    domain = load_domain()
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in interpolate(variant.get("buttons", []), {}):
                assert button_payload(button["payload"]) == button["payload"], (name, button)


def test_form_slots_match_the_modules() -> None:
    domain = load_domain()
    assert tuple(domain["forms"]["sharing_form"]["required_slots"]) == sharing.SLOTS
    assert tuple(domain["forms"]["crisis_form"]["required_slots"]) == crisis.SLOTS
    for slot in sharing.SLOTS[2:] + crisis.SLOTS:
        assert f"utter_ask_{slot}" in domain["responses"] or f"action_ask_{slot}" in action_names(
            domain
        )


def test_the_slot_a_form_asks_next_is_stored_as_is() -> None:
    event = {"event": "slot", "name": "requested_slot", "value": "sharing_role"}
    assert redact_event(event) == event
    typed = {"event": "slot", "name": "platform", "value": "snap: mo_010"}
    assert redact_event(typed)["value"] != typed["value"]


def test_stories_cover_every_flow() -> None:
    text = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests/stories").glob("test_situations_*.yml")
    )
    for action in ("action_quick_lookup", "action_sharing_advice", "action_crisis_summary",
                   "action_explain_term", "action_situation_go_back", "action_situation_stopped",
                   "action_acute_danger"):  # fmt: skip
        assert action in text
    for topic in TOPICS:
        assert re.search(r'/quick_lookup\{"topic":"' + topic + '"', text), topic


def test_quick_crisis_starts_with_the_112_line_and_no_other_topic_does(
    knowledge: KnowledgeBase,
) -> None:
    """/crisis carries the 112 reminder like the crisis walk-through (issue 18)."""
    from bot.safety import DANGER_REMINDER

    text = render_quick("crisis", knowledge).text
    assert text.splitlines()[1] == DANGER_REMINDER
    for topic in set(TOPICS) - {"crisis"}:
        assert DANGER_REMINDER not in render_quick(topic, knowledge).text, topic
