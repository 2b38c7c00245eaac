"""taut.files: whole or not at all, never over an input, errors a person can act on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from taut.errors import ExitCode, OutputError, OverwriteError
from taut.files import PART_SUFFIX, check_output, check_project_folder, whole_file


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_finished_write_replaces_the_target_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with whole_file(target) as part:
        assert part.parent == tmp_path
        assert part.name.endswith(PART_SUFFIX)
        part.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # not before the end
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert _names(tmp_path) == ["out.csv"]


def test_a_new_file_gets_the_umask_mode_not_the_temporary_files(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with whole_file(tmp_path / "out.csv") as part:
            part.write_text("x", encoding="utf-8")
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("stop", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, stop: BaseException
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def half_written() -> None:
        with whole_file(target) as part:
            part.write_text("half", encoding="utf-8")
            raise stop

    with pytest.raises(type(stop)):
        half_written()
    assert target.read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == ["out.csv"]


def test_a_full_disk_is_an_output_error_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught, whole_file(tmp_path / "out.csv") as part:
        part.write_text("x", encoding="utf-8")
    assert caught.value.exit_code == ExitCode.OUTPUT
    assert caught.value.errno == errno.ENOSPC
    assert "the disk is full" in str(caught.value)
    assert _names(tmp_path) == []


def test_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"), whole_file(tmp_path / "no" / "x"):
        pass


@pytest.mark.parametrize("how", ["same path", "other spelling", "symlink", "hard link"])
def test_the_commands_own_input_is_refused(tmp_path: Path, how: str) -> None:
    log = tmp_path / "events.csv"
    log.write_text("a,b\n", encoding="utf-8")
    target = {
        "same path": log,
        "other spelling": tmp_path / "." / "events.csv",
        "symlink": tmp_path / "link.csv",
        "hard link": tmp_path / "hard.csv",
    }[how]
    if how == "symlink":
        target.symlink_to(log)
    if how == "hard link":
        target.hardlink_to(log)
    with pytest.raises(OverwriteError) as caught:
        check_output(target, inputs={"event log": log})
    assert caught.value.exit_code == ExitCode.USAGE
    assert "event log this command reads" in str(caught.value)


def test_other_files_pass_and_unwritable_targets_are_named(tmp_path: Path) -> None:
    log = tmp_path / "events.csv"
    log.write_text("a,b\n", encoding="utf-8")
    check_output(tmp_path / "out.csv", inputs={"event log": log})
    with pytest.raises(OutputError, match="it is a folder"):
        check_output(tmp_path, inputs={"event log": log})
    with pytest.raises(OutputError, match="does not exist"):
        check_output(tmp_path / "missing" / "out.csv", inputs={"event log": log})
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_output(log / "out.csv", inputs={"event log": log})


def test_a_project_folder_is_kept_unless_forced(tmp_path: Path) -> None:
    writes = ("taut.yaml", "events.csv")
    check_project_folder(tmp_path / "new", writes=writes, force=False)
    (tmp_path / "taut.yaml").write_text("x", encoding="utf-8")
    with pytest.raises(OverwriteError, match="--force"):
        check_project_folder(tmp_path, writes=writes, force=False)
    check_project_folder(tmp_path, writes=writes, force=True)
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_project_folder(tmp_path / "taut.yaml", writes=writes, force=True)
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_project_folder(tmp_path / "taut.yaml" / "sub", writes=writes, force=True)
