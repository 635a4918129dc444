"""Messaging: customer messages needing a reply, from new conversations.

Messaging (web messaging, WhatsApp and the like) is a deferred channel with a twist: a
conversation is several customer messages, each needing a reply, and the customer takes
their time between them. :func:`messaging_workload` turns new conversations per hour into
customer messages per hour; the backlog and response times then come from
:func:`cxlab.service_level.backlog` (module 01.07), unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_non_negative,
    check_positive,
    describe,
)

__all__ = ["MessagingWorkload", "messaging_workload"]


@dataclass(frozen=True)
class MessagingWorkload:
    """The result of :func:`messaging_workload`.

    Attributes
    ----------
    periods : DataFrame
        One row per period: ``conversations`` (new ones), ``first_messages``,
        ``follow_up_messages`` and ``messages`` (their sum: the replies agents owe).
    after_end : float
        Follow-up messages expected after the last period (they start tomorrow's backlog).
    messages_per_conversation : float
    minutes_between_messages : float
    """

    periods: pd.DataFrame
    after_end: float
    messages_per_conversation: float
    minutes_between_messages: float

    def __repr__(self) -> str:
        p = self.periods
        return (f"MessagingWorkload: {p['conversations'].sum():,.0f} conversations bring "
                f"{p['messages'].sum():,.0f} customer messages over {len(p)} periods "
                f"({self.after_end:,.0f} more after the last)")


def messaging_workload(
    conversations: object,
    *,
    messages_per_conversation: float,
    minutes_between_messages: float,
    period_hours: float = 1.0,
) -> MessagingWorkload:
    """Customer messages needing a reply, period by period, from new conversations.

    A conversation opens with one customer message; the customer writes again after each
    reply, or leaves. The model: new conversations arrive evenly within each period; the
    number of messages in a conversation varies (after each message the customer writes
    again with chance ``1 - 1 / messages_per_conversation``, so the mean is
    ``messages_per_conversation``); the time from one customer message to the next is
    random (exponential) with mean ``minutes_between_messages`` (which includes the agent's
    reply time: measure it in your data). Then the follow-up messages of one conversation
    arrive as a stream that fades away at rate ``1 / (messages x minutes between)``, and the
    expected follow-ups landing in each period have a closed form (module source).

    The messages per period feed :func:`cxlab.service_level.backlog` with the team's
    capacity from :func:`cxlab.service_level.handling_capacity` (handle time per message).

    Parameters
    ----------
    conversations : sequence, array or Series
        New conversations starting in each period, 0 or more (at most 10,000 periods).
    messages_per_conversation : float
        Mean customer messages per conversation, at least 1 (1 = a single message).
    minutes_between_messages : float
        Mean time between a customer's messages in a conversation, above 0.
    period_hours : float, default 1

    Examples
    --------
    100 conversations in one hour, 3 messages each on average, 20 minutes apart: 100 first
    messages and 200 follow-ups, of which about 74 land in the same hour and 80 in the next:

    >>> w = messaging_workload([100, 0, 0], messages_per_conversation=3,
    ...                        minutes_between_messages=20)
    >>> w.periods["messages"].round(1).tolist()
    [173.6, 79.9, 29.4]
    >>> round(w.after_end, 1)
    17.1
    """
    if isinstance(conversations, pd.Series):
        index = conversations.index
        values = conversations.to_numpy()
    else:
        index, values = None, conversations
    conv = np.atleast_1d(check_non_negative("conversations", values))
    if conv.ndim != 1 or conv.size == 0 or conv.size > 10_000:
        raise CxlabValueError("conversations must be a list of counts, one per period (1 to "
                              f"10,000 periods), got {describe(conversations)}")
    m = check_in_range("messages_per_conversation", messages_per_conversation, 1, 1000,
                       scalar=True)
    gap = check_positive("minutes_between_messages", minutes_between_messages, scalar=True)
    length = check_positive("period_hours", period_hours, scalar=True)
    x = length * 60 / (m * gap)  # decay of the follow-up stream over one period
    d = np.arange(conv.size)
    fade = -np.expm1(-x)  # 1 - exp(-x)
    kernel = np.where(d == 0, 1 - fade / x, fade**2 / x * np.exp(-x * np.maximum(d - 1, 0)))
    kernel = (m - 1) * kernel
    follow = np.convolve(conv, kernel)[: conv.size]
    after = float(conv.sum() * (m - 1) - follow.sum())
    periods = pd.DataFrame({"conversations": conv, "first_messages": conv,
                            "follow_up_messages": follow, "messages": conv + follow},
                           index=index)
    return MessagingWorkload(periods=periods, after_end=max(after, 0.0),
                             messages_per_conversation=m, minutes_between_messages=gap)
