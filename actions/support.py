"""The reply to a professional's own distress, shared by the actions that can give it.

Acknowledgement, the organisation's own support text (``WEGWIJZER_SUPPORT_TEXT`` or
``var/support.txt``, :func:`bot.situations.aftercare.support_text`), and the aftercare
conversation for professionals (§5.2) and its entries offered as buttons.
"""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge.loader import default_knowledge
from bot.render import Button, entry_button
from bot.situations.aftercare import support_text

# Entries for the professional's own wellbeing (§5.2, Tabel 5), offered with the support.
WELLBEING_ENTRIES = ("welzijn-professionals-hulp-vragen", "welzijn-copingstrategieen")
START_AFTERCARE = Button(title="Ja, loop met me door", payload="/aftercare_self")
DISTRESS_TEXT = (
    "Vervelend dat je dit meemaakt, en goed dat je het zegt. Ook als professional hoef je "
    "dit niet alleen te dragen.\n\n**Steun in je eigen organisatie**\n{support}\n\n"
    "Wil je samen kijken wat je nu voor jezelf kunt doen? Dan loop ik met je door de nazorg "
    "voor professionals uit het rapport."
)


def utter_distress(dispatcher: CollectingDispatcher) -> None:
    """The acknowledgement, the organisation's support text and the aftercare offer."""
    knowledge = default_knowledge()
    buttons = [START_AFTERCARE] + [entry_button(knowledge[e]) for e in WELLBEING_ENTRIES]
    dispatcher.utter_message(
        text=DISTRESS_TEXT.format(support=support_text()),
        buttons=[b.as_dict() for b in buttons],
    )
