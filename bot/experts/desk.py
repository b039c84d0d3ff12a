"""The experts' desk in the Rasa server: tickets to the experts' Teams channel and back.

Three moments (docs/experts.md):

- **Sending** (:meth:`ExpertDesk.after_turn`, called by every channel's turn,
  :func:`bot.channels.rest.answer_turn`): ``action_expert_send`` answers with the custom
  payload ``{"expert_question": …}`` (already redacted). The desk opens a ticket
  (:class:`bot.experts.tickets.Tickets`, redacted again), posts its card as a new thread in
  the experts' channel (``BotConnectorClient.create_conversation``) and replaces the
  payload by a Dutch line with the ticket's number. When the card cannot be posted, the
  ticket is closed and the user is told so: no question waits where nobody sees it.
- **The experts' buttons** (:meth:`ExpertDesk.on_submit`, from the Teams channel for a card
  submit in the experts' channel): claim, answer, close and "make it a local entry"; each is
  one conditional update of the ticket, and the card is replaced in place
  (:meth:`~bot.channels.botframework_client.BotConnectorClient.update`). A step that is not
  allowed (claimed already, answered by someone else) gets a short reply in the thread.
- **The answer back**: a Teams asker gets it at once in their own conversation (a proactive
  message to the address kept with the ticket); a web chat asker at their next message
  (:meth:`after_turn` adds it to that turn's replies; also a Teams answer whose message
  failed). Both say it is a colleague's answer,
  not the report's, and carry no ``Bron:`` line.

Names of experts are shown on the card as Teams gives them and never stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aiohttp

from bot import metrics, storage
from bot.channels import teams_cards
from bot.channels.botframework_client import BotConnectorClient, BotConnectorError
from bot.experts import cards
from bot.experts.asking import NOT_OFFERED, QUESTION_SLOT
from bot.experts.drafts import drafts_folder, write_draft
from bot.experts.settings import ExpertsSettings
from bot.experts.tickets import Ticket, Tickets

logger = logging.getLogger(__name__)

QUESTION_KEY = QUESTION_SLOT  # the custom payload's key (actions/experts.py)
SENT = "Verstuurd naar de collega's (vraag #{id})."
SENT_TEAMS = " Je krijgt het antwoord hier in deze chat zodra een collega heeft geantwoord."
SENT_WEB = " Het antwoord verschijnt hier in dit gesprek zodra een collega heeft geantwoord."
NOT_SENT = (
    "Het versturen naar de collega's lukte nu niet. Probeer het later opnieuw, of leg je vraag "
    "rechtstreeks aan een collega voor."
)
ANSWER = (
    "**Antwoord van een collega** (niet uit het rapport) op je vraag «{question}» "
    "(#{id}):\n\n{answer}"
)
ALREADY_TAKEN = "Vraag #{id} is al opgepakt door een collega, of gesloten."
NOT_YOURS = "Vraag #{id} kan alleen beantwoord worden door wie hem oppakte."
EMPTY_ANSWER = "Schrijf eerst een antwoord voor vraag #{id}."
ALREADY_CLOSED = "Vraag #{id} is al gesloten."
NO_FOLDER = (
    "Er is geen map voor concepten van lokale items ingesteld (WEGWIJZER_LOCAL_KNOWLEDGE of "
    "WEGWIJZER_KNOWLEDGE_DRAFTS); vraag de beheerder."
)
NO_DRAFT = "Het concept kon niet worden opgeslagen in de map voor concepten; vraag de beheerder."
NO_ANSWER_YET = "Vraag #{id} heeft nog geen antwoord om een lokaal item van te maken."
DRAFTED = (
    "Concept voor een lokaal item opgeslagen als {name} in de map met concepten. Een beheerder "
    "maakt het af (bron en citaat), zet het in entries/ en controleert het met make "
    "knowledge-check."
)


def answer_text(ticket: Ticket) -> str:
    """The colleague's answer as the asker sees it."""
    return ANSWER.format(question=ticket.question, id=ticket.id, answer=ticket.answer or "")


def channel_of(input_channel: str | None) -> str:
    """The ticket's channel: Teams, or the web (the web chat and the REST channel)."""
    return "teams" if input_channel == "teams" else "web"


class ExpertDesk:
    """Posts tickets to the experts' channel, handles its buttons and brings answers back."""

    def __init__(
        self,
        settings: ExpertsSettings,
        tickets: Tickets,
        connector: BotConnectorClient,
        bot_id: str = "",
        tenant_id: str = "",
        drafts: Path | None = None,
    ) -> None:
        self.settings = settings
        self.tickets = tickets
        self.connector = connector
        self.bot_id = bot_id
        self.tenant_id = tenant_id
        self.drafts = drafts

    @classmethod
    def from_environment(cls) -> ExpertDesk | None:
        """The desk of this installation, or None when the experts' channel or the Teams bot
        is not configured."""
        settings = ExpertsSettings.from_environment()
        if settings is None:
            return None
        from bot.channels.teams import TeamsSettings, connector_for  # the channel imports us

        teams = TeamsSettings.from_environment()
        if not teams.configured:
            logger.error(
                "experts: WEGWIJZER_EXPERTS_CHANNEL is set but Teams is not configured "
                "(TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID): questions are not sent"
            )
            return None
        tickets = Tickets(storage.engine(), storage.state_secret())
        return cls(
            settings,
            tickets,
            connector_for(teams),
            bot_id=teams.app_id,
            tenant_id=teams.tenant_id,
            drafts=drafts_folder(),
        )

    # -- sending -------------------------------------------------------------------------

    async def after_turn(
        self,
        channel: str,
        sender: str,
        replies: list[dict[str, Any]],
        reply_to: Mapping[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """``replies`` with each question payload replaced by the line saying it was sent
        (or not), and the answers waiting for ``sender`` after them (on the web they always
        wait; in Teams only when sending them failed)."""
        result: list[dict[str, Any]] = []
        for reply in replies:
            question = question_in(reply)
            if question is None:
                result.append(reply)
                continue
            text, sent = await self.send(channel, sender, question, reply_to)
            message = {"recipient_id": reply.get("recipient_id", sender), "text": text}
            result.append({**message, "waiting": True} if sent else message)
        # The web chat's answers, and a Teams answer whose message could not be sent.
        return result + await self.answers_for(sender)

    async def answers_for(self, conversation: str) -> list[dict[str, Any]]:
        """The answers for ``conversation`` not yet delivered, as messages (each once)."""
        answers = await asyncio.to_thread(self.tickets.take_answers, conversation)
        for _ in answers:
            metrics.record_expert_step("delivered")
        return [
            {"recipient_id": conversation, "text": answer_text(t), "colleague": True}
            for t in answers
        ]

    async def send(
        self, channel: str, sender: str, question: str, reply_to: Mapping[str, str] | None
    ) -> tuple[str, bool]:
        """Open a ticket and post its card; the line for the user, and whether it was
        sent."""
        ticket = await asyncio.to_thread(self.tickets.open, channel, sender, question, reply_to)
        try:
            answer = await self.connector.create_conversation(
                self.settings.service_url, self._new_thread(ticket)
            )
        except (BotConnectorError, aiohttp.ClientError, TimeoutError) as error:
            logger.error("experts: a card could not be posted (%s)", type(error).__name__)
            await asyncio.to_thread(self.tickets.close, ticket.id)
            metrics.record_expert_step("not_sent")
            return NOT_SENT, False
        address = {
            "service_url": self.settings.service_url,
            "conversation": str(answer.get("id") or self.settings.channel),
            "activity": str(answer.get("activityId") or ""),
        }
        await asyncio.to_thread(self.tickets.set_card, ticket.id, address)
        logger.info("experts: ticket %s posted to the experts' channel", ticket.id)
        metrics.record_expert_step("sent")
        return SENT.format(id=ticket.id) + (SENT_TEAMS if channel == "teams" else SENT_WEB), True

    def _new_thread(self, ticket: Ticket) -> dict[str, Any]:
        """``POST /v3/conversations`` parameters: a new thread in the experts' channel."""
        parameters: dict[str, Any] = {
            "isGroup": True,
            "channelData": {"channel": {"id": self.settings.channel}},
            "activity": self._card_activity(ticket, None),
        }
        if self.bot_id:
            parameters["bot"] = {"id": f"28:{self.bot_id}"}
        if self.tenant_id:
            parameters["tenantId"] = self.tenant_id
            parameters["channelData"]["tenant"] = {"id": self.tenant_id}
        return parameters

    @staticmethod
    def _card_activity(ticket: Ticket, expert: str | None) -> dict[str, Any]:
        card = cards.ticket_card(ticket, expert)
        return {"type": "message", "attachments": [teams_cards.attachment(card)]}

    # -- the experts' buttons ------------------------------------------------------------

    async def on_submit(self, activity: Mapping[str, Any]) -> None:
        """A press on a ticket card in the experts' channel (the Teams channel checked that
        the activity is authentic and comes from that channel)."""
        submit = cards.submitted(activity.get("value"))
        if submit is None:
            return
        step, ticket_id, text = submit
        person = activity.get("from") or {}
        expert = str(person.get("aadObjectId") or person.get("id") or "")
        name = person.get("name") if isinstance(person.get("name"), str) else None
        ticket: Ticket | None
        notice: str | None = None
        if step == "claim":
            ticket = await asyncio.to_thread(self.tickets.claim, ticket_id, expert)
            notice = None if ticket else ALREADY_TAKEN
        elif step == "answer":
            if not text:
                ticket, notice = None, EMPTY_ANSWER
            else:
                ticket = await asyncio.to_thread(self.tickets.answer, ticket_id, expert, text)
                notice = None if ticket else NOT_YOURS
        elif step == "close":
            ticket = await asyncio.to_thread(self.tickets.close, ticket_id)
            notice = None if ticket else ALREADY_CLOSED
        else:  # draft: the card stays as it is
            metrics.record_expert_step("draft")
            await self._notify(activity, await self._draft(ticket_id))
            return
        if ticket is None:
            metrics.record_expert_step("refused")
            await self._notify(activity, (notice or ALREADY_CLOSED).format(id=ticket_id))
            return
        metrics.record_expert_step(step)
        await self._update_card(ticket, name, activity)
        if step == "answer":
            await self.deliver(ticket)

    async def _draft(self, ticket_id: str) -> str:
        ticket = await asyncio.to_thread(self.tickets.get, ticket_id)
        if ticket is None or not ticket.answer:
            return NO_ANSWER_YET.format(id=ticket_id)
        if self.drafts is None:
            return NO_FOLDER
        try:
            path = await asyncio.to_thread(write_draft, self.drafts, ticket)
        except OSError as error:  # e.g. the folder is mounted read-only here
            logger.error("experts: a draft could not be written (%s)", type(error).__name__)
            return NO_DRAFT
        return DRAFTED.format(name=path.name)

    async def _update_card(
        self, ticket: Ticket, expert: str | None, activity: Mapping[str, Any]
    ) -> None:
        """Replace the ticket's card (where it was posted, else the card pressed)."""
        address = ticket.card_address() or {}
        service_url = address.get("service_url") or str(activity.get("serviceUrl") or "")
        conversation = address.get("conversation") or str(
            (activity.get("conversation") or {}).get("id") or ""
        )
        activity_id = address.get("activity") or str(activity.get("replyToId") or "")
        if not activity_id:
            return
        card = {**self._card_activity(ticket, expert), "id": activity_id}
        try:
            await self.connector.update(service_url, conversation, activity_id, card)
        except (BotConnectorError, aiohttp.ClientError, TimeoutError) as error:
            logger.error("experts: a card could not be updated (%s)", type(error).__name__)

    async def _notify(self, activity: Mapping[str, Any], text: str) -> None:
        """A short reply to an expert in the card's thread."""
        card = teams_cards.text_card(text, [])
        reply = {"type": "message", "attachments": [teams_cards.attachment(card)]}
        conversation = str((activity.get("conversation") or {}).get("id") or "")
        try:
            await self.connector.send(
                str(activity.get("serviceUrl") or ""),
                conversation,
                reply,
                reply_to_id=activity.get("replyToId") or activity.get("id"),
            )
        except (BotConnectorError, aiohttp.ClientError, TimeoutError) as error:
            logger.error("experts: a notice could not be sent (%s)", type(error).__name__)

    # -- the answer back ------------------------------------------------------------------

    async def deliver(self, ticket: Ticket) -> bool:
        """Send an answered Teams ticket's answer to the asker's conversation; True when
        sent. Web chat answers wait for the asker's next message."""
        address = ticket.reply_address()
        if ticket.channel != "teams" or address is None or not ticket.answer:
            return False
        card = teams_cards.text_card(answer_text(ticket), [])
        message = {"type": "message", "attachments": [teams_cards.attachment(card)]}
        try:
            await self.connector.send(address["service_url"], address["conversation"], message)
        except (BotConnectorError, aiohttp.ClientError, TimeoutError) as error:
            logger.error("experts: an answer could not be delivered (%s)", type(error).__name__)
            return False
        delivered = await asyncio.to_thread(self.tickets.mark_delivered, ticket.id)
        if delivered:
            metrics.record_expert_step("delivered")
        return delivered


def question_in(reply: Mapping[str, Any]) -> str | None:
    """The question of an ``action_expert_send`` payload, or None for any other reply."""
    custom = reply.get("custom")
    if isinstance(custom, Mapping) and isinstance(custom.get(QUESTION_KEY), str):
        return str(custom[QUESTION_KEY])
    return None


def without_questions(
    replies: list[dict[str, Any]], text: str = NOT_OFFERED
) -> list[dict[str, Any]]:
    """Where no desk takes them (none configured, or it failed): question payloads replaced
    by ``text``, other replies as they are."""
    return [
        {"recipient_id": r.get("recipient_id"), "text": text} if question_in(r) else r
        for r in replies
    ]


_desk: ExpertDesk | None = None
_loaded = False


def default_desk() -> ExpertDesk | None:
    """This process's desk (built once from the environment), or None."""
    global _desk, _loaded
    if not _loaded:
        _desk, _loaded = ExpertDesk.from_environment(), True
    return _desk
