"""The screens `browse` opens over the path: its keys, and the choice of another path."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from learnpath.core.results import PathSummary
from learnpath.render.console import text
from learnpath.tui.panes import keys_table

_MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 72; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; padding: 0 1; background: $surface;
}}
{name} Static {{ width: 100%; height: auto; }}
{name} OptionList {{ height: auto; max-height: 16; }}
"""


class HelpScreen(ModalScreen[None]):
    """Every key, over the path; any of Escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = _MODAL_CSS.format(name="HelpScreen")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(text("learnpath browse: keys", "bold"))
            yield Static(keys_table())
            yield Static(
                text("The mouse works too: click a step, scroll, click a key below.", "dim")
            )


class PathScreen(ModalScreen[str | None]):
    """The learner's paths; Enter switches to one for this run (as --path does)."""

    BINDINGS = [Binding("escape,q", "dismiss", "Cancel")]
    DEFAULT_CSS = _MODAL_CSS.format(name="PathScreen")

    def __init__(self, paths: list[PathSummary], current: str) -> None:
        super().__init__()
        self._paths = paths
        self._current = current

    def compose(self) -> ComposeResult:
        options = []
        for p in self._paths:
            label = text(p.name, "bold")
            label.append_text(text(f"  {p.title}  {p.handled}/{p.steps}", "dim"))
            options.append(Option(label, id=p.name))
        with Vertical():
            yield Static(text("Switch to the path (Enter), or Escape", "bold"))
            yield OptionList(*options)

    def on_mount(self) -> None:
        found = self.query_one(OptionList)
        names = [p.name for p in self._paths]
        if self._current in names:
            found.highlighted = names.index(self._current)
        found.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
