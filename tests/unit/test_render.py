"""Answers read short answer → steps → examples → caveats → one Bron line, with buttons."""

from __future__ import annotations

import json
import re

from bot.knowledge import KnowledgeBase
from bot.render import entry_button, render_background, render_entry, render_suggestions

SOURCE_LINE = re.compile(
    r"^Bron: Greijdanus e\.a\. \(2023\), §[\w.]+, p\. \d+(–\d+)?(, (Tabel|Figuur) \d)*"
    r"(; §[\w.]+, p\. \d+(–\d+)?(, (Tabel|Figuur) \d)*)*$"
)


def test_provocation_answer_layout(knowledge: KnowledgeBase) -> None:
    text = render_entry(knowledge["provocatie-reageren"], knowledge).text
    lines = text.splitlines()
    assert lines[0] == "**Reageren als je wordt uitgedaagd of geprovoceerd**"
    assert lines[-1] == "Bron: Greijdanus e.a. (2023), §4.2, p. 37–41; §4.3, p. 42–45"
    order = [text.index(h) for h in ("Reageer op provocatie", "Stappen:", "Voorbeeldzinnen:")]
    assert order == sorted(order)
    assert text.index("Let op:") < text.index("Bron:")
    assert "Ik hoor wat u zegt, u denkt dat ik een racist ben" in text


def test_every_answer_ends_with_one_source_line(knowledge: KnowledgeBase) -> None:
    for entry in knowledge:
        lines = render_entry(entry, knowledge).text.splitlines()
        assert SOURCE_LINE.match(lines[-1]), lines[-1]
        assert sum(line.startswith("Bron:") for line in lines) == 1


def test_table_is_named_in_the_source_line(knowledge: KnowledgeBase) -> None:
    text = render_entry(knowledge["informatiedeling-jongerenwerker"], knowledge).text
    assert text.splitlines()[-1].startswith("Bron: Greijdanus e.a. (2023), §3.2, p. 18–28, Tabel 2")


def test_related_entries_become_buttons(knowledge: KnowledgeBase) -> None:
    entry = knowledge["provocatie-reageren"]
    buttons = render_entry(entry, knowledge).buttons
    related = [knowledge[r].title for r in entry.related][:4]
    assert [b.title for b in buttons] == [*related, "Uit het rapport"]
    assert buttons[-1].payload == '/show_background{"entry":"provocatie-reageren"}'
    payload = buttons[0].payload
    assert payload.startswith("/show_entry{")
    assert json.loads(payload.removeprefix("/show_entry")) == {"entry": entry.related[0]}


def test_answers_fit_a_phone_screen(knowledge: KnowledgeBase) -> None:
    """The short answer reads in about 20 seconds (≤ 60 words); the whole answer with
    steps, examples and source stays within 150 words. Background is on request."""
    for entry in knowledge:
        assert len(entry.summary.split()) <= 60, entry.id
        words = len(render_entry(entry, knowledge).text.split())
        assert words <= 150, f"{entry.id}: {words} words"


def test_background_quotes_the_report(knowledge: KnowledgeBase) -> None:
    entry = knowledge["provocatie-opnieuw-beginnen"]
    text = render_background(entry).text
    assert "Ho wacht even, dat kwam er niet goed uit. Kan ik opnieuw beginnen?" in text
    assert "Pontzer (2021)" in text
    assert text.splitlines()[-1] == entry.source_line


def test_suggestions_offer_a_way_out(knowledge: KnowledgeBase) -> None:
    answer = render_suggestions([knowledge["gerucht-ontkrachten"]])
    assert [b.payload for b in answer.buttons][-1] == "/out_of_scope"
    assert render_suggestions([]).buttons == ()


def test_topic_menu_lists_the_phases_and_the_appendix(knowledge: KnowledgeBase) -> None:
    from bot.render import render_topics

    answer = render_topics(knowledge)
    assert [b.title.split(" (")[0] for b in answer.buttons] == [
        "Vredestijd", "Crisis", "Nazorg", "Algemeen", "Duidingsinstrument",
    ]  # fmt: skip


def test_every_entry_is_reachable_by_browsing(knowledge: KnowledgeBase) -> None:
    from bot.knowledge.loader import load_sections
    from bot.render import render_section

    sections = load_sections()
    shown = {b.payload for s in sections for b in render_section(s, knowledge).buttons}
    assert {entry_button(e).payload for e in knowledge} <= shown


def test_feedback_buttons_send_the_payload_the_teams_card_sends() -> None:
    from bot.channels.teams_cards import feedback_payload
    from bot.render import feedback_buttons

    up, down = feedback_buttons("provocatie-reageren")
    assert (up.title, down.title) == ("👍 Hielp me", "👎 Hielp me niet")
    assert up.payload == feedback_payload("provocatie-reageren", "up")
    assert down.payload == feedback_payload("provocatie-reageren", "down")


def test_the_role_note_names_the_row_that_is_shown(knowledge: KnowledgeBase) -> None:
    """ "Voor jou als …" only on the asker's own row; a row asked for is named as such."""
    youth = knowledge["informatiedeling-jongerenwerker"]
    partners = knowledge["informatiedeling-netwerkpartners"]
    assert "_Voor jou als jongerenwerker._" in render_entry(youth, knowledge, "jongerenwerker").text
    assert "Voor jou als" not in render_entry(youth, knowledge, "politie").text
    asked = render_entry(partners, knowledge, "jongerenwerker", perspective="gemeente").text
    assert "_Vanuit de rol van gemeente._" in asked and "Voor jou als" not in asked
