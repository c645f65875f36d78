"""`learnpath browse`: the app. Keys call the core functions the commands call, with the
same rules, events and errors; an error is a line in the view, never a traceback."""

from __future__ import annotations

from typing import ClassVar

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.widgets import Footer, Input, Static

from learnpath.core.browser import Launch, launch
from learnpath.core.notes import add_note, detail
from learnpath.core.paths import summaries
from learnpath.core.progress import report
from learnpath.core.search import hits
from learnpath.core.session import Session
from learnpath.core.status import change, open_step
from learnpath.core.steps import next_step, state, step, steps
from learnpath.core.sync import sync_stored
from learnpath.model import Action
from learnpath.text import ascii_url
from learnpath.tui import panes
from learnpath.tui.lines import MessageLine, PromptLine
from learnpath.tui.screens import HelpScreen, PathScreen
from learnpath.tui.steplist import StepList

# How often another process's changes are looked for: one indexed read each time.
POLL_S = 2.0
# Narrower than this, the details go below the list instead of beside it.
_SIDE_BY_SIDE = 90
_CSS = """
#header { height: 1; padding: 0 1; background: $panel; }
#body { layout: horizontal; height: 1fr; }
#body.narrow { layout: vertical; }
StepList { width: 3fr; height: 1fr; }
#detail-pane { width: 2fr; height: 1fr; padding: 0 1; border-left: solid $panel; }
#body.narrow StepList { width: 1fr; height: 3fr; }
#body.narrow #detail-pane { width: 1fr; height: 2fr; border-left: none; border-top: solid $panel; }
"""
# In the footer in this order: help and quit first, where the narrowest screen shows them.
_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "Help"),
    Binding("q", "quit", "Quit"),
    Binding("enter,o", "open", "Open"),
    Binding("d", "set('done')", "Done"),
    Binding("s", "set('skip')", "Skip"),
    Binding("t", "set('start')", "Start"),
    Binding("u", "set('undo')", "Todo"),
    Binding("n", "ask('note')", "Note"),
    Binding("slash", "ask('search')", "Search"),
    Binding("p", "paths", "Path"),
    Binding("r", "reload", "Reload"),
    Binding("escape", "escape", "Whole path", show=False),
]


class PathView(App[None]):
    """A path, full-screen: the list, the selected step, the header, kept up to date
    with changes made anywhere. BrowseApp adds the keys that change it."""

    TITLE = "learnpath"
    CSS = _CSS
    # Every action has its key (listed by ?); a palette would be a second way in.
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, session: Session, poll: float = POLL_S) -> None:
        super().__init__()
        self.session = session
        self._poll = poll
        self._state: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with Container(id="body"):
            yield StepList(id="steps")
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
        yield MessageLine(id="message")
        yield PromptLine()
        yield Footer()

    def on_mount(self) -> None:
        self.message.guard(lambda: self._read(first=True))
        self.steplist.focus()
        if self._poll > 0:
            self.set_interval(self._poll, self._look_for_changes)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#body").set_class(event.size.width < _SIDE_BY_SIDE, "narrow")
        self._header(event.size.width)

    @property
    def steplist(self) -> StepList:
        return self.query_one(StepList)

    @property
    def message(self) -> MessageLine:
        return self.query_one(MessageLine)

    def _read(self, first: bool = False) -> bool:
        """Read the path again, the cursor on the same step (at first, the next to do)."""
        keep = self.steplist.current.id if self.steplist.current else None
        self._state = state(self.session)
        every = list(steps(self.session))
        if first:
            found = next_step(self.session)
            keep = found.id if found is not None else None
        self.steplist.show(every, keep)
        self._header()
        return True

    def _refresh(self, step_id: str) -> bool:
        """Show one step as it is now, and the header with it."""
        self.steplist.put(step(self.session, step_id))
        self._header()
        self._state = state(self.session)
        return True

    def _header(self, width: int | None = None) -> None:
        found = self.message.guard(lambda: report(self.session))
        if found is not None:
            shown = panes.header(found, (width or self.size.width) - 2)
            self.query_one("#header", Static).update(shown)

    def on_step_list_selected(self, event: StepList.Selected) -> None:
        shown = event.step
        if shown is None:  # a search found nothing, or the path has no steps
            self.query_one("#detail", Static).update(panes.nothing(self.steplist.narrowed))
        elif (found := self.message.guard(lambda: detail(self.session, shown.id))) is not None:
            self.query_one("#detail", Static).update(panes.detail(found))

    def _look_for_changes(self) -> None:
        # A poll may still fire while the view closes, its widgets already gone: then
        # there is nothing to show a change in (seen as a NoMatches error in CI).
        if not self.query(MessageLine):
            return
        if self.message.guard(lambda: state(self.session)) not in (None, self._state):
            self.message.guard(self._read)

    def action_reload(self) -> None:
        if self.message.guard(self._read):
            self.message.say("Reloaded.")

    def action_help(self) -> None:
        self.push_screen(HelpScreen())


class BrowseApp(PathView):
    """The active path, full-screen, studied with single keys (panes.KEYS)."""

    BINDINGS: ClassVar[list[BindingType]] = _BINDINGS

    def action_set(self, name: str) -> None:
        current = self.steplist.current
        if current is None:
            return
        changes = self.message.guard(lambda: change(self.session, [current.id], Action(name)))
        if changes and self.message.guard(lambda: self._refresh(current.id)):
            self.message.say(panes.changed(changes[-1]))

    def action_open(self) -> None:
        current = self.steplist.current
        if current is None:
            return
        if self.message.guard(lambda: open_step(self.session, current.id, browser=False)):
            self.message.guard(lambda: self._refresh(current.id))
            self.message.say(f"Opening step {current.number}…")
            self._launch(current.number, ascii_url(current.url or ""))

    @work(thread=True, exclusive=True, group="browser")
    def _launch(self, number: int, address: str) -> None:
        # Starting a browser may take seconds to fail; the view goes on meanwhile.
        result = launch(address)
        self.call_from_thread(self._launched, number, address, result)

    def _launched(self, number: int, address: str, result: Launch) -> None:
        self.message.say(panes.opened(number, address, result.opened, result.reason))

    def action_ask(self, purpose: str) -> None:
        """Open the input line for a note on the current step, or for a search."""
        current, prompt = self.steplist.current, self.query_one(PromptLine)
        if purpose == "search":
            prompt.ask(purpose, "Search titles, descriptions, types and notes", current)
        elif current is not None:
            prompt.ask(purpose, f"Note for step {current.number} (Enter saves)", current)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.query_one(PromptLine).purpose == "search":
            self._narrow(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        prompt = self.query_one(PromptLine)
        target, purpose = prompt.step, prompt.close()  # the step the prompt named
        self.steplist.focus()
        if purpose == "note" and target is not None:
            if self.message.guard(lambda: add_note(self.session, target.id, event.value)):
                self.message.guard(lambda: self._refresh(target.id))
                self.message.say(f"Note added to step {target.number}.")
        elif purpose == "search" and self.steplist.narrowed:
            self.steplist.action_edge(0)

    def action_escape(self) -> None:
        prompt = self.query_one(PromptLine)
        before, purpose = prompt.step, prompt.close()
        self.steplist.focus()
        if purpose != "note" and self.steplist.narrowed:
            current = self.steplist.current or before
            self.steplist.only(None, current.id if current else None)
            self.message.say("")

    def _narrow(self, query: str) -> None:
        found = None
        if query.strip():
            found = self.message.guard(lambda: {h.step.id for h in hits(self.session, query)})
            if found is None:
                return
        self.steplist.only(found)
        shown = f"{len(found)} found; Enter goes to the first, Escape shows all." if found else ""
        self.message.say("" if found is None else shown or "Nothing found.")

    def action_paths(self) -> None:
        found = self.message.guard(lambda: summaries(self.session))
        if found is not None:
            self.push_screen(PathScreen(found, self.session.path), self._switch)

    def _switch(self, name: str | None) -> None:
        if not name or name == self.session.path:
            return

        def switch() -> None:
            sync_stored(self.session.db, name)  # as --path NAME does
            self.session = self.session.on(name)
            self._read(first=True)
            self.message.say(f"Now on the path {name!r}, for this run.")

        self.message.guard(switch)
