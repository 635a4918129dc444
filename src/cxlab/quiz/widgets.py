"""The practice quiz: one card per question, instant feedback, a running score.

Imported only by notebooks (it needs ipywidgets). Without a widget front end (papermill,
a static viewer, a printout) the quiz shows as plain text: every question with its options
and how to answer, and ``bank.check(question_id, answer)`` checks an answer offline.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import ipywidgets as widgets

from .bank import Bank, load_bank
from .feedback import Feedback
from .questions import Question
from .sealing import SealedQuestion

__all__ = ["PracticeQuiz", "QuestionCard", "practice"]

_COLOURS = {True: "#1b7a3a", False: "#b3261e", None: "#6b6b6b"}


def _feedback_html(feedback: Feedback, tries: int) -> str:
    colour = _COLOURS[feedback.correct]
    label = {True: "✔", False: "✘", None: "•"}[feedback.correct]
    tries_note = f" <span style='color:#6b6b6b'>(try {tries})</span>" if tries else ""
    return (
        f"<div style='color:{colour}'><b>{label}</b> "
        f"{html.escape(feedback.message).replace(chr(10), '<br>')}{tries_note}</div>"
    )


class QuestionCard(widgets.VBox):
    """One question: its prompt, an input suited to its kind, a Check button, feedback."""

    def __init__(self, question: Question | SealedQuestion, number: int,
                 on_result=None) -> None:
        self.question = question
        self.number = number
        self.tries = 0
        self.best: Feedback | None = None
        self.bank_id = ""  # set by PracticeQuiz: practice scores are kept per bank
        self._on_result = on_result
        self.input = self._make_input()
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           layout=widgets.Layout(width="8em"))
        self.feedback = widgets.HTML(value="")
        self.check_button.on_click(lambda _button: self.submit())
        prompt = widgets.HTML(
            value=f"<b>Question {number}.</b> {_markdown_lite(question.prompt)}"
        )
        super().__init__(children=[prompt, self.input, self.check_button, self.feedback],
                         layout=widgets.Layout(border="1px solid #ddd", padding="8px",
                                               margin="0 0 8px 0"))
        self.add_class("cxlab-question")

    # -- inputs -----------------------------------------------------------------------------
    def _labels(self) -> list[tuple[str, str]]:
        q = self.question
        return [(f"{letter}) {text}", letter) for letter, text in zip(q.letters, q.options,
                                                                      strict=True)]

    def _make_input(self) -> widgets.Widget:
        kind = self.question.kind
        layout = widgets.Layout(width="auto")
        if kind == "single":
            return widgets.RadioButtons(options=self._labels(), value=None, layout=layout)
        if kind == "multiple":
            boxes = [widgets.Checkbox(value=False, description=label, indent=False,
                                      layout=layout) for label, _ in self._labels()]
            return widgets.VBox(children=boxes)
        if kind == "ordering":
            choices = [("(choose)", None), *self._labels()]
            drops = [widgets.Dropdown(options=choices, value=None, description=f"{i + 1}.",
                                      layout=widgets.Layout(width="40em"))
                     for i in range(len(self.question.options))]
            return widgets.VBox(children=drops)
        placeholder = "type a number" if kind == "numeric" else "type your answer"
        unit = self.question.unit
        return widgets.Text(value="", placeholder=placeholder,
                            description=f"({unit})" if unit else "",
                            layout=widgets.Layout(width="24em"))

    def answer(self) -> object:
        """The answer currently entered, in the form the question reads."""
        kind = self.question.kind
        if kind == "single":
            return self.input.value
        if kind == "multiple":
            chosen = [letter for box, (_, letter) in zip(self.input.children, self._labels(),
                                                        strict=True) if box.value]
            return chosen or None
        if kind == "ordering":
            picked = [d.value for d in self.input.children]
            return None if all(p is None for p in picked) else [p or "?" for p in picked]
        return self.input.value

    def submit(self) -> Feedback:
        """Check the current answer (what the Check button does)."""
        answer = self.answer()
        incomplete = isinstance(answer, list) and "?" in answer
        if incomplete:
            feedback = Feedback(False, 0.0, "Choose a step for every position first.")
        else:
            feedback = self.question.check(answer)
        readable = not incomplete and not feedback.message.startswith("Not read")
        if feedback.correct is not None and readable:
            self.tries += 1
            if self.best is None or feedback.score > self.best.score:
                self.best = feedback
        self.feedback.value = _feedback_html(feedback, self.tries)
        if readable and feedback.correct is not None and self.bank_id:
            from .. import progress  # the participant's own progress page shows it

            assert self.best is not None  # set above: this answer was readable and marked
            progress.note_practice(self.bank_id, self.question.id, self.best.score)
        if self._on_result is not None:
            self._on_result()
        return feedback


def _markdown_lite(text: str) -> str:
    """Escape, then turn **bold** into <b>; enough for question prompts."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text.strip()))


class PracticeQuiz(widgets.VBox):
    """A practice quiz over a bank: cards and a score summary.

    Its plain-text form (``repr``) lists every question, so static viewers and papermill
    outputs still show the quiz.
    """

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.summary = widgets.HTML(value="")
        self.cards = [QuestionCard(q, i, on_result=self._update)
                      for i, q in enumerate(bank.questions, start=1)]
        for card in self.cards:
            card.bank_id = bank.id
        title = widgets.HTML(value=f"<h3>{html.escape(bank.title)}</h3>")
        super().__init__(children=[title, *self.cards, self.summary])
        self.add_class("cxlab-quiz")
        self._update()

    def score(self) -> tuple[float, int, int]:
        """(points so far, questions answered right at the first try, questions)."""
        points = sum(card.best.score for card in self.cards if card.best is not None)
        first = sum(1 for card in self.cards
                    if card.best is not None and card.best.correct and card.tries == 1)
        return points, first, len(self.cards)

    def _update(self) -> None:
        points, first, total = self.score()
        tried = sum(1 for card in self.cards if card.tries)
        shown = f"{points:.1f}".removesuffix(".0")
        self.summary.value = (
            f"<b>Score: {shown} of {total}</b> &nbsp;·&nbsp; {tried} of {total} tried"
            f" &nbsp;·&nbsp; {first} right at the first try"
        )

    def __repr__(self) -> str:
        return self.bank.render_text() + (
            "\n\n(Open this notebook in JupyterLab for the interactive quiz, or check an answer "
            f'with load_bank("{self.bank.id}").check("question-id", answer).)'
        )

    def _repr_mimebundle_(self, **kwargs):
        # ipywidgets cuts the plain-text form at 110 characters; keep the whole quiz.
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = repr(self)
        return bundle


def practice(bank: Bank | str, ids: Iterable[str] | None = None) -> PracticeQuiz:
    """A practice quiz over ``bank`` (a shipped bank's name or a :class:`Bank`).

    ``ids`` picks and orders questions; all of them by default.
    """
    if isinstance(bank, str):
        bank = load_bank(bank)
    return PracticeQuiz(bank.select(list(ids) if ids is not None else None))
