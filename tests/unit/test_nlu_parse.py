"""Reading the ResponseSelector's choice and ranking from a Rasa parse result."""

from __future__ import annotations

from bot.nlu.parse import ranked_entries, selected_entry

PARSE = {
    "intent": {"name": "knowledge", "confidence": 0.9},
    "response_selector": {
        "knowledge": {
            "response": {"intent_response_key": "knowledge/gerucht-ontkrachten"},
            "ranking": [
                {"intent_response_key": "knowledge/gerucht-ontkrachten", "confidence": 0.7},
                {"intent_response_key": "knowledge/desinformatie-verschil", "confidence": 0.2},
            ],
        }
    },
}


def test_choice_and_ranking_are_entry_ids() -> None:
    assert selected_entry(PARSE) == "gerucht-ontkrachten"
    assert ranked_entries(PARSE) == [
        ("gerucht-ontkrachten", 0.7),
        ("desinformatie-verschil", 0.2),
    ]


def test_a_message_without_selector_output_has_no_entry() -> None:
    assert selected_entry({"intent": {"name": "greet"}}) is None
    assert ranked_entries({}) == []
