"""The screen itself, at 80x24 and 120x40, against SVG snapshots; the README's picture is
the 80x24 one, so it never drifts. After a deliberate change of the view, run the tests
with LEARNPATH_UPDATE_SNAPSHOTS=1 and look at the new pictures before committing them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from learnpath.core.status import Action, change
from learnpath.tui.app import BrowseApp

from ..conftest import REPO

SNAPSHOTS = Path(__file__).parent / "snapshots"
README_PICTURE = REPO / "docs" / "browse.svg"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.sqlite_only  # one picture: the backends are held alike elsewhere
async def test_the_screen_matches_its_snapshot(bundled, size):
    # Skipped steps carry no time, so the picture is the same on any day.
    change(bundled, ["1", "2"], Action.skip)
    async with BrowseApp(bundled, poll=0).run_test(size=size) as pilot:
        await pilot.press("j")
        await pilot.pause()
        svg = pilot.app.export_screenshot(title="learnpath browse")
    targets = [SNAPSHOTS / f"browse-{size[0]}x{size[1]}.svg"]
    if size == (80, 24):
        targets.append(README_PICTURE)
    for target in targets:
        if os.environ.get("LEARNPATH_UPDATE_SNAPSHOTS") == "1":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(svg, encoding="utf-8")
        assert target.read_text(encoding="utf-8") == svg, f"{target.name} differs"


def test_the_readme_lists_every_key_as_the_help_screen_does():
    from learnpath.tui.panes import KEYS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for key, what in KEYS:
        cells = " ".join(f"`{part}`" for part in key.split("  "))
        assert f"| {cells} | {what} |" in readme
