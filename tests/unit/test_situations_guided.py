"""The guided situations' logic (issue 6b): questions, advice with sources, the
duidingsinstrument walk-through and its Markdown, the support text, and their actions.
No model needed; the flows over REST are in tests/integration/test_situations_http.py."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aftercare import (
    ActionAftercareAdvice,
    ActionAftercareBack,
    ActionAftercareSafety,
    ValidateAftercareForm,
)
from actions.group_reading import (
    ActionAskGroupAnswer,
    ActionGroupReadingBack,
    ActionGroupReadingResult,
    ValidateGroupReadingForm,
)
from actions.guided import UNCLEAR, ActionSituationUnclear
from actions.situation_phase import ActionSituationPhaseAdvice, ActionSituationPhaseBack
from bot.channels.commands import button_payload
from bot.knowledge import KnowledgeBase
from bot.knowledge.report import Report
from bot.privacy.tracker_store import redact_event
from bot.render import Answer
from bot.safety import EMERGENCY_LINE, SUICIDE_LINE
from bot.situations import aftercare, group_reading, situation_phase
from bot.situations.advice import line_of

CITATION_LINE = "Bron: Greijdanus e.a. (2023), §"


def all_situations() -> list[situation_phase.Situation]:
    roles = [None, *situation_phase.ROLES]
    return [
        situation_phase.Situation(p, label, position, role)
        for p, label, position, role in itertools.product(
            situation_phase.PHASES, situation_phase.LABELS, situation_phase.POSITIONS, roles
        )
    ]


def test_every_situation_gets_advice_with_sources_and_entries(knowledge: KnowledgeBase) -> None:
    for situation in all_situations():
        answer = situation_phase.render_situation(situation, knowledge)
        lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
        assert len(lines) >= 4
        assert all(line.endswith(")_") and "§" in line for line in lines), situation
        assert answer.text.splitlines()[-1].startswith(CITATION_LINE)
        assert 3 <= len(answer.buttons) <= 4


def test_crisis_advice_for_police_names_the_phase_position_and_partner_row(
    knowledge: KnowledgeBase,
) -> None:
    answer = situation_phase.render_situation(
        situation_phase.Situation("crisis", "ja", "direct", "politie"), knowledge
    )
    assert "Fase: Crisis" in answer.text and "Rol: Politie" in answer.text
    assert "Crisis: grijp in tijdens de acute situatie" in answer.text
    assert "Ga na of je direct doelwit bent" in answer.text
    assert "Vraag je af: is dit label" in answer.text
    payloads = [b.payload for b in answer.buttons]
    assert '/show_entry{"entry":"informatiedeling-netwerkpartners"}' in payloads
    assert '/show_entry{"entry":"crisis-checklist-ingrijpen"}' in payloads


def test_questions_offer_buttons_the_channels_accept() -> None:
    questions: list[Answer] = [situation_phase.question(s) for s in situation_phase.SLOTS]
    questions += [aftercare.question(s) for s in aftercare.SLOTS]
    questions.append(group_reading.render_question(group_reading.Progress(), _knowledge()))
    for question in questions:
        assert question.buttons
        for button in question.buttons:
            assert button_payload(button.payload) == button.payload, button


def _knowledge() -> KnowledgeBase:
    from bot.knowledge.loader import default_knowledge

    return default_knowledge()


def test_normalise_keeps_only_known_answers() -> None:
    assert situation_phase.normalise(situation_phase.PHASE_SLOT, "Crisis") == "crisis"
    assert situation_phase.normalise(situation_phase.PHASE_SLOT, "algemeen") is None
    assert situation_phase.normalise(situation_phase.ROLE_SLOT, "politie") == "politie"
    assert aftercare.normalise(aftercare.STRESSOR_SLOT, "dreiging") == "dreiging"
    assert aftercare.normalise(aftercare.TALKED_SLOT, "misschien") is None


def test_aftercare_always_says_no_diagnosis_and_gives_three_short_screens(
    knowledge: KnowledgeBase,
) -> None:
    for stressor, talked, leads in itertools.product(
        aftercare.STRESSORS, aftercare.YES_NO, aftercare.YES_NO
    ):
        screens = aftercare.render_aftercare(stressor, talked, leads, knowledge, "STEUN")
        assert len(screens) == 3 and all(s.buttons for s in screens)
        assert screens[0].text.splitlines()[-1].startswith(CITATION_LINE + "5.2")
        assert screens[1].text.splitlines()[-1].startswith(CITATION_LINE + "5.2")
        assert "STEUN" in screens[2].text and "geen diagnose" in screens[2].text
        assert all(len(s.text) < 1800 for s in screens)
        for strategy in ("Visualisatie", "Emotionele afstand", "Sociale steun", "Vermijding"):
            assert f"- {strategy}:" in screens[0].text
        assert "Creëer binnen de organisatie een veilige werkcultuur" in screens[1].text
        assert ("Pak stigmatisering aan" in screens[1].text) == (leads == "ja")
    assert "geen diagnose" in aftercare.question(aftercare.STRESSOR_SLOT).text


def test_support_text_is_configurable(tmp_path: Path) -> None:
    assert aftercare.support_text({"WEGWIJZER_SUPPORT_TEXT": " Bel Jan. "}) == "Bel Jan."
    file = tmp_path / "support.txt"
    file.write_text("Zie intranet > nazorg.\n", encoding="utf-8")
    assert aftercare.support_text({"WEGWIJZER_SUPPORT_FILE": str(file)}) == "Zie intranet > nazorg."
    missing = {"WEGWIJZER_SUPPORT_FILE": str(tmp_path / "none.txt")}
    assert aftercare.support_text(missing) == aftercare.DEFAULT_SUPPORT
    assert "eigen organisatie" in aftercare.DEFAULT_SUPPORT


def test_advice_lines_that_no_longer_exist_fail_loudly(knowledge: KnowledgeBase) -> None:
    with pytest.raises(KeyError):
        line_of(knowledge["cyclus-drie-fases"], "Bestaat niet:")


# --- the duidingsinstrument ---


def test_instrument_has_the_43_items_of_the_appendix_in_order(
    knowledge: KnowledgeBase, report: Report
) -> None:
    assert len(group_reading.ITEMS) == 43
    sizes = [len(group_reading.pillar_range(p)) for p in group_reading.PILLAR_NAMES]
    assert sizes == [12, 7, 13, 11]
    items = {e.id for e in knowledge if e.id.startswith("duiding-")}
    assert {i.entry for i in group_reading.ITEMS} == items
    for item in group_reading.ITEMS:
        title = group_reading.item_title(knowledge[item.entry])
        assert report.contains(f"{item.number}. {title}"), (item.number, title)
        assert knowledge[item.entry].summary.startswith(f"Pijler {item.pillar}")


def test_walk_through_answers_skips_and_goes_back() -> None:
    progress = group_reading.Progress().answer("ja").answer("nee")
    assert progress.index == 2 and progress.answers == {
        "duiding-historie": "ja",
        "duiding-homogeniteit": "nee",
    }
    assert progress.answer("iets anders") == progress
    skipped = progress.answer(group_reading.PILLAR_SKIPPED)
    assert skipped.current is not None and skipped.current.number == "12"
    assert (
        skipped.answers is not None and skipped.answers["duiding-zichtbaarheid-online"] == "pijler"
    )
    back = skipped.back()
    assert back.index == 2 and back.answers == progress.answers
    assert group_reading.Progress().back().index == 0
    done = group_reading.Progress()
    for _ in group_reading.PILLAR_NAMES:
        done = done.answer(group_reading.PILLAR_SKIPPED)
    assert done.done and done.current is None


def test_from_slots_tolerates_what_a_store_gives_back() -> None:
    assert group_reading.from_slots(None, None) == group_reading.Progress(0, {})
    assert group_reading.from_slots(3.0, {"duiding-historie": "ja"}).index == 3
    assert group_reading.from_slots("x", ["ja"]) == group_reading.Progress(0, {})


def test_markdown_lists_what_was_answered_per_pillar(knowledge: KnowledgeBase) -> None:
    progress = group_reading.Progress().answer("ja").answer("onbekend").answer("overgeslagen")
    progress = progress.answer("pijler").answer("pijler")
    markdown = group_reading.render_markdown(progress, knowledge, complete=False)
    assert markdown.startswith("# Duidingsinstrument (ingevuld in dit gesprek)")
    assert "_Niet afgemaakt" in markdown
    assert "| 1 | Historie | ja |\n| 2 | Homogeniteit | weet niet |" in markdown
    assert "| 3 | Leeftijdsopbouw | overgeslagen |" in markdown
    assert "## 2. Impact op de (online) omgeving\n\n_Pijler overgeslagen._" in markdown
    assert "## 3. Criminaliteit en houding\n\n_Nog niet doorlopen._" in markdown
    assert "## Zorgelijk volgens jullie\n\n- 1. Historie" in markdown
    assert "§Bijlage, p. 64–70" in markdown
    result = group_reading.render_result(progress, knowledge, complete=False)
    assert "alleen in dit gesprek" in result.text
    assert [b.title for b in result.buttons] == [
        "Duidingsitem: Historie",
        "Duidingsinstrument voor problematische groepen (online)",
    ]


def test_first_item_of_a_pillar_names_the_pillar(knowledge: KnowledgeBase) -> None:
    first = group_reading.render_question(group_reading.Progress(), knowledge).text
    assert "Pijler 1 van 4: Groepskenmerken" in first and "**1. Historie** (1/12)" in first
    second = group_reading.render_question(group_reading.Progress(1), knowledge).text
    assert "Pijler" not in second.split("\n")[0] and "**2. Homogeniteit** (2/12)" in second
    last = group_reading.render_question(group_reading.Progress(42), knowledge).text
    assert "**41. Persoonsgerichte aanpak** (11/11)" in last


# --- privacy: forms survive the redacting tracker store ---


def test_requested_slot_is_stored_as_is_other_slots_redacted() -> None:
    requested = {"event": "slot", "name": "requested_slot", "value": "group_answer"}
    assert redact_event(requested) == requested
    typed = {"event": "slot", "name": "other", "value": "mijn insta is mo_010"}
    assert redact_event(typed)["value"] != typed["value"]


# --- the actions, on rasa-sdk trackers ---


def tracker(slots: dict[str, Any], intent: str = "affirm", text: str = "ja") -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"requested_slot": None, "role": None, **slots},
        latest_message={"text": text, "intent": {"name": intent}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_phase_advice_action_clears_the_answers_but_keeps_the_role() -> None:
    slots = {"situation_phase": "spiraal", "situation_labels": "nee",
             "situation_position": "onbekend", "role": "gemeente"}  # fmt: skip
    messages, events = run(ActionSituationPhaseAdvice(), tracker(slots))
    assert "Fases lopen door elkaar" in messages[0]["text"]
    assert SlotSet("role", None) not in events
    assert SlotSet("situation_phase", None) in events


def test_back_clears_the_previous_answer() -> None:
    slots = {"requested_slot": "situation_position", "situation_phase": "crisis",
             "situation_labels": "ja", "situation_position": None}  # fmt: skip
    _, events = run(ActionSituationPhaseBack(), tracker(slots))
    assert events == [SlotSet("situation_labels", None)]
    first = {"requested_slot": "aftercare_stressor", "aftercare_stressor": None}
    assert run(ActionAftercareBack(), tracker(first))[1] == []


def test_aftercare_validation_and_advice() -> None:
    validate = ValidateAftercareForm()
    result = asyncio.run(
        validate.validate_aftercare_stressor("werkdruk", CollectingDispatcher(), tracker({}), {})
    )
    assert result == {"aftercare_stressor": None}  # only the synonym's value counts
    slots = {"aftercare_stressor": "organisatie", "aftercare_talked": "ja",
             "aftercare_leads": "nee"}  # fmt: skip
    messages, events = run(ActionAftercareAdvice(), tracker(slots))
    assert len(messages) == 3 and SlotSet("aftercare_leads", None) in events


def test_group_validation_records_and_ends_after_the_last_item() -> None:
    validate = ValidateGroupReadingForm()
    empty = tracker({"group_index": None, "group_answers": None})
    result = asyncio.run(validate.validate_group_answer("ja", CollectingDispatcher(), empty, {}))
    assert result == {
        "group_answer": None,
        "group_index": 1,
        "group_answers": {"duiding-historie": "ja"},
    }
    required = asyncio.run(validate.required_slots(["group_answer"], CollectingDispatcher(),
                                                   tracker({"group_index": 43}), {}))  # fmt: skip
    assert required == []
    messages, _ = run(ActionAskGroupAnswer(), tracker({"group_index": 12}))
    assert "Pijler 2 van 4" in messages[0]["text"]
    back = run(
        ActionGroupReadingBack(),
        tracker({"group_index": 1, "group_answers": {"duiding-historie": "ja"}}),
    )[1]
    assert back == [SlotSet("group_index", 0), SlotSet("group_answers", {})]


def test_group_result_with_nothing_answered_just_stops() -> None:
    messages, events = run(ActionGroupReadingResult(), tracker({"group_index": 0}))
    assert messages[0]["text"].startswith("Oké, we stoppen hier")
    assert SlotSet("group_answers", None) in events


def test_unclear_message_gets_113_or_112_first_otherwise_a_nudge() -> None:
    def said(text: str) -> list[str]:
        messages, _ = run(ActionSituationUnclear(), tracker({}, "nlu_fallback", text))
        return [m["text"] for m in messages]

    assert said("ik heb soms zelfmoordgedachten") == [SUICIDE_LINE]
    assert said("hij trekt nu een mes!!") == [EMERGENCY_LINE]
    assert said("pannenkoeken") == [UNCLEAR]


def test_aftercare_side_question_about_suicide_gets_113_first() -> None:
    def said(text: str) -> list[str]:
        messages, _ = run(ActionAftercareSafety(), tracker({}, "knowledge", text))
        return [m["text"] for m in messages]

    assert said("ik heb soms zelfmoordgedachten, is dat normaal na zo'n crisis?") == [SUICIDE_LINE]
    assert said("welke copingstrategieën zijn er?") == []
