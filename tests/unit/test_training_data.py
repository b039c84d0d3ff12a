"""Training data, domain and knowledge agree, and Rasa's own validation passes."""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.domain import load_domain
from bot.knowledge import KnowledgeBase
from bot.nlu.evaluation import load_examples

ROOT = Path(__file__).resolve().parents[2]
NLU_FILES = sorted((ROOT / "data" / "nlu").glob("*.yml"))
HELDOUT = ROOT / "tests" / "nlu"
PHONE = ROOT / "tests" / "nlu_phone"  # issue 18: typed as on a phone, written apart
EXPERTS_HELDOUT = ROOT / "tests" / "nlu_experts"  # issue 20: "vraag het een collega", apart

# Warnings `rasa data validate` gives for this project by design, and why:
EXPECTED_WARNINGS = {
    # The retrieval intent is declared in domain/core.yml (rules need it) and Rasa also derives
    # it from the NLU data; it then reports it twice.
    "The following duplicated intents have been found across multiple domain files: knowledge",
    # Responses used by actions rather than by rules: Rasa's default fallback actions
    # (utter_default, utter_ask_rephrase), our knowledge action (utter_entry_not_found)
    # and the retrieval responses (utter_knowledge/<id>, rendered by the action).
    "The utterance 'utter_default' is not used in any story or rule.",
    "The utterance 'utter_ask_rephrase' is not used in any story or rule.",
    "The utterance 'utter_entry_not_found' is not used in any story or rule.",
    "The utterance 'utter_knowledge' is not used in any story or rule.",
    # Asked by the feedback form itself (Rasa forms ask for slot X with utter_ask_X).
    "The utterance 'utter_ask_feedback_comment' is not used in any story or rule.",
    # Set by a pipeline component (bot/nlu/rasa_language.py), never learnt from examples.
    "The intent 'other_language' is listed in the domain file, but is not found in the NLU "
    "training data.",
    # Intents only buttons send (/show_entry{...}, /browse{...}): they bypass the NLU, so
    # the NLU has no examples for them on purpose.
    "The intent 'show_entry' is listed in the domain file, but is not found in the NLU "
    "training data.",
    "The intent 'browse' is listed in the domain file, but is not found in the NLU training data.",
    "The intent 'feedback' is listed in the domain file, but is not found in the NLU "
    "training data.",
    # Responses the forms (utter_ask_<slot>) and the situation actions send themselves
    # (actions/situations.py), not a rule.
    *(
        f"The utterance '{name}' is not used in any story or rule."
        for name in (
            "utter_ask_sharing_role",
            "utter_ask_sharing_info",
            "utter_ask_sharing_legal_duty",
            "utter_ask_sharing_consent",
            "utter_ask_sharing_vital",
            "utter_ask_sharing_other_way",
            "utter_sharing_intro",
            "utter_crisis_intro",
            "utter_situation_stopped",
            "utter_previous_flow_stopped",  # sent by action_flow_switched (actions/flows.py)
            "utter_situation_not_understood",  # action_situation_not_understood (issue 14)
            "utter_statement",  # action_statement and action_acute_danger (issue 14)
        )
    ),
}


def _training_examples() -> list[tuple[str, str]]:
    examples = []
    for file in NLU_FILES:
        examples += [(e.expected, e.text) for e in load_examples(file)]
    return examples


def test_every_entry_has_training_examples_and_a_response(knowledge: KnowledgeBase) -> None:
    counts = Counter(intent for intent, _ in _training_examples())
    domain = load_domain()
    for entry in knowledge:
        assert counts[f"knowledge/{entry.id}"] >= 12, entry.id
        assert domain["responses"][f"utter_knowledge/{entry.id}"] == [{"text": entry.id}]
    trained = {i.removeprefix("knowledge/") for i in counts if i.startswith("knowledge/")}
    assert trained == {e.id for e in knowledge}


def test_training_examples_are_unique() -> None:
    texts = Counter(text.lower().strip() for _, text in _training_examples())
    assert [t for t, n in texts.items() if n > 1] == []


def test_heldout_set_covers_every_entry(knowledge: KnowledgeBase) -> None:
    counts = Counter(e.expected for e in load_examples(HELDOUT))
    assert [e.id for e in knowledge if counts[f"knowledge/{e.id}"] < 2] == []
    assert counts["out_of_scope"] >= 40


def test_heldout_set_is_apart_from_training_data() -> None:
    def norm(text: str) -> str:
        return re.sub(r"\W+", " ", text.lower()).strip()

    heldout = load_examples(HELDOUT)
    assert len(heldout) >= 250 + 40
    training = {norm(text) for _, text in _training_examples()}
    assert [e.text for e in heldout if norm(e.text) in training] == []


def test_phone_set_covers_every_entry_and_is_apart_from_training_data(
    knowledge: KnowledgeBase,
) -> None:
    def norm(text: str) -> str:
        return re.sub(r"\W+", " ", text.lower()).strip()

    phone = load_examples(PHONE)
    assert len(phone) >= 200
    counts = Counter(e.expected for e in phone)
    assert [e.id for e in knowledge if counts[f"knowledge/{e.id}"] < 1] == []
    training = {norm(text) for _, text in _training_examples()}
    assert [e.text for e in phone if norm(e.text) in training] == []


def test_the_ask_expert_set_is_apart_from_training_data() -> None:
    def norm(text: str) -> str:
        return re.sub(r"\W+", " ", text.lower()).strip()

    examples = load_examples(EXPERTS_HELDOUT)
    assert Counter(e.expected for e in examples) == {"ask_expert": 49, "other": 50}
    training = {norm(text) for _, text in _training_examples()}
    assert [e.text for e in examples if norm(e.text) in training] == []


def test_safety_sets_are_apart_from_training_data() -> None:
    """tests/safety/ measures the acute-danger recognition (and since issue 14 the everyday
    statements), tests/followups/ the follow-ups: no training example of any intent
    (acute_danger, a knowledge entry, statement, out of scope …) may be one of their
    messages or a close variant of one."""
    import difflib

    from rapidfuzz import fuzz, process

    from tests.sets import messages

    tests = [
        m.lower()
        for f in sorted((ROOT / "tests" / "safety").glob("*.yml"))
        for m in messages(yaml.safe_load(f.read_text(encoding="utf-8")))
        # Small talk of three words or fewer ("hoi", "oke top", "ben zo terug") in the
        # everyday sets cannot be written apart from the greetings in the training data.
        if not (f.name.startswith("everyday") and len(m.split()) <= 3)
    ]
    # The follow-up sets (tests/followups, issue 14) measure the second turn; the first is a
    # plain knowledge question that only sets the context.
    for f in sorted((ROOT / "tests" / "followups").glob("*.yml")):
        tests += [i["followup"].lower() for i in yaml.safe_load(f.read_text())["followups"]]
    training = [text.lower() for _, text in _training_examples()]

    # Close means difflib's ratio above 0.75. RapidFuzz's ratio (the longest common
    # subsequence) is never below difflib's (a common subsequence), so its candidates at the
    # same cutoff hold every close pair; difflib then decides on those few.
    scores = process.cdist(tests, training, scorer=fuzz.ratio, score_cutoff=75, workers=-1)
    found = []
    for i, j in zip(*scores.nonzero(), strict=True):
        test, text = tests[i], training[j]
        if difflib.SequenceMatcher(None, text, test).ratio() > 0.75:
            found.append((text, test))
    assert [pair for pair in found if pair not in BLIND_COINCIDENCES] == []


# A blind set is written without seeing the training data, so it may by chance come close to
# an example that was there first. Such a pair is listed here, not edited away: the set
# stays as it was measured (docs/safety.md). The training example must not move towards it.
BLIND_COINCIDENCES = {
    # The follow-up sets (issue 14), written apart: a follow-up that names its own term comes
    # close to an earlier knowledge question (the first of each pair, data/nlu).
    ("wat is een indirect doelwit", "wat bedoel je met indirect doelwit?"),
    (
        "moeten we die jongen uit de groep halen na het incident",
        "en moeten we die jongens dan uit de groep halen?",
    ),
    (
        "op welk niveau moet onze interventie ingrijpen",
        "en op welk niveau moet een interventie dan ingrijpen?",
    ),
    ("wat zijn parasociale relaties", "wat bedoel je met parasociale relaties?"),
    (
        "staan groepsleden bekend als verzetplegers bij aanhouding",
        "en als ze bekendstaan als verzetpleger bij aanhouding?",
    ),
    ("duidingsitem seksueel grensoverschrijdend gedrag", "en seksueel grensoverschrijdend gedrag?"),
    (
        "seksueel grensoverschrijdend gedrag door de groep",
        "en seksueel grensoverschrijdend gedrag?",
    ),
    ("seksueel grensoverschrijdend gedrg groep", "en seksueel grensoverschrijdend gedrag?"),
    ("hij weigert gwn mee te werken", "en als hij dan weigert mee te werken?"),
    ("wat is een risicokalender", "wat is zo'n risicokalender precies?"),
    ("wie kan de normen van een groep bijsturen", "en wie kan die normen dan bijsturen?"),
    ("heb jij een vriendin?", "heb je een voorbeeldzin?"),
    ("waar vind ik de casi werkbladen", "waar vind ik die werkbladen?"),
    # heldout3.yml and heldout4.yml, written blind: short follow-ups near earlier examples.
    (
        "hoe eindig ik zo'n gesprek zonder dat het weer oplaait",
        "oké en hoe maak ik zo'n gesprek dan netjes af zonder dat het weer oplaait",
    ),
    (
        "wat bedoelen jullie met vredestijd, crisis en nazorg",
        "wat bedoel je met vredestijd en nazorg?",
    ),
    ("geldt dat ook in de dm?", "werkt dat ook in een dm?"),
    (
        "wat kan ik als wijkagent zelf doen om met stress om te gaan",
        "wat kan hij zelf doen om ermee om te gaan?",
    ),
    ("en als ik van de gemeente ben?", "en als ik bij de gemeente werk?"),
    ("geldt dat ook voor mij als agent?", "geldt dat ook voor mij als leerplichtambtenaar?"),
    ("en als ze weigert?", "en als hij gewoon weigert?"),
    ("en als dat niet lukt?", "en als dat ook niet helpt?"),
    ("en als het niet helpt?", "en als dat ook niet helpt?"),
    # The everyday sets (issue 14), written blind: near an earlier small-talk example.
    ("ben je een bot?", "ben je er nog?"),
    ("wat doe jij precies", "wat bedoel je precies?"),
    (
        "wat is het verschil tussen een pistool en een revolver",  # out_of_scope.yml, earlier
        "wat is het verschil tussen een gebiedsverbod en een contactverbod",  # everyday.yml
    ),
    (
        "welke rode vlaggen zijn er dat een jongere wapens gaat dragen",  # data/nlu, earlier
        "welke signalen wijzen erop dat een jongere wapens draagt",  # blind4.yml
    ),
    (
        "ik heb mezelf net gesneden en het stopt niet met bloeden",  # data/nlu, earlier
        "ik heb mezelf net gesneden en het stopt niet met bloeden",  # blind5.yml, word for word
    ),
    # blind6.yml (the first of each pair is the earlier training example)
    ("ze hebben een mes, nu", "ze hebben een mes, kom"),
    (
        "gasten met messen in de bibliotheek, ze zoeken iemand",
        "gasten met messen bij de bushalte, ze steken op iemand in",
    ),
    (
        "gast schiet met een luchtbuks vanaf het balkon op kinderen",
        "hij schiet net met een luchtbuks vanaf het balkon op de kinderen op het speelveld",
    ),
    (
        "hoeveel steekincidenten waren er vorig jaar in nederland",
        "hoeveel steekincidenten onder jongeren waren er vorig jaar ongeveer in nederland?",
    ),
    # blind9.yml
    (
        "er wordt nu gestoken bij het winkelcentrum",
        "help er is net geschoten bij het winkelcentrum",
    ),
}


def test_rasa_data_validate() -> None:
    env = {**os.environ, "PYTHONWARNINGS": "default", "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "data", "validate", "--config", "config.yml",
         "--domain", "domain", "--data", "data"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = set(re.findall(r"UserWarning: (.+?)\n", output))
    unexpected = {w for w in warnings if w.strip() not in EXPECTED_WARNINGS}
    assert not unexpected, output[-3000:]


@pytest.mark.parametrize("file", NLU_FILES, ids=lambda f: f.name)
def test_nlu_files_are_split_by_topic(file: Path) -> None:
    """Each file holds one topic: all knowledge intents, or none."""
    intents = {e.expected for e in load_examples(file)}
    knowledge = {i for i in intents if i.startswith("knowledge/")}
    assert knowledge == intents or not knowledge
