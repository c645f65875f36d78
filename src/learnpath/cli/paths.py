"""Paths, and the tools for authors: paths, add, use, remove, convert, check, schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from learnpath.cli.context import session, show
from learnpath.cli.options import JsonFlag, PathNameArg, YesFlag, complete_paths
from learnpath.config import BUNDLED_PATH


def paths(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the known paths and show which one is active."""
    from learnpath.core.paths import summaries

    with session(ctx, welcome=not as_json) as current:
        found = summaries(current)

        def view() -> None:
            from learnpath.render.paths import paths_table

            paths_table(found)

        show(as_json, lambda: [p.to_json() for p in found], view)


def add(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="A YAML path file or a markdown learning path: a file, or an http(s) URL "
            "(a GitHub page URL is read from its raw file).",
            metavar="SOURCE",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Name of the path (default: the file's stem).")
    ] = None,
    update: Annotated[
        bool,
        typer.Option("--update", help="Replace a path of that name, keeping progress by id."),
    ] = False,
) -> None:
    """Add a learning path from a YAML or markdown file, or from a URL.

    The file is validated and a copy is stored in the data directory, so the original
    may move or vanish; 'learnpath update' reads its source again. Switch to the new
    path with 'learnpath use NAME'.
    """
    from learnpath.core.follow import add_source
    from learnpath.render.paths import added

    with session(ctx) as current:
        added(add_source(current, source, name, update))


def update(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="The path to update (default: the active one).",
            metavar="NAME",
            show_default=False,
            autocompletion=complete_paths,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Update every path that was added from a source.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Read a path's source again and load what changed, keeping your progress.

    Shows each new, removed, retitled, changed or moved step with your status beside
    it. Progress follows a step by its id, else by its URL, else by its title.
    """
    from learnpath.core.follow import added_paths
    from learnpath.core.follow import update as update_path
    from learnpath.core.results import Updated
    from learnpath.errors import LearnpathError

    with session(ctx, welcome=False) as current:
        names = added_paths(current.db) if every else [name or current.path]
        results = []
        for one in names:
            try:
                results.append(update_path(current, one, dry_run))
            except LearnpathError as err:
                if not every:
                    raise
                results.append(Updated(one, "", changed=False, error=str(err)))

        def view() -> None:
            from learnpath.render.paths import updates

            updates(results)

        show(as_json, lambda: [r.to_json() for r in results], view)
    if any(r.error for r in results):
        raise typer.Exit(1)


def use(ctx: typer.Context, name: PathNameArg) -> None:
    """Make a path the active one for every later call."""
    from learnpath.core.paths import use as use_path
    from learnpath.render.console import message

    with session(ctx) as current:
        use_path(current, name)
        message(f"Now on path {name!r}.")


def remove(
    ctx: typer.Context,
    name: PathNameArg,
    yes: YesFlag = False,
    force: Annotated[
        bool, typer.Option("--force", help="Remove it even while other learners use it.")
    ] = False,
) -> None:
    """Remove an added path (the bundled one stays).

    Progress on it is kept in the database: adding the same path again brings it back.
    """
    from learnpath.core.paths import check_removable
    from learnpath.core.paths import remove as remove_path
    from learnpath.render.console import message

    with session(ctx) as current:
        check_removable(current, name, force)
        if not yes:
            typer.confirm(f"Remove the path {name!r}?", abort=True, err=True)
        was_active = current.path == name
        remove_path(current, name, force=force)
        message(f"Removed the path {name!r}; its progress is kept.")
        if was_active:
            message(f"The active path is now {BUNDLED_PATH!r}.")


def convert(
    file: Annotated[
        Path,
        typer.Argument(help="A markdown learning path.", metavar="FILE.md", show_default=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the YAML here instead.", metavar="FILE.yaml"),
    ] = None,
) -> None:
    """Print the YAML that 'learnpath add' would store for a path file."""
    from learnpath.pathfile.load import load_path
    from learnpath.pathfile.yamlfile import to_yaml

    text = to_yaml(load_path(file))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise typer.BadParameter(f"cannot write {output}: {err.strerror}") from None
    from learnpath.render.console import message

    message(f"Wrote {output}.")


def check(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A YAML or markdown path file (with --links: the active path if none).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    links: Annotated[bool, typer.Option("--links", help="Check every step's URL instead.")] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Links checked at a time.")
    ] = 8,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, max=30, help="Seconds per request.")
    ] = 10.0,
    as_json: JsonFlag = False,
) -> None:
    """Check a path file; list every problem as FILE:LINE:COLUMN: what is wrong.

    With --links, check every step's URL (HEAD, then GET): ok, redirected, broken (404,
    410), unknown (another 4xx or 5xx) or unreachable; exit 1 when any is broken. For
    the active path the results are kept: 'list' marks a broken link, 'show' says more.
    """
    from learnpath.errors import PathFileError
    from learnpath.pathfile.load import load_path
    from learnpath.render.paths import check_ok, problems

    if links:
        _check_links(ctx, file, concurrency, timeout, as_json)
        return
    if file is None:
        raise typer.BadParameter("give the path file to check (or --links)", param_hint="FILE")
    try:
        definition = load_path(file)
    except PathFileError as err:
        problems(err.problems or [str(err)])
        raise typer.Exit(1) from None
    check_ok(
        file,
        definition.title,
        len(definition.sections),
        len(definition.steps()),
        definition.warnings,
    )


def _check_links(
    ctx: typer.Context, file: Path | None, concurrency: int, timeout: float, as_json: bool
) -> None:
    from learnpath.core.links import check_file, check_path

    if file is not None:
        found = check_file(file, concurrency, timeout)
    else:
        with session(ctx, welcome=False) as current:
            found = check_path(current, concurrency, timeout)

    def view() -> None:
        from learnpath.render.steps import links_table

        links_table(found)

    show(as_json, lambda: [item.to_json() for item in found], view)
    if any(item.status == "broken" for item in found):
        raise typer.Exit(1)


def schema() -> None:
    """Print the JSON Schema of the YAML path format, for editors and validators."""
    from learnpath.pathfile.schema import json_schema
    from learnpath.render.jsonout import write_json

    write_json(json_schema())
