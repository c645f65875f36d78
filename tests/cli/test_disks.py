"""Disks that refuse writes (issue 12): a read-only one still answers every read, a
full one refuses writes with one line, and neither ever shows a traceback.

Each case mounts a small tmpfs in a mount namespace of its own, copies a data directory
there, makes it read-only or fills it, and runs the real console script inside: the
disk is real, and nothing outside the namespace sees it.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import console_script, script_env


def _on_read_only_disk(data: Path, commands: list[list[str]], tmp: Path) -> list[dict]:
    """Run each command with a read-only copy of ``data`` as the data directory."""
    mount = shlex.quote(str(tmp / "ro"))
    return _on_disk([f"mount -o remount,ro {mount}"], data, commands, tmp)


def _on_full_disk(data: Path, commands: list[list[str]], tmp: Path) -> list[dict]:
    """Run each command with a copy of ``data`` on a disk with no space left."""
    filler = shlex.quote(str(tmp / "ro" / "filler"))
    fill = f"dd if=/dev/zero of={filler} bs=64k 2>/dev/null || true"
    return _on_disk([fill], data, commands, tmp)


def _on_disk(prepare: list[str], data: Path, commands: list[list[str]], tmp: Path) -> list[dict]:
    """Run each command with a copy of ``data`` on a small tmpfs, after ``prepare``;
    their exit codes and output, as the script inside the namespace reported them."""
    mount = tmp / "ro"
    mount.mkdir()
    lines = [
        "set -e",
        f"mount -t tmpfs -o size=8m tmpfs {shlex.quote(str(mount))}",
        f"cp -a {shlex.quote(str(data))} {shlex.quote(str(mount / 'data'))}",
        *prepare,
        "set +e",
    ]
    for n, args in enumerate(commands):
        out = shlex.quote(str(tmp / f"out{n}"))
        line = shlex.join([console_script(), *args])
        lines.append(f"{line} >{out}.stdout 2>{out}.stderr; echo $? >{out}.code")
    env = script_env(mount / "data")
    done = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", "\n".join(lines)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        pytest.skip(f"no mount namespace for a read-only disk here: {done.stderr.strip()}")
    return [
        {
            "code": int((tmp / f"out{n}.code").read_text()),
            "stdout": (tmp / f"out{n}.stdout").read_text(),
            "stderr": (tmp / f"out{n}.stderr").read_text(),
        }
        for n in range(len(commands))
    ]


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_reads_work_and_writes_are_refused_on_a_read_only_disk(cli, data_dir, tmp_path):
    assert cli("done", "1", "2").returncode == 0
    assert cli("note", "2", "gelesen").returncode == 0
    export = tmp_path / "export.json"
    reads = [
        ["list"],
        ["progress"],
        ["show", "2"],
        ["next"],
        ["log"],
        ["paths"],
        ["search", "illustrated"],
        ["list", "--json"],
        ["export", "-o", str(export)],
        [],
    ]
    writes = [["done", "3"], ["note", "3", "x"], ["reset", "--yes"]]
    results = _on_read_only_disk(data_dir, reads + writes, tmp_path)
    for args, result in zip(reads, results, strict=False):
        assert result["code"] == 0, (args, result["stderr"])
        assert "Traceback" not in result["stderr"]
    assert [s["status"] for s in json.loads(results[7]["stdout"])][:3] == ["done", "done", "todo"]
    assert json.loads(export.read_text())["format"] == "learnpath-backup"
    for args, result in zip(writes, results[len(reads) :], strict=True):
        assert result["code"] == 1, args
        assert result["stderr"].startswith("Error: ") and "read-only" in result["stderr"], args
        assert result["stderr"].count("\n") == 1


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_copy_from_a_database_on_a_read_only_disk(cli, data_dir, tmp_path):
    assert cli("done", "4").returncode == 0
    target = tmp_path / "copy.db"
    mount_db = tmp_path / "ro" / "data" / "learnpath.db"
    (result,) = _on_read_only_disk(data_dir, [["copy", "--from", str(mount_db)]], tmp_path)
    # Inside the namespace the data directory is the read-only one itself; copying from
    # it into itself changes nothing, and must not try to write it.
    assert result["code"] == 0, result["stderr"]
    assert not target.exists()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_a_full_disk_gives_one_line_for_every_write(cli, data_dir, tmp_path):
    assert cli("done", "1").returncode == 0
    on_disk = tmp_path / "ro"
    writes = [
        ["done", "2"],
        ["note", "2", "x" * 100_000],
        ["reset", "--yes"],
        ["export", "-o", str(on_disk / "export.json")],
    ]
    results = _on_full_disk(data_dir, [*writes, ["list", "--json"]], tmp_path)
    for args, result in zip(writes, results, strict=False):
        assert result["code"] == 1, (args, result)
        assert result["stderr"].startswith("Error: "), (args, result["stderr"])
        assert result["stderr"].count("\n") == 1 and "Traceback" not in result["stderr"]
    assert "no space left" in results[2]["stderr"] and "no space left" in results[3]["stderr"]
    # Nothing was half written: the one done step is still the only one.
    statuses = [s["status"] for s in json.loads(results[-1]["stdout"])]
    assert statuses[:3] == ["done", "todo", "todo"]


def test_a_device_is_written_to_not_replaced(cli):
    result = cli("export", "-o", "/dev/full")
    assert result.returncode == 1
    assert result.stderr == "Error: no space left on the device for /dev/full; free some space\n"
    assert Path("/dev/full").is_char_device()
