"""Arguments and options that several commands share, with their help and completion."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from learnpath.errors import LearnpathError
from learnpath.text import safe

# Shell completion (see README): candidates come from the learner's own database. A
# completion must never fail loudly, so any error just means no candidates.
_COMPLETIONS_MAX = 200


def complete_steps(incomplete: str) -> list[tuple[str, str]]:
    from learnpath.core.session import open_session
    from learnpath.core.steps import steps

    try:
        with open_session(path=os.environ.get("LEARNPATH_PATH") or None) as current:
            found = []
            for step in steps(current):
                for key in (str(step.number), step.id):
                    if key.startswith(incomplete):
                        found.append((key, safe(step.title)))
                if len(found) >= _COMPLETIONS_MAX:
                    break
            return found
    except LearnpathError:
        return []


def complete_paths(incomplete: str) -> list[tuple[str, str]]:
    from learnpath.core.paths import summaries
    from learnpath.core.session import open_session

    try:
        with open_session() as current:
            return [
                (p.name, safe(p.title)) for p in summaries(current) if p.name.startswith(incomplete)
            ]
    except LearnpathError:
        return []


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (see README) instead.")]
YesFlag = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
AllPathsFlag = Annotated[
    bool, typer.Option("--all-paths", help="Every path, not only the active one.")
]
StepArg = Annotated[
    str,
    typer.Argument(
        help="Step number (1..N) or step id.",
        metavar="STEP",
        show_default=False,
        autocompletion=complete_steps,
    ),
]
StepsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Step numbers (3), ranges (4-6) or ids.",
        metavar="STEP...",
        show_default=False,
        autocompletion=complete_steps,
    ),
]
SectionOption = Annotated[
    str | None,
    typer.Option(
        "--section",
        "-s",
        help="Every step of the sections whose title contains TEXT (as list --section).",
        metavar="TEXT",
    ),
]
PathNameArg = Annotated[
    str,
    typer.Argument(
        help="A path's name, as 'learnpath paths' lists it.",
        metavar="NAME",
        show_default=False,
        autocompletion=complete_paths,
    ),
]
