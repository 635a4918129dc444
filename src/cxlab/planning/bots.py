"""Bots and self-service on the metric map: containment, transfers, repeats and their cost.

A bot sits upstream of *first contacts* (module 02). A conversation the bot really resolves
never becomes a contact for an agent; one it transfers is a first contact (often with a
different handle time); and one the bot reports as "contained" but that comes back through
another channel is a *repeat contact* (the customer's issue was not resolved, only
delayed). :func:`bot_outcome` follows the three flows and the agent time they need, and
:func:`bot_costs` puts money on them with :func:`cxlab.prioritisation.cost_per_contact`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    as_float_array,
    check_in_range,
    check_instance,
    check_non_negative,
    check_positive,
)
from ..prioritisation.money import cost_per_contact

__all__ = ["BotCosts", "BotOutcome", "bot_costs", "bot_outcome"]


@dataclass(frozen=True)
class BotOutcome:
    """The result of :func:`bot_outcome`: where the conversations a bot is offered end up.

    Attributes
    ----------
    offered : float
        Conversations that start with the bot.
    transferred : float
        Handed to an agent by the bot (or asked for one).
    contained_reported : float
        Ended in the bot: what the bot's report calls contained.
    repeats : float
        "Contained" conversations whose customer comes back to an agent about the same issue.
    contained_real : float
        ``contained_reported - repeats``: issues the bot really settled.
    agent_hours_without_bot, agent_hours_with_bot : float
        Agent handling hours for these issues without a bot (all to agents at
        ``aht_seconds``) and with it (transfers and repeats at their handle times).
    agent_hours_saved_reported : float
        The saving the bot's own report suggests (transfers only, no repeats).
    """

    offered: float
    transferred: float
    contained_reported: float
    repeats: float
    contained_real: float
    agent_hours_without_bot: float
    agent_hours_with_bot: float
    agent_hours_saved_reported: float

    @property
    def containment_reported(self) -> float:
        """Share of offered conversations the bot reports as contained."""
        return self.contained_reported / self.offered if self.offered else 0.0

    @property
    def containment_real(self) -> float:
        """Share of offered conversations really settled by the bot (no repeat)."""
        return self.contained_real / self.offered if self.offered else 0.0

    @property
    def agent_contacts(self) -> float:
        """Contacts agents still handle: transfers plus repeats."""
        return self.transferred + self.repeats

    @property
    def agent_hours_with_bot_reported(self) -> float:
        """Agent hours the bot's own report implies (transfers only, no repeats)."""
        return self.agent_hours_without_bot - self.agent_hours_saved_reported

    @property
    def agent_hours_saved(self) -> float:
        """Agent handling hours really saved (negative when the bot adds work)."""
        return self.agent_hours_without_bot - self.agent_hours_with_bot

    def steps(self) -> pd.DataFrame:
        """The waterfall: offered, minus transferred, = reported contained, minus repeats, =
        really contained, with plain labels.

        >>> steps = bot_outcome(1000, containment_rate=0.4, repeat_rate=0.25,
        ...                     aht_seconds=300).steps()
        >>> steps["conversations"].tolist()
        [1000.0, -600.0, 400.0, -100.0, 300.0]
        """
        return pd.DataFrame({
            "step": ["Offered to the bot", "Transferred to an agent", "Reported as contained",
                     "Came back to an agent (repeat)", "Really contained"],
            "conversations": [self.offered, -self.transferred, self.contained_reported,
                              -self.repeats, self.contained_real],
            "kind": ["total", "change", "total", "change", "total"],
        }).set_index("step")

    def __repr__(self) -> str:
        return (f"BotOutcome: {self.offered:,.0f} offered, {self.containment_reported:.1%} "
                f"reported contained, {self.containment_real:.1%} really contained; agents "
                f"save {self.agent_hours_saved:,.1f} h (the report suggests "
                f"{self.agent_hours_saved_reported:,.1f} h)")


def bot_outcome(
    offered: float,
    *,
    containment_rate: float,
    repeat_rate: float,
    aht_seconds: float,
    transfer_aht_seconds: float | None = None,
    repeat_aht_seconds: float | None = None,
) -> BotOutcome:
    """Follow the conversations a bot is offered: contained, transferred, and coming back.

    Without the bot every offered issue would reach an agent at ``aht_seconds`` (the model
    assumes the bot creates no new demand). With it, ``1 - containment_rate`` are transferred
    and handled at ``transfer_aht_seconds``; of those the bot counts as contained,
    ``repeat_rate`` come back to an agent about the same issue (say within 7 days) and are
    handled at ``repeat_aht_seconds``. So the real containment is
    ``containment_rate x (1 - repeat_rate)``.

    Parameters
    ----------
    offered : float
        Conversations starting with the bot in the period, 0 or more.
    containment_rate : float
        Share the bot reports as contained (ended without an agent), 0 to 1.
    repeat_rate : float
        Share of those that come back to an agent, 0 to 1.
    aht_seconds : float
        Agent handle time of such an issue without a bot, above 0.
    transfer_aht_seconds, repeat_aht_seconds : float, optional
        Agent handle time of a transfer (shorter if the bot gathered details, longer if the
        customer arrives annoyed) and of a repeat; by default ``aht_seconds``.

    Examples
    --------
    >>> b = bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300)
    >>> b.containment_real, round(b.agent_hours_saved, 1), round(b.agent_hours_saved_reported, 1)
    (0.315, 262.5, 375.0)
    """
    n = check_non_negative("offered", offered, scalar=True)
    c = check_in_range("containment_rate", containment_rate, 0, 1,
                                                   hint="write 45% as 0.45", scalar=True)
    r = check_in_range("repeat_rate", repeat_rate, 0, 1,
                                              hint="write 30% as 0.3", scalar=True)
    h = check_positive("aht_seconds", aht_seconds, scalar=True)
    h_t = h if transfer_aht_seconds is None else check_positive(
        "transfer_aht_seconds", transfer_aht_seconds, scalar=True)
    h_r = h if repeat_aht_seconds is None else check_positive(
        "repeat_aht_seconds", repeat_aht_seconds, scalar=True)
    contained = n * c
    transferred = n - contained
    repeats = contained * r
    without = n * h / 3600
    with_bot = (transferred * h_t + repeats * h_r) / 3600
    return BotOutcome(offered=n, transferred=transferred, contained_reported=contained,
                      repeats=repeats, contained_real=contained - repeats,
                      agent_hours_without_bot=without, agent_hours_with_bot=with_bot,
                      agent_hours_saved_reported=without - transferred * h_t / 3600)


@dataclass(frozen=True)
class BotCosts:
    """The result of :func:`bot_costs`, for the period of the :class:`BotOutcome`.

    Attributes
    ----------
    cost_per_agent_hour : float
        Full cost of one hour of agent handling (paid time, occupancy, shrinkage, overhead).
    cost_without_bot, cost_with_bot : float
        Cost of handling the offered issues without and with the bot (bot fees included).
    cost_with_bot_reported : float
        What the bot's own report would suggest (no repeats).
    """

    cost_per_agent_hour: float
    cost_without_bot: float
    cost_with_bot: float
    cost_with_bot_reported: float
    offered: float

    @property
    def saving(self) -> float:
        """Real saving (negative when the bot costs more than it saves)."""
        return self.cost_without_bot - self.cost_with_bot

    @property
    def saving_reported(self) -> float:
        """The saving the bot's report suggests."""
        return self.cost_without_bot - self.cost_with_bot_reported

    @property
    def cost_per_issue_without_bot(self) -> float:
        return self.cost_without_bot / self.offered if self.offered else 0.0

    @property
    def cost_per_issue_with_bot(self) -> float:
        return self.cost_with_bot / self.offered if self.offered else 0.0

    def __repr__(self) -> str:
        return (f"BotCosts: {self.cost_per_issue_without_bot:,.2f} an issue without the bot, "
                f"{self.cost_per_issue_with_bot:,.2f} with it; saving {self.saving:,.0f} "
                f"(the report suggests {self.saving_reported:,.0f})")


def bot_costs(
    outcome: BotOutcome,
    *,
    cost_per_paid_hour: float,
    occupancy: float,
    shrinkage: float,
    overhead_fraction: float = 0.0,
    bot_cost_per_conversation: float = 0.0,
) -> BotCosts:
    """Put money on a :class:`BotOutcome` with :func:`cxlab.prioritisation.cost_per_contact`.

    An hour of agent handling costs ``cost_per_contact(3600, ...)``; the bot's fee is paid
    for every conversation offered to it.

    Examples
    --------
    >>> b = bot_outcome(10_000, containment_rate=0.45, repeat_rate=0.3, aht_seconds=300)
    >>> c = bot_costs(b, cost_per_paid_hour=30, occupancy=0.8, shrinkage=0.3,
    ...               bot_cost_per_conversation=0.5)
    >>> round(c.cost_per_agent_hour, 2), round(c.saving, 1), round(c.saving_reported, 1)
    (53.57, 9062.5, 15089.3)
    """
    check_instance("outcome", outcome, BotOutcome, "the result of bot_outcome(...)")
    # One number each (cost_per_contact itself also takes one per channel).
    single = {name: as_float_array(name, value, scalar=True) for name, value in (
        ("cost_per_paid_hour", cost_per_paid_hour), ("occupancy", occupancy),
        ("shrinkage", shrinkage), ("overhead_fraction", overhead_fraction))}
    hour = float(np.asarray(cost_per_contact(3600, **single)))
    fee = check_non_negative("bot_cost_per_conversation", bot_cost_per_conversation,
                             scalar=True)
    bot_fees = fee * outcome.offered
    reported_hours = outcome.agent_hours_with_bot_reported
    return BotCosts(cost_per_agent_hour=hour,
                    cost_without_bot=outcome.agent_hours_without_bot * hour,
                    cost_with_bot=outcome.agent_hours_with_bot * hour + bot_fees,
                    cost_with_bot_reported=reported_hours * hour + bot_fees,
                    offered=outcome.offered)
