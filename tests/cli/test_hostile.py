"""Hostile and broken path files, through every door: add, check, convert, the bundled file."""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import pytest

from learnpath.pathfile.files import MAX_FILE_BYTES
from learnpath.pathfile.yamlfile import parse_yaml_path

from ..conftest import BUNDLED

# Rich markup, an emoji code, ANSI (ESC and the one-byte CSI), an OSC 8 hyperlink, BEL,
# a bidirectional override: each would change what the terminal shows if interpreted.
HOSTILE = r"""
title: "[red]x[/red] :smile: \e[2J\u009b31m"
description: "\e]8;;https://evil.example\e\\click\e]8;;\e\\ \u0007bell"
sections:
  - title: "[bold]Teil[/bold] \u202eenil"
    steps:
      - id: evil
        title: "[red]x[/red]"
        type: "\e[5mblink"
        url: https://example.org/a
        description: "[link=file:///etc/passwd]hier[/link] \e[8mhidden"
"""

CONTROL = ("\x1b", "\x9b", "\x07", "\u202e")


def _hostile_file(tmp_path: Path) -> Path:
    file = tmp_path / "evil.yaml"
    file.write_text(HOSTILE, encoding="utf-8")
    return file


def _clean(output: str) -> None:
    for ch in CONTROL:
        assert ch not in output, f"{ch!r} reached the terminal"


def test_hostile_text_is_shown_literally_everywhere(run, tmp_path):
    file = _hostile_file(tmp_path)
    checked = run("check", str(file))
    assert checked.exit_code == 0, checked.stderr
    assert "[red]x[/red] :smile:" in checked.stdout
    _clean(checked.stdout)

    converted = run("convert", str(file))
    assert converted.exit_code == 0
    _clean(converted.stdout)
    assert parse_yaml_path(converted.stdout).sections[0].steps[0].title == "[red]x[/red]"

    assert run("add", str(file)).exit_code == 0
    outputs = [
        run("--path", "evil", *args)
        for args in (["list"], ["show", "evil"], ["info"], ["next"], ["progress"], ["paths"])
    ]
    for result in outputs:
        assert result.exit_code == 0, result.stderr
        _clean(result.stdout + result.stderr)
    listing, shown, info = (r.stdout for r in outputs[:3])
    assert "[red]x[/red]" in listing
    assert "[red]x[/red]" in shown and "[link=file:///etc/passwd]hier[/link]" in shown
    assert "[bold]Teil[/bold]" in listing and ":smile:" in info and "1 step." in info
    data = json.loads(run("--path", "evil", "show", "evil", "--json").stdout)
    assert data["title"] == "[red]x[/red]" and data["type"] == "[5mblink"


def test_a_file_name_with_control_characters_is_not_echoed_raw(run, tmp_path):
    file = tmp_path / "na\x1b[2Jme.yaml"
    file.write_text(HOSTILE, encoding="utf-8")
    for args in (["check", str(file)], ["check", str(tmp_path / "mis\x1b[2Jsing.yaml")]):
        result = run(*args)
        _clean(result.stdout + result.stderr)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://h/x", ""]
)
def test_non_web_urls_are_refused_by_add(run, tmp_path, url, data_dir):
    file = tmp_path / "bad.yaml"
    file.write_text(
        f'title: T\nsections:\n  - title: S\n    steps:\n      - title: A\n        url: "{url}"\n',
        encoding="utf-8",
    )
    result = run("add", str(file))
    assert result.exit_code == 1
    assert "bad.yaml:6:14:" in result.stderr and "http" in result.stderr
    assert not (data_dir / "paths" / "bad.yaml").exists()


def _bomb(levels: int = 30) -> str:
    lines = ["title: bomb", 'l0: &l0 [{title: "lol"}]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    lines.append(f"sections: [{{title: s, steps: *l{levels - 1}}}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", ["check", "add", "convert"])
def test_alias_bomb_is_refused_quickly_without_memory(run, tmp_path, command):
    file = tmp_path / "bomb.yaml"
    file.write_text(_bomb(), encoding="utf-8")  # 10**29 steps if expanded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.monotonic()
    result = run(command, str(file))
    assert time.monotonic() - began < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB
    assert result.exit_code == 1
    assert "bomb.yaml:3:10: YAML aliases" in result.stdout + result.stderr


def test_aliases_of_plain_text_are_harmless_and_allowed():
    path = parse_yaml_path(
        "title: &t Kurs\nsections:\n  - title: *t\n    steps:\n      - title: *t\n"
    )
    assert path.sections[0].steps[0].title == "Kurs"


def test_oversized_file_is_refused_before_reading(run, tmp_path):
    file = tmp_path / "huge.yaml"
    with file.open("wb") as handle:  # sparse: no disk is used, but the size is real
        handle.truncate(MAX_FILE_BYTES + 1)
    for command in ("check", "add"):
        result = run(command, str(file))
        assert result.exit_code == 1
        assert "may be at most 64 MiB" in result.stdout + result.stderr


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("suffix", [".yaml", ".md"])
def test_random_bytes_give_a_clear_error(run, tmp_path, seed, suffix):
    file = tmp_path / f"noise{suffix}"
    file.write_bytes(os.urandom(2048) if seed else b"\x00" * 64)
    for command in ("check", "add"):
        result = run(command, str(file))
        assert result.exit_code == 1
        output = result.stdout + result.stderr
        assert f"noise{suffix}" in output and "Traceback" not in output


def test_every_problem_is_reported_with_its_line(run, tmp_path):
    file = tmp_path / "broken.yaml"
    file.write_text(
        "title: T\n"
        "sections:\n"
        "  - title: S\n"
        "    steps:\n"
        "      - id: a\n"
        "        title: A\n"
        "        minutes: zehn\n"
        "      - id: a\n"
        "        title: B\n"
        "      - url: https://example.org\n",
        encoding="utf-8",
    )
    result = run("check", str(file))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{file}:7:18: ") and "minutes" in line for line in lines)
    assert any(line.startswith(f"{file}:10:9: ") and "title" in line for line in lines)


def test_duplicate_ids_each_reported(run, tmp_path):
    file = tmp_path / "dupes.yaml"
    steps = "".join(f"      - id: same\n        title: T{i}\n" for i in range(3))
    file.write_text(f"title: T\nsections:\n  - title: S\n    steps:\n{steps}", encoding="utf-8")
    result = run("check", str(file))
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "duplicate step id" in line] == [
        f"{file}:7:13: duplicate step id 'same'; every step id must be unique",
        f"{file}:9:13: duplicate step id 'same'; every step id must be unique",
    ]


def test_a_hostile_bundled_file_is_shown_literally(run, tmp_path, monkeypatch):
    from learnpath.core import session as session_mod

    file = _hostile_file(tmp_path)
    monkeypatch.setattr(session_mod, "bundled_path_file", lambda: file)
    result = run("list")
    assert result.exit_code == 0, result.stderr
    assert "[red]x[/red]" in result.stdout
    _clean(result.stdout)
    assert BUNDLED.exists()  # the real bundled file is left alone
