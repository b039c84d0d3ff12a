"""Curator insights: what people asked, what went unanswered, and how answers were rated.

Reads the tracker store's ``events`` table (SQLite or PostgreSQL, as endpoints.yml says;
:func:`bot.storage.tracker_store_url`). What is stored there is already redacted
(:mod:`bot.privacy.tracker_store`); every text is redacted once more before it goes into
a report, so a database written without redaction still yields no personal data.

Per conversation, in order, the events tell:

- a typed question (a user event whose text is not a button payload) and what the NLU made
  of it: the intent and, for knowledge questions, the chosen entry and its confidence;
- ``action_answer_knowledge`` followed by the slot ``entry``: the entry shown (asked by a
  typed question or chosen with a button); no entry: the question had no answer;
- intent ``nlu_fallback`` (or a ``follow_up`` with nothing before it to follow up on): the
  assistant was unsure and offered entries; the entry chosen
  next with a button, if any, is kept with the question (a training message to add);
- intent ``out_of_scope`` on typed text: the question fell outside the report;
- a knowledge answer whose entry had confidence below :data:`LOW_CONFIDENCE`: a low-confidence
  match (the answer then offered alternatives, actions/knowledge.py ``UNSURE_BELOW``);
- (not from the events) the questions sent to colleagues in the period, from the state
  database (:func:`bot.experts.tickets.tickets_between`, set by the script as
  :attr:`Insights.tickets`): what was asked, its status and the colleague's answer — the
  candidates for local entries (docs/lokale-kennis.md);
- intent ``feedback`` with entities ``entry`` and ``rating``: a 👍/👎, kept with the
  question that led to that entry last in the conversation (asked, or the typed question
  before the button that opened it); the slot ``feedback_comment``
  after a 👎: its comment (data/rules/feedback.yml).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.experts.tickets import ANSWERED, CLOSED, Ticket
from bot.knowledge import KnowledgeBase
from bot.nlu.parse import RETRIEVAL_INTENT, ranked_entries

# The knowledge action offers alternatives below this confidence (actions/knowledge.py
# UNSURE_BELOW; tests/unit/test_insights.py keeps the two equal).
LOW_CONFIDENCE = 0.5
ANSWER_ACTION = "action_answer_knowledge"
# A follow-up ("en als ik het niet doe?") is answered in context when it has a topic; without
# one it gets the fallback's suggestions and counts as unsure (issue 14).
FOLLOW_UP_INTENT = "follow_up"
FOLLOW_UP_ACTION = "action_follow_up"
ENTRY_SLOT = "entry"
COMMENT_SLOT = "feedback_comment"
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
FEEDBACK_INTENT = "feedback"
SHOW_ENTRY_INTENT = "show_entry"
FEEDBACK_FORM = "feedback_form"
# Typed intents that end the feedback form instead of filling it (domain/feedback.yml,
# feedback_comment's not_intent): "nee" and "stop" are no questions, danger is one.
NOT_A_COMMENT = frozenset({"acute_danger"})

Redactor = Callable[[str], str]


@dataclass(frozen=True)
class Question:
    """A typed question (redacted), when and where it was asked, and what came of it."""

    text: str
    time: float
    channel: str
    intent: str
    entry: str | None = None  # the entry chosen by the NLU, or next with a button
    confidence: float | None = None
    next_entry: str | None = None  # the NLU's second choice
    next_confidence: float | None = None


@dataclass(frozen=True)
class Feedback:
    """A 👍/👎 on an entry, with the question that entry answered and an optional comment."""

    entry: str
    rating: str
    time: float
    channel: str
    question: str | None = None
    comment: str | None = None


@dataclass
class Insights:
    """Everything the report shows, for one period."""

    since: float
    until: float
    conversations: int = 0
    typed_questions: int = 0
    answers: Counter[str] = field(default_factory=Counter)  # entry: answered a typed question
    button_answers: Counter[str] = field(default_factory=Counter)  # entry: chosen with a button
    fallback: list[Question] = field(default_factory=list)
    out_of_scope: list[Question] = field(default_factory=list)
    not_found: list[Question] = field(default_factory=list)
    low_confidence: list[Question] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)  # questions sent to colleagues

    def ratings(self, entry: str) -> tuple[int, int]:
        """(👍, 👎) for ``entry``."""
        up = sum(f.entry == entry and f.rating == "up" for f in self.feedback)
        down = sum(f.entry == entry and f.rating == "down" for f in self.feedback)
        return up, down

    def entries(self) -> list[str]:
        """Every entry answered or rated, most asked first."""
        seen = Counter(self.answers) + Counter(self.button_answers)
        for item in self.feedback:
            seen.setdefault(item.entry, 0)
        return sorted(seen, key=lambda e: (-self.answers[e], -seen[e], e))


def read_events(url: Any, since: float, until: float) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(sender_id, event)`` for every stored event in [since, until), per conversation in
    the order stored. No database yet (a SQLite file not created) means no events."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        return
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return
        events = sa.table(
            "events", sa.column("id"), sa.column("sender_id"), sa.column("timestamp"),
            sa.column("data"),
        )  # fmt: skip
        query = (
            sa.select(events.c.sender_id, events.c.data)
            .where(events.c.timestamp >= since, events.c.timestamp < until)
            .order_by(events.c.sender_id, events.c.id)
        )
        with engine.connect() as connection:
            for sender, data in connection.execute(query):
                yield sender, json.loads(data)
    finally:
        engine.dispose()


def _entities(parse: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(e.get("entity")): str(e.get("value"))
        for e in parse.get("entities") or []
        if isinstance(e, Mapping)
    }


def _is_button(text: str) -> bool:
    return text.startswith("/")


class _Conversation:
    """Reads one conversation's events in order into ``insights``."""

    def __init__(self, insights: Insights, redact: Redactor) -> None:
        self.insights = insights
        self.redact = redact
        self.question: Question | None = None  # the last typed question
        self.pending_fallback: int | None = None  # index into insights.fallback
        self.awaiting_entry = False  # action_answer_knowledge ran; its entry slot follows
        self.follow_up = False  # that action was action_follow_up
        self.answered_by: dict[str, str] = {}  # entry: the question it answered last
        self.last_down: int | None = None  # index into insights.feedback
        self.last_intent = ""
        self.last_text = ""
        self.loop: str | None = None  # the active loop (form), if any

    def active_loop(self, event: Mapping[str, Any]) -> None:
        name = event.get("name")
        self.loop = name if isinstance(name, str) else None

    def user(self, event: Mapping[str, Any]) -> None:
        parse = event.get("parse_data") or {}
        intent = str((parse.get("intent") or {}).get("name") or "")
        text = str(event.get("text") or "")
        channel = str(event.get("input_channel") or "")
        time = float(event.get("timestamp") or 0)
        self.awaiting_entry = False
        self.last_intent, self.last_text = intent, text
        if intent == FEEDBACK_INTENT:
            self._feedback(parse, time, channel)
            return
        if _is_button(text):
            if intent != SHOW_ENTRY_INTENT:
                self.pending_fallback = None
            return
        if self.loop == FEEDBACK_FORM and intent not in NOT_A_COMMENT:
            return  # a comment on a 👎 (its slot follows), not a question
        self.pending_fallback = None
        ranked = ranked_entries(parse)
        best, second = [*ranked, (None, None), (None, None)][:2]
        question = Question(
            text=self.redact(text), time=time, channel=channel, intent=intent,
            entry=best[0], confidence=best[1], next_entry=second[0], next_confidence=second[1],
        )  # fmt: skip
        self.question = question
        self.insights.typed_questions += 1
        if intent in (FALLBACK_INTENT, FOLLOW_UP_INTENT):
            self.insights.fallback.append(question)
            self.pending_fallback = len(self.insights.fallback) - 1
        elif intent == OUT_OF_SCOPE_INTENT:
            self.insights.out_of_scope.append(question)
        elif intent == RETRIEVAL_INTENT and question.confidence is not None:
            if question.confidence < LOW_CONFIDENCE:
                self.insights.low_confidence.append(question)

    def _feedback(self, parse: Mapping[str, Any], time: float, channel: str) -> None:
        entities = _entities(parse)
        entry, rating = entities.get("entry"), entities.get("rating")
        if not entry or rating not in ("up", "down"):
            return
        question = self.answered_by.get(entry)
        self.insights.feedback.append(Feedback(entry, rating, time, channel, question))
        self.last_down = len(self.insights.feedback) - 1 if rating == "down" else None

    def action(self, event: Mapping[str, Any]) -> None:
        self.awaiting_entry = event.get("name") in (ANSWER_ACTION, FOLLOW_UP_ACTION)
        self.follow_up = event.get("name") == FOLLOW_UP_ACTION

    def slot(self, event: Mapping[str, Any]) -> None:
        name, value = event.get("name"), event.get("value")
        if name == ENTRY_SLOT and self.awaiting_entry:
            self.awaiting_entry = False
            if self.follow_up and self.pending_fallback is not None and value:
                # Answered in context after all: no longer an unsure question.
                del self.insights.fallback[self.pending_fallback]
                self.pending_fallback = None
            self._answered(value if isinstance(value, str) and value else None)
        elif name == COMMENT_SLOT and isinstance(value, str) and value.strip():
            if self.last_down is not None:
                item = self.insights.feedback[self.last_down]
                comment = self.redact(value.strip())
                self.insights.feedback[self.last_down] = Feedback(
                    item.entry, item.rating, item.time, item.channel, item.question, comment
                )
                self.last_down = None

    def _answered(self, entry: str | None) -> None:
        typed = not _is_button(self.last_text)
        if entry is None:
            if typed and self.question is not None:
                self.insights.not_found.append(self.question)
            return
        if typed:
            self.insights.answers[entry] += 1
            if self.question is not None:
                self.answered_by[entry] = self.question.text
            return
        self.insights.button_answers[entry] += 1
        if self.question is not None:
            self.answered_by[entry] = self.question.text  # the question that led here
        if self.pending_fallback is not None and self.last_intent == SHOW_ENTRY_INTENT:
            asked = self.insights.fallback[self.pending_fallback]
            self.insights.fallback[self.pending_fallback] = Question(
                asked.text, asked.time, asked.channel, asked.intent, entry=entry
            )
            self.answered_by[entry] = asked.text
            self.pending_fallback = None


def collect(
    events: Iterable[tuple[str, Mapping[str, Any]]], since: float, until: float, redact: Redactor
) -> Insights:
    """The insights from ``(sender_id, event)`` pairs, grouped per conversation in order."""
    insights = Insights(since=since, until=until)
    senders: set[str] = set()
    reader: _Conversation | None = None
    current = None
    for sender, event in events:
        if sender != current:
            current, reader = sender, _Conversation(insights, redact)
        assert reader is not None
        kind = event.get("event")
        if kind == "user":
            senders.add(sender)
            reader.user(event)
        elif kind == "action":
            reader.action(event)
        elif kind == "slot":
            reader.slot(event)
        elif kind == "active_loop":
            reader.active_loop(event)
    insights.conversations = len(senders)
    return insights


# --- the report -----------------------------------------------------------------------------


def _day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _title(knowledge: KnowledgeBase, entry: str | None) -> str:
    if not entry:
        return ""
    return knowledge[entry].title if entry in knowledge else f"(onbekend: {entry})"


def _table(header: list[str], rows: list[str]) -> list[str]:
    """A Markdown table, or a line saying there is nothing to show."""
    if not rows:
        return ["_Geen in deze periode._"]
    return header + rows


def _percent(confidence: float | None) -> str:
    return "" if confidence is None else f"{confidence:.0%}"


def markdown(insights: Insights, knowledge: KnowledgeBase, top: int = 20) -> str:
    """The curators' report (Dutch), as Markdown."""
    up = sum(f.rating == "up" for f in insights.feedback)
    down = len(insights.feedback) - up
    asked = [
        f"| `{e}` | {_cell(_title(knowledge, e))} | {insights.answers[e]} | "
        f"{insights.button_answers[e]} | {insights.ratings(e)[0]} | {insights.ratings(e)[1]} |"
        for e in insights.entries()
        if insights.answers[e] or insights.button_answers[e]
    ][:top]
    fallback = [
        f"| {_day(q.time)} | {q.channel} | {_cell(q.text)} | "
        f"{f'`{q.entry}`' if q.entry else 'niets'} |"
        for q in insights.fallback
    ]
    outside = [f"| {_day(q.time)} | {q.channel} | {_cell(q.text)} |" for q in insights.out_of_scope]
    not_found = [f"| {_day(q.time)} | {q.channel} | {_cell(q.text)} |" for q in insights.not_found]
    low = [
        f"| {_day(q.time)} | {_cell(q.text)} | `{q.entry}` | {_percent(q.confidence)} | "
        f"{f'`{q.next_entry}`' if q.next_entry else ''} | {_percent(q.next_confidence)} |"
        for q in insights.low_confidence
    ]
    rated = sorted({f.entry for f in insights.feedback}, key=lambda e: (-insights.ratings(e)[1], e))
    comments = Counter(f.entry for f in insights.feedback if f.comment)
    per_entry = [
        f"| `{e}` | {_cell(_title(knowledge, e))} | {insights.ratings(e)[0]} | "
        f"{insights.ratings(e)[1]} | {comments[e]} |"
        for e in rated
    ]
    ratings = [
        f"| {_day(f.time)} | {f.channel} | `{f.entry}` | {'👍' if f.rating == 'up' else '👎'} | "
        f"{_cell(f.question or '')} | {_cell(f.comment or '')} |"
        for f in insights.feedback
    ]
    lines = [
        f"# Wegwijzer: inzichten voor de beheerders, {_day(insights.since)} t/m "
        f"{_day(insights.until - 1)}",
        "",
        "Alle teksten zijn geredigeerd: namen, telefoonnummers, adressen en dergelijke staan "
        "er als [NAAM], [TELEFOON], … in. Uitleg: docs/webchat.md.",
        "",
        "## Samenvatting",
        "",
        f"- Gesprekken: {insights.conversations}",
        f"- Getypte vragen (zonder opmerkingen bij een 👎): {insights.typed_questions}",
        f"- Beantwoord met een onderwerp: {sum(insights.answers.values())} getypte vragen, "
        f"{sum(insights.button_answers.values())} keer via een knop",
        f"- Onzeker (onderwerpen voorgesteld): {len(insights.fallback)}",
        f"- Buiten het onderwerp van het rapport: {len(insights.out_of_scope)}",
        f"- Antwoord met lage zekerheid (< {LOW_CONFIDENCE:.0%}): {len(insights.low_confidence)}",
        f"- Feedback: {up} × 👍, {down} × 👎, "
        f"{sum(bool(f.comment) for f in insights.feedback)} opmerking(en)",
        f"- Vragen aan collega's: {len(insights.tickets)}, waarvan "
        f"{sum(t.answer is not None for t in insights.tickets)} beantwoord",
        "",
        f"## Meest gevraagde onderwerpen (top {top})",
        "",
        "Hoe vaak een onderwerp het antwoord was op een getypte vraag, en hoe vaak het via een "
        "knop werd geopend.",
        "",
        *_table(
            [
                "| Onderwerp | Titel | Getypte vragen | Via knop | 👍 | 👎 |",
                "|---|---|---:|---:|---:|---:|",
            ],
            asked,
        ),
        "",
        "## Vragen zonder antwoord",
        "",
        "### Onzeker: de assistent stelde onderwerpen voor",
        "",
        "Met het daarna gekozen onderwerp is de vraag een kandidaat-trainingszin voor dat "
        "onderwerp (in eigen woorden opnemen in data/nlu/).",
        "",
        *_table(["| Datum | Kanaal | Vraag | Daarna gekozen |", "|---|---|---|---|"], fallback),
        "",
        "### Buiten het onderwerp",
        "",
        "Vragen die de assistent buiten het rapport plaatste. Hoort er een wel bij het rapport, "
        "dan ontbreekt er een onderwerp of trainingszin.",
        "",
        *_table(["| Datum | Kanaal | Vraag |", "|---|---|---|"], outside),
    ]
    if not_found:
        lines += ["", "### Geen onderwerp gevonden", ""]
        lines += _table(["| Datum | Kanaal | Vraag |", "|---|---|---|"], not_found)
    if insights.tickets:
        lines += [
            "",
            "### Doorgestuurd naar collega's",
            "",
            "Vragen die gebruikers met *Vraag het een collega* naar het expertkanaal stuurden, "
            "met het antwoord van de collega. Een goed antwoord kan een lokaal item worden "
            "(knop *Maak er een lokaal item van*, docs/lokale-kennis.md).",
            "",
            *_table(["| Datum | Kanaal | Vraag | Status | Antwoord van een collega |",
                     "|---|---|---|---|---|"], [_ticket_row(t) for t in insights.tickets]),
        ]  # fmt: skip
    lines += [
        "",
        f"## Antwoorden met lage zekerheid (< {LOW_CONFIDENCE:.0%})",
        "",
        "De assistent gaf het eerste onderwerp en bood de volgende als knop aan. Klopt het "
        "onderwerp niet, voeg dan trainingszinnen toe aan het juiste onderwerp.",
        "",
        *_table(
            ["| Datum | Vraag | Gekozen onderwerp | Zekerheid | Tweede keus | Zekerheid |",
             "|---|---|---|---:|---|---:|"], low,
        ),
        "",
        "## Feedback per onderwerp",
        "",
        *_table(["| Onderwerp | Titel | 👍 | 👎 | Opmerkingen |", "|---|---|---:|---:|---:|"],
                per_entry),
        "",
        "### Alle beoordelingen",
        "",
        "Met de vraag waarop het onderwerp het antwoord was, en de opmerking na een 👎.",
        "",
        *_table(
            ["| Datum | Kanaal | Onderwerp | Oordeel | Vraag | Opmerking |",
             "|---|---|---|---|---|---|"], ratings,
        ),
        "",
        "## Wat nu",
        "",
        "- Onderwerpen met 👎 en opmerkingen: lees het antwoord na (knowledge/entries/) en "
        "verbeter het, binnen wat het rapport zegt.",
        "- Onzekere vragen en antwoorden met lage zekerheid: voeg trainingszinnen toe aan het "
        "juiste onderwerp (data/nlu/), in gewone chattaal.",
        "- Vragen buiten het onderwerp die er wel bij horen: overweeg een nieuw onderwerp, "
        "als het rapport er iets over zegt.",
        "- Vragen die collega's beantwoordden en die vaker terugkomen: maak er een lokaal "
        "item van, met de bron in een document van jullie organisatie.",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


CSV_FIELDS = ("kind", "date", "channel", "entry", "title", "count", "up", "down", "confidence",
              "text", "comment", "status")  # fmt: skip
STATUS_NAMES = {"open": "open", "claimed": "opgepakt", ANSWERED: "beantwoord", CLOSED: "gesloten"}


def _ticket_row(ticket: Ticket) -> str:
    status = STATUS_NAMES.get(ticket.status, ticket.status)
    return (
        f"| {_day(ticket.created)} | {ticket.channel} | {_cell(ticket.question)} | {status} | "
        f"{_cell(ticket.answer or '')} |"
    )


def csv_rows(insights: Insights, knowledge: KnowledgeBase) -> Iterator[dict[str, object]]:
    """One row per entry (kind ``entry``) and per question or rating listed in the report."""
    for entry in insights.entries():
        thumbs_up, thumbs_down = insights.ratings(entry)
        yield {"kind": "entry", "entry": entry, "title": _title(knowledge, entry),
               "count": insights.answers[entry] + insights.button_answers[entry],
               "up": thumbs_up, "down": thumbs_down}  # fmt: skip
    for kind, questions in (
        ("fallback", insights.fallback),
        ("out_of_scope", insights.out_of_scope),
        ("not_found", insights.not_found),
        ("low_confidence", insights.low_confidence),
    ):
        for q in questions:
            yield {"kind": kind, "date": _day(q.time), "channel": q.channel, "entry": q.entry or "",
                   "title": _title(knowledge, q.entry), "text": q.text,
                   "confidence": "" if q.confidence is None else f"{q.confidence:.3f}"}  # fmt: skip
    for f in insights.feedback:
        yield {"kind": "feedback", "date": _day(f.time), "channel": f.channel, "entry": f.entry,
               "title": _title(knowledge, f.entry), "up": int(f.rating == "up"),
               "down": int(f.rating == "down"), "text": f.question or "",
               "comment": f.comment or ""}  # fmt: skip
    for t in insights.tickets:
        yield {"kind": "expert_question", "date": _day(t.created), "channel": t.channel,
               "text": t.question, "comment": t.answer or "",
               "status": STATUS_NAMES.get(t.status, t.status)}  # fmt: skip


def _spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet will not run as a formula (typed text may start with "=")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(path: Path, insights: Insights, knowledge: KnowledgeBase) -> None:
    """The report's rows as CSV (UTF-8), for a spreadsheet."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for row in csv_rows(insights, knowledge):
            writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
