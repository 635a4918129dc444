"""Digital channels: chat with concurrency, messaging backlogs, and bots on the metric map.

**Chat with concurrency.** A chat agent can handle up to ``concurrency`` (``k``) chats at
once, but not at full speed: while they juggle chats, each one takes longer. cxlab's
slowdown model: an agent with ``j`` chats open handles each of them at the pace of
``aht_single_seconds x (1 + slowdown x (j - 1))``. ``slowdown = 0`` means chats never slow
each other (each is like a separate agent); ``slowdown = 1`` means the agent gains nothing
from concurrency (three chats at once each take three times as long). Real values reported
by chat teams sit in between, often around 0.2 to 0.5.

*The approximation* (:func:`chat_service_level`, :func:`chat_agents_required`, method
``"slots"``) treats ``N`` agents as ``N x k`` "slots" (seats in a queue) and every chat as
taking the stretched handle time ``aht_single_seconds x (1 + slowdown x (k - 1))``, then
applies Erlang C (module 01) to the slots. *The check* (:func:`simulate_chat`) plays the
real rule chat by chat: each new chat goes to an agent with the fewest chats (if one has
fewer than ``k``), otherwise waits first come, first served; every chat runs at the pace its
agent's current number of chats allows, and speeds up when the agent's other chats end.

Where the approximation is off, and why: whenever a chat waits, every agent is at ``k``
chats, so the approximation's waiting line behaves exactly like the real one. Below that
the real agents carry fewer than ``k`` chats, and chats run faster than the stretched time,
so agents free up sooner than Erlang C assumes. The approximation therefore **overstates
waiting: its service level is on the safe side** (too low, never too high). The gap is 0 at
``k = 1`` or ``slowdown = 0`` (then it is exact), and grows with concurrency and slowdown:
``tests/planning/test_channels.py`` measures it against the simulation, with the team sized
for 80 % in 30 s: about 4 points of service level at ``k = 2`` and slowdown 0.25, 6 to 8
points at ``k = 3`` and slowdown 0.25 to 0.5, 10 to 17 points with slowdown 1. Staffed from
it, a team of 16 at ``k = 3`` and slowdown 0.5 may be one or two agents larger than needed.

*A closer model* (method ``"balanced"``) follows the number of open chats ``n`` as a
birth-death chain, with the chats spread as evenly as possible over the agents (``n = q N +
r``: ``r`` agents with ``q + 1`` chats, the others with ``q``), each agent finishing chats at
``j / (1 + slowdown x (j - 1))`` per single-chat handle time when it has ``j`` open. A chat
waits when all ``N x k`` places are taken, and then waits exactly as in Erlang C. It is
exact for one agent and for ``slowdown = 0``; with more agents it is slightly optimistic,
because real routing only evens the agents out when chats arrive (within 2 points of the
simulation in the tests).

**Messaging** (web messaging, WhatsApp and the like) is a deferred channel with a twist: a
conversation is several customer messages, each needing a reply, and the customer takes
their time between them. :func:`messaging_workload` turns new conversations per hour into
customer messages per hour; the backlog and response times then come from
:func:`cxlab.service_level.backlog` (module 01.07), unchanged.

**Bots and self-service on the metric map** (module 02): a bot sits upstream of *first
contacts*. A conversation the bot really resolves never becomes a contact for an agent; one
it transfers is a first contact (often with a different handle time); and one the bot
reports as "contained" but that comes back through another channel is a *repeat contact*
(the customer's issue was not resolved, only delayed). :func:`bot_outcome` follows the
three flows and the agent time they need, and :func:`bot_costs` puts money on them with
:func:`cxlab.prioritisation.cost_per_contact`.
"""

from __future__ import annotations

from .bots import BotCosts, BotOutcome, bot_costs, bot_outcome
from .chat import (
    CHAT_METHODS,
    MAX_CONCURRENCY,
    MAX_SIMULATED_AGENTS,
    MAX_SIMULATED_CHATS,
    MAX_SLOTS,
    ChatSimulation,
    chat_agents_required,
    chat_concurrency_table,
    chat_handle_seconds,
    chat_service_level,
    simulate_chat,
)
from .messaging import MessagingWorkload, messaging_workload

__all__ = [
    "CHAT_METHODS",
    "MAX_CONCURRENCY",
    "MAX_SIMULATED_AGENTS",
    "MAX_SIMULATED_CHATS",
    "MAX_SLOTS",
    "BotCosts",
    "BotOutcome",
    "ChatSimulation",
    "MessagingWorkload",
    "bot_costs",
    "bot_outcome",
    "chat_agents_required",
    "chat_concurrency_table",
    "chat_handle_seconds",
    "chat_service_level",
    "messaging_workload",
    "simulate_chat",
]
