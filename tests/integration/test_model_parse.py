"""What the trained model makes of single messages: intent, entry, entities, and the
shape of the parse result the actions read."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.nlu.parse import ranked_entries, selected_entry

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def parse(model_path: Path) -> Any:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model_path))

    def parse(text: str) -> dict[str, Any]:
        return asyncio.run(agent.parse_message(text))

    return parse


def entities(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e["entity"], e["value"]) for e in result["entities"]}


def test_a_knowledge_question_names_its_entry_and_ranks_alternatives(parse: Any) -> None:
    result = parse("wat zeg ik als ik word uitgedaagd door een jongere?")
    assert result["intent"]["name"] == "knowledge"
    assert result["intent"]["full_retrieval_intent_name"] == "knowledge/provocatie-reageren"
    assert selected_entry(result) == "provocatie-reageren"
    ranked = ranked_entries(result)
    assert len(ranked) >= 3
    assert ranked[0][1] > ranked[1][1] >= ranked[2][1]


def test_roles_platforms_and_phases_are_recognised_and_normalised(parse: Any) -> None:
    result = parse("als wijkagent zie ik op snap dat het weer onrustig wordt na de steekpartij")
    assert {("role", "politie"), ("platform", "snapchat")} <= entities(result)
    result = parse("wat doet een jongerenwerker in de nazorg")
    assert {("role", "jongerenwerker"), ("phase", "nazorg")} <= entities(result)
    assert ("role", "gemeente") in entities(parse("wij als oov-adviseur willen informatie delen"))


def test_off_topic_and_basics_get_no_entry(parse: Any) -> None:
    assert parse("wat wordt het weer morgen in utrecht")["intent"]["name"] == "out_of_scope"
    assert parse("goedemorgen")["intent"]["name"] == "greet"


def test_an_empty_message_does_not_break_parsing(parse: Any) -> None:
    result = parse("   ")
    assert selected_entry(result) is None
