"""Generate the sample data of module 06, part 2 (lessons 06.04 and 06.06). Maintainers only.

Two files, both drawn from seeded random generators so they can be rebuilt and explained::

    python tools/datagen/organisation_part2.py           # rewrite the files in src/cxlab/data/
    python tools/datagen/organisation_part2.py --check   # exit 1 if a shipped file differs

``customer_comments.csv`` (lesson 06.04, the customer's voice in every team)
---------------------------------------------------------------------------
360 things customers of Northwave (the sample broadband provider) said outside the survey
between 5 January and 29 March 2026, the same twelve weeks as ``survey_responses``: complaint
e-mails, web chats, social media posts, app reviews and notes from empathy sessions. Columns:
``comment_id`` (C001...), ``date``, ``source``, ``touchpoint`` (T01-T27 of the sample journey,
including the touchpoints the survey never asks about, such as the advert, the price-rise
letter and the outage text), ``tone`` (``pain`` or ``praise``, as logged by whoever received
it) and ``comment``.

Comments are written from a bank of short stories per touchpoint (two to four sentences, in
the customer's words); 70% are pain, 30% praise. **Personal data is planted on purpose**, as
it arrives in real comments: 40% of comments carry one or two of a full name after "my name
is", a title and surname ("Mrs Okafor"), a sign-off with a name ("Regards, Tom"), an e-mail
address (on the reserved ``example.com/.org/.net`` domains), a UK phone number (from Ofcom's
ranges reserved for drama: 07700 900xxx and 020 7946 0xxx) or an account number (``NW`` and
8 digits, or "account number" and 8 digits). Three comments name a person with no cue a
pattern can see (``"my husband Gareth Hughes"``): the redaction rule of
:func:`cxlab.organisation.redact` misses them, which the lesson uses to show why a person
reads a story before it is told. Numbers that are not personal (``500 Mb``, ``£12``, times,
dates) are common, so a rule that removes too much shows too.

``survey_profiles.csv`` (lesson 06.06, personas)
------------------------------------------------
One row per ``survey_responses`` respondent (2,000): the profile questions of the survey and
the account facts linked to the response. Columns: ``respondent_id``, ``age_band`` (18-34,
35-54, 55+), ``household`` (living alone, couple, family with children, sharing),
``works_from_home`` (yes/no), ``preferred_channel`` (app, chat, phone), ``package_mbps``
(150, 500, 900), ``tenure_months``, ``contacts_last_90_days`` and ``monthly_bill_gbp``.

**Trainers only: the planted structure the learners are asked to find.** Each respondent
belongs to one of four hidden groups, drawn from the touchpoint of the response and nudged by
the themes of its comment (a comment about slow evenings or Wi-Fi makes group A five times as
likely, a loyalty penalty group B, a no-show group C, an easy app group D):

* **A, heavy home users**: work from home (90%), fast packages, families and shared homes,
  35-54, 3 contacts in 90 days; they meet slow evenings, Wi-Fi and fault calls.
* **B, long-standing customers**: tenure 3-10 years, 55+ (80%), living alone or as a couple,
  the 150 Mb package, prefer the phone (85%), bills raised by yearly price rises; the renewal
  call.
* **C, new customers getting set up**: tenure 0-2 months (the sales, ordering, installation
  and onboarding touchpoints), 18-34 (70%), couples and sharers, app or chat.
* **D, digital self-servers**: prefer the app (90%), few contacts (0.3 in 90 days), the app
  touchpoints; they score highest.

Tenure follows the touchpoint first (a response about ordering or the installation visit is
from a customer of 0-2 months, one about the first bill 1-2 months, one about renewal at a
contract end of 12, 18 or 24 months unless the customer is long-standing), then the group.
The monthly bill is the package price (£28, £38, £52) plus £3 a year of price rises after the
first two years, plus a TV bundle (£10) for a quarter of customers, plus pennies of noise.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "src" / "cxlab" / "data"

#: Seeds of the shipped files.
COMMENTS_SEED = 61
PROFILES_SEED = 62

COMMENTS_COLUMNS = ("comment_id", "date", "source", "touchpoint", "tone", "comment")
PROFILES_COLUMNS = ("respondent_id", "age_band", "household", "works_from_home",
                    "preferred_channel", "package_mbps", "tenure_months",
                    "contacts_last_90_days", "monthly_bill_gbp")

_START = pd.Timestamp("2026-01-05")
_DAYS = 84
_N_COMMENTS = 360

# ------------------------------------------------------------------- customer comments

# Touchpoint -> (sources it arrives through, pain stories, praise stories). Each story is
# written for this kit; {pii} marks where a customer might add personal details.
_STORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "T01": (("social media",),
            ("Your advert says £25 a month in huge letters. The router fee and the rise after a "
             "year are in tiny print at the bottom. That is not honest.",
             "Saw the TV advert three times tonight and it still does not say what I would pay "
             "after the first 12 months."),
            ("Nice to see an advert that tells you the speed you actually get.",)),
    "T02": (("social media", "complaint e-mail"),
            ("The checker promised up to 500 Mb at my address. I get 180 on a good day and "
             "nobody warned me the line could not do more.",
             "Your speed checker told me one thing and the engineer told me another. Which one "
             "am I paying for?"),
            ("The speed checker was spot on. It said 480 Mb and that is what I get.",)),
    "T03": (("social media",),
            ("Every review I read mentions missed installations. I signed up anyway and now I "
             "know why.",),
            ("Friends recommended you and they were right. Best switch I have made.",)),
    "T04": (("web chat", "social media"),
            ("Twelve packages that all look the same and I still could not find how long the "
             "contract was. I gave up and rang.",
             "Comparing your deals is a puzzle. Where are the contract terms?"),
            ("The package comparison page made the choice easy. Three options and the price "
             "for the whole contract.",)),
    "T05": (("web chat",),
            ("Waited 25 minutes on the sales chat at 8 pm just to ask if you cover my street. "
             "By then I had ordered elsewhere in another tab.",
             "The chat kept timing out while I was waiting. Three tries to ask one question."),
            ("The chat adviser answered in two minutes and checked my address while I waited.",
             )),
    "T06": (("complaint e-mail", "empathy session"),
            ("I only wanted broadband. The sales person spent ten minutes on the TV bundle and "
             "made me feel stupid for saying no.",
             "Called to ask about speeds and got a hard sell for a phone line I do not need."),
            ("The sales adviser listened to what I do at home and talked me out of the most "
             "expensive package. I will remember that.",)),
    "T07": (("complaint e-mail", "app review", "web chat"),
            ("The order form asked for my address twice and then lost everything when I went "
             "back a page. Twenty minutes to order.",
             "The first installation date was three weeks away. Nobody told me that before I "
             "paid."),
            ("Ordered on my phone on the bus. Took five minutes.",)),
    "T08": (("complaint e-mail",),
            ("The confirmation e-mail says nothing about what happens on installation day or "
             "what my first bill will be.",),
            ("The order confirmation told me exactly what happens next and when. Clear and "
             "calm.",)),
    "T09": (("complaint e-mail", "social media"),
            ("The router was left with a neighbour I have never met and nobody told me. Found "
             "it two days later by chance.",
             "Courier left the router on the doorstep in the rain."),
            ("Router arrived the next day with a note saying exactly what to do. Perfect.",)),
    "T10": (("complaint e-mail", "empathy session"),
            ("The reminder text said 8 am to 12 noon. Four hours. I asked for an arrival time "
             "and the reply was that they do not do times.",),
            ("Loved the text on the morning of the visit with the engineer's name and a 30 "
             "minute window.",)),
    "T11": (("complaint e-mail", "social media", "empathy session"),
            ("I took a day off work and waited in from 8 until 6. The engineer never came and "
             "nobody called. I lost a day's pay for nothing.",
             "Second missed appointment in a row. My children have no internet for homework "
             "and I am out of holiday days.",
             "The engineer turned up at 4 pm for an 8 am slot and left the cable across the "
             "hallway floor."),
            ("The engineer was on time, tidy and showed me how to get the best Wi-Fi in every "
             "room. Brilliant.",
             "Our engineer explained everything and even moved the router so the signal reaches "
             "the kitchen.")),
    "T12": (("complaint e-mail", "web chat"),
            ("Rang to rebook the missed visit and held for 50 minutes. The agent could not see "
             "the engineer's diary so she could not even tell me why.",
             "Three calls to rebook one appointment. Each time I explained it all again."),
            ("The lady who rebooked my visit apologised properly and called me back the same "
             "afternoon with a firm time.",)),
    "T13": (("web chat", "app review"),
            ("The Wi-Fi does not reach upstairs. I work in the back bedroom and drop off every "
             "video call.",
             "Went live on Monday but the router settings confused me and there was no help in "
             "the box."),
            ("Plugged it in and it worked first time. 500 Mb in the living room.",)),
    "T14": (("complaint e-mail",),
            ("The welcome e-mail asks for an account number to log in to the app. I have no "
             "idea where to find it.",),
            ("The welcome e-mail was short and had everything I needed on one screen.",)),
    "T15": (("app review",),
            ("The app would not let me register without an account number from a letter I "
             "never got.",
             "App crashes every time I try to change the Wi-Fi password."),
            ("The app is great. Set up my Wi-Fi name and password in a minute.",
             "Clean simple app. Everything in two taps.")),
    "T16": (("app review", "social media", "empathy session"),
            ("Every evening from 7 to 11 the speed drops to almost nothing. I pay for 500 Mb "
             "and get 20 when I need it.",
             "Fine in the day. Useless at night. The kids cannot stream and I cannot work late.",
             "The speed test in the app says 30 Mb at 9 pm. Three months of this."),
            ("Speed test shows 900 Mb even at peak time. Worth every penny.",)),
    "T17": (("social media", "complaint e-mail"),
            ("No text about the outage. I spent an hour restarting the router before I found "
             "out from a neighbour that the whole street was down.",),
            ("Got a text about the outage within ten minutes and another when it was fixed. "
             "That is how to do it.",)),
    "T18": (("social media",),
            ("The status page said all services normal while half the town was offline.",),
            ("The status page showed the fault and a fix time that turned out to be right.",)),
    "T19": (("complaint e-mail", "web chat", "empathy session"),
            ("My first bill was £61 when I was told £38. Part-month charges and a router fee "
             "nobody mentioned. I feel tricked.",
             "I cannot work out my first bill. Three different dates and two charges for the "
             "same month.",
             "The first bill was almost double what the sales person promised."),
            ("First bill was exactly what I was told, with a note explaining the part month. "
             "Thank you.",)),
    "T20": (("app review",),
            ("Paying in the app failed twice and took the money once. Now I am not sure what I "
             "owe.",),
            ("Paying in the app takes 30 seconds. I love that I can see every bill.",
             "Bills in the app are clear and I get a reminder before the payment goes out.")),
    "T21": (("complaint e-mail", "social media"),
            ("The price rise letter is a wall of small print. I had to ask my son to explain "
             "what I will pay from April.",
             "Another price rise and not one word of explanation in plain English."),
            ("The price change letter was clear: old price, new price, and why. I appreciated "
             "that.",)),
    "T22": (("complaint e-mail", "web chat", "empathy session"),
            ("Called about a fault. 45 minutes on hold then transferred and I had to explain "
             "everything again from the start.",
             "I was passed to three teams about the same fault. Nobody owned it.",
             "On hold for an hour at lunchtime. I work from home and lost my whole break."),
            ("The agent on the fault line stayed with me until the line was working. She even "
             "called back the next day to check.",
             "Fault fixed in one call by someone who clearly knew the network.")),
    "T23": (("web chat",),
            ("The chat agent said billing disputes are phone only and gave me a number to "
             "ring. Why have a chat then?",),
            ("The chat adviser sorted my bill query in five minutes and emailed a summary.",)),
    "T24": (("complaint e-mail", "empathy session"),
            ("The repair engineer had no idea what the fault was. I had to tell the whole "
             "story for the fourth time.",),
            ("The repair engineer knew the history of my fault before he arrived and fixed it "
             "in 20 minutes.",)),
    "T25": (("complaint e-mail", "social media"),
            ("My contract-end letter offers me a price higher than new customers pay for the "
             "same package. Eight years with you.",),
            ("The contract-end notice laid out my options clearly and offered a fair price.",)),
    "T26": (("complaint e-mail", "empathy session"),
            ("I only got a fair price after saying I would leave. Why should I have to "
             "threaten you after nine years?",
             "Spent 40 minutes haggling to keep my price. Exhausting."),
            ("The retention adviser offered me the new customer price straight away without "
             "any haggling. I am staying.",)),
    "T27": (("social media",),
            ("Would not recommend until the evenings are fixed.",),
            ("Recommended Northwave to my sister and she signed up the same week.",
             "Told everyone at work to switch. Fast and no nonsense.")),
}

_SOURCES = ("complaint e-mail", "web chat", "social media", "app review", "empathy session")
_FIRST = ("Sarah", "Tom", "Aisha", "David", "Megan", "Raj", "Grace", "Liam", "Chloe", "Omar",
          "Hannah", "Kwame", "Beth", "Ewan", "Fatima", "Joe")
_LAST = ("Jenkins", "Baker", "Okafor", "Patel", "Murray", "Evans", "Campbell", "Nowak",
         "Fletcher", "Ahmed", "Doyle", "Price", "Turner", "Kaur", "Walsh", "Reid")
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr")
_DOMAINS = ("example.com", "example.org", "example.net")
_SIGN_OFFS = ("Regards", "Kind regards", "Thanks", "Thank you", "Cheers", "Best wishes")
# Named people a pattern cannot see (no title, introduction or sign-off): the rule misses them.
_HIDDEN_NAMES = (
    ("T11", "My husband Gareth Hughes waited in all day as well and he is furious."),
    ("T22", "Please tell Colin Marsh in your complaints team that I am still waiting."),
    ("T19", "My neighbour Judith Cole had the same surprise on her first bill."),
)


def _phone(rng: np.random.Generator) -> str:
    tail = int(rng.integers(0, 1000))
    style = int(rng.integers(0, 3))
    if style == 0:
        return f"07700 900{tail:03d}"
    if style == 1:
        return f"+44 7700 900{tail:03d}"
    return f"020 7946 0{tail:03d}"


def _account(rng: np.random.Generator) -> str:
    digits = f"{int(rng.integers(10_000_000, 100_000_000))}"
    return f"NW{digits}" if rng.random() < 0.6 else f"account number {digits}"


def _personal(rng: np.random.Generator) -> tuple[str, str]:
    """(text before the story, text after it) carrying one or two pieces of personal data."""
    first, last = str(rng.choice(_FIRST)), str(rng.choice(_LAST))
    kinds = rng.choice(["intro", "title", "sign-off", "e-mail", "phone", "account"],
                       size=1 + int(rng.random() < 0.35), replace=False)
    before, after, last_line = [], [], []
    for kind in kinds.tolist():
        if kind == "intro":
            before.append(f"My name is {first} {last}.")
        elif kind == "title":
            before.append(f"This is {rng.choice(_TITLES)} {last} writing.")
        elif kind == "sign-off":
            name = first if rng.random() < 0.5 else f"{first} {last}"
            last_line.append(f"{rng.choice(_SIGN_OFFS)}, {name}")  # a sign-off ends it
        elif kind == "e-mail":
            domain = rng.choice(_DOMAINS)
            after.append(f"Reply to {first.lower()}.{last.lower()}@{domain} please.")
        elif kind == "phone":
            after.append(f"Call me on {_phone(rng)}.")
        else:
            after.append(f"My account is {_account(rng)}.")
    return " ".join(before), " ".join(after + last_line)


def build_customer_comments(seed: int = COMMENTS_SEED) -> pd.DataFrame:
    """The ``customer_comments`` data set (see the module docstring)."""
    rng = np.random.default_rng([seed, 601])
    touchpoints = list(_STORIES)
    # Heavier where customers complain most (installation, first bill, faults, evenings).
    weights = np.array([3 if t in {"T11", "T12", "T16", "T19", "T22", "T26"} else
                        2 if t in {"T07", "T13", "T15", "T21", "T25"} else 1
                        for t in touchpoints], dtype=float)
    rows = []
    for _ in range(_N_COMMENTS):
        touchpoint = touchpoints[int(rng.choice(len(touchpoints), p=weights / weights.sum()))]
        sources, pains, praises = _STORIES[touchpoint]
        tone = "pain" if rng.random() < 0.7 else "praise"
        story = str(rng.choice(pains if tone == "pain" else praises))
        source = str(rng.choice(sources))
        if tone == "praise" and source == "complaint e-mail":
            source = "social media"
        text = story
        if rng.random() < 0.4:
            before, after = _personal(rng)
            text = " ".join(part for part in (before, story, after) if part)
        rows.append({"date": _START + pd.Timedelta(days=int(rng.integers(0, _DAYS))),
                     "source": source, "touchpoint": touchpoint, "tone": tone,
                     "comment": text})
    # Three comments name someone with no cue a pattern can see (see the docstring).
    for k, (touchpoint, sentence) in enumerate(_HIDDEN_NAMES):
        pains = _STORIES[touchpoint][1]
        rows[40 + 100 * k] = {**rows[40 + 100 * k], "touchpoint": touchpoint, "tone": "pain",
                              "source": "complaint e-mail",
                              "comment": f"{pains[0]} {sentence}"}
    frame = pd.DataFrame(rows).sort_values(["date", "touchpoint"], kind="stable")
    frame.insert(0, "comment_id", [f"C{n:03d}" for n in range(1, len(frame) + 1)])
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return frame[list(COMMENTS_COLUMNS)].reset_index(drop=True)


# ------------------------------------------------------------------- survey profiles

_GROUPS = ("A", "B", "C", "D")
_NEW = {"T05", "T06", "T07", "T11", "T12", "T13", "T15", "T19"}
# Touchpoint family -> chance of each hidden group (A, B, C, D).
_GROUP_CHANCE = {
    "new": (0.2, 0.1, 0.55, 0.15),
    "network": (0.5, 0.2, 0.1, 0.2),  # T16, T22, T24
    "app": (0.2, 0.2, 0.1, 0.5),  # T20, T23
    "renewal": (0.2, 0.6, 0.05, 0.15),  # T26
}
# Comment theme -> the group it makes three times as likely.
_THEME_GROUP = {"slow evening speeds": "A", "wi-fi coverage": "A", "loyalty penalty": "B",
                "installation no-show": "C", "easy app": "D"}
_ATTRIBUTES = {
    #               A                        B                      C                    D
    "works_from_home": ((0.9,), (0.1,), (0.35,), (0.3,)),
    "package_mbps": ((0.05, 0.45, 0.5), (0.8, 0.18, 0.02), (0.35, 0.5, 0.15),
                     (0.3, 0.45, 0.25)),
    "household": ((0.05, 0.15, 0.5, 0.3), (0.5, 0.45, 0.05, 0.0), (0.2, 0.45, 0.05, 0.3),
                  (0.3, 0.3, 0.2, 0.2)),
    "age_band": ((0.25, 0.65, 0.1), (0.02, 0.18, 0.8), (0.7, 0.25, 0.05), (0.5, 0.4, 0.1)),
    "preferred_channel": ((0.3, 0.4, 0.3), (0.05, 0.1, 0.85), (0.45, 0.4, 0.15),
                          (0.9, 0.08, 0.02)),
}
_HOUSEHOLDS = ("living alone", "couple", "family with children", "sharing")
_AGES = ("18-34", "35-54", "55+")
_CHANNELS = ("app", "chat", "phone")
_PACKAGES = (150, 500, 900)
_PRICE = {150: 28.0, 500: 38.0, 900: 52.0}
_CONTACTS = {"A": 3.0, "B": 1.2, "C": 2.0, "D": 0.3}


def _family(touchpoint: str) -> str:
    if touchpoint in _NEW:
        return "new"
    if touchpoint in {"T20", "T23"}:
        return "app"
    if touchpoint == "T26":
        return "renewal"
    return "network"


def _tenure(rng: np.random.Generator, touchpoint: str, group: str) -> int:
    if touchpoint == "T19":
        return int(rng.integers(1, 3))
    if touchpoint in _NEW:
        return int(rng.integers(0, 3))
    if group == "B":
        return int(rng.integers(36, 121))
    if touchpoint == "T26":
        return int(rng.choice([12, 18, 24]))
    if group == "C":
        return int(rng.integers(2, 13))
    return int(rng.integers(6, 61 if group == "D" else 49))


def build_survey_profiles(seed: int = PROFILES_SEED) -> pd.DataFrame:
    """The ``survey_profiles`` data set (see the module docstring)."""
    from cxlab import data, voc

    rng = np.random.default_rng([seed, 602])
    responses = data.load("survey_responses")
    tags = voc.tag_themes(responses["comment"])
    rows = []
    for i, response in enumerate(responses.itertuples(index=False)):
        chance = np.array(_GROUP_CHANCE[_family(response.touchpoint)])
        for theme, group in _THEME_GROUP.items():
            if tags[theme].iloc[i]:
                chance[_GROUPS.index(group)] *= 5
        g = int(rng.choice(4, p=chance / chance.sum()))
        group = _GROUPS[g]
        package = _PACKAGES[int(rng.choice(3, p=_ATTRIBUTES["package_mbps"][g]))]
        tenure = _tenure(rng, response.touchpoint, group)
        bill = (_PRICE[package] + 3.0 * max(0, (tenure - 24) // 12)
                + (10.0 if rng.random() < 0.25 else 0.0) + float(rng.integers(0, 100)) / 100)
        rows.append({
            "respondent_id": response.respondent_id,
            "age_band": _AGES[int(rng.choice(3, p=_ATTRIBUTES["age_band"][g]))],
            "household": _HOUSEHOLDS[int(rng.choice(4, p=_ATTRIBUTES["household"][g]))],
            "works_from_home": "yes" if rng.random() < _ATTRIBUTES["works_from_home"][g][0]
            else "no",
            "preferred_channel": _CHANNELS[int(rng.choice(
                3, p=_ATTRIBUTES["preferred_channel"][g]))],
            "package_mbps": package,
            "tenure_months": tenure,
            "contacts_last_90_days": int(rng.poisson(_CONTACTS[group])),
            "monthly_bill_gbp": f"{bill:.2f}",
        })
    return pd.DataFrame(rows, columns=list(PROFILES_COLUMNS))


# ------------------------------------------------------------------- writing and checking

BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "customer_comments.csv": build_customer_comments,
    "survey_profiles.csv": build_survey_profiles,
}


def render(frame: pd.DataFrame) -> str:
    """CSV text, the same byte for byte on every machine: ``\\n`` line ends, minimal quoting."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([str(value) for value in row])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` say which shipped file differs from a rebuild."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _cli import run

    return run(BUILDERS, render, data_dir=DATA_DIR, script="organisation_part2.py",
               description=__doc__.splitlines()[0], argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
