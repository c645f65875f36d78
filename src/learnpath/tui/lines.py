"""The two lines under the list: what just happened (or went wrong), and the input
line a note or a search is typed into."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual.widgets import Input, Static

from learnpath.errors import LearnpathError
from learnpath.model import StepView
from learnpath.render.console import text

T = TypeVar("T")


class MessageLine(Static):
    """One message at a time; an error in the error colour, as `Error: ...`."""

    DEFAULT_CSS = """
    MessageLine { height: auto; max-height: 5; padding: 0 1; }
    MessageLine.error { color: $error; }
    """

    def say(self, line: str | Text, error: bool = False) -> None:
        self.set_class(error, "error")
        self.update(line if isinstance(line, Text) else text(line))

    def guard(self, work: Callable[[], T]) -> T | None:
        """``work()``; or, when it fails as a learner's mistake or the data's can make
        it fail, None with the error said here: never a traceback in the view."""
        try:
            return work()
        except LearnpathError as err:
            self.say(f"Error: {err}", error=True)
            return None


class PromptLine(Input):
    """The input line, shown only while a note or a search is typed."""

    DEFAULT_CSS = """
    PromptLine, PromptLine:focus { display: none; border: none; height: 1; padding: 0 1; }
    PromptLine.shown { display: block; }
    """

    purpose = ""  # "note", "search", or "" while hidden
    step: StepView | None = None  # the step a note is for; where a search began

    def ask(self, purpose: str, placeholder: str, step: StepView | None) -> None:
        self.purpose, self.step = purpose, step
        self.value = ""
        self.placeholder = placeholder
        self.add_class("shown")
        self.focus()

    def close(self) -> str:
        """Hide the line; what it was for."""
        purpose, self.purpose = self.purpose, ""
        self.remove_class("shown")
        return purpose
