"""Files taut writes: whole or not at all, never over an input.

Every file taut writes goes through :func:`whole_file`: the content goes to a temporary file
in the target's own folder, is flushed to disk, and only then replaces the target with one
``os.replace`` (atomic on POSIX and Windows within one file system, as in SQLite's atomic
commit). On any failure or interruption (``KeyboardInterrupt``, a signal turned into an
exception) the temporary file is removed and the target is untouched: a reader sees the old
file or the new one, never half of one.

Before any work starts, :func:`check_output` refuses a target that is one of the command's
own inputs (``taut outcomes taut.yaml -o events.csv``) and one that cannot be written (a
folder, a missing folder, a read-only folder), so a long run does not end in a failed write.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with whole_file(folder / "out.txt") as part:
...     _ = part.write_text("all of it", encoding="utf-8")
>>> (folder / "out.txt").read_text(encoding="utf-8"), sorted(p.name for p in folder.iterdir())
('all of it', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path

from taut.errors import OutputError, OverwriteError

STDOUT = "standard output"
"""The target named in messages about writing to standard output."""

PART_SUFFIX = ".taut-part"
"""Suffix of the temporary file a write goes to before it replaces its target."""


def output_error(error: OSError, *, target: str) -> OutputError:
    """An operating-system error while writing ``target``, as a message a person can act on.

    >>> output_error(OSError(errno.ENOSPC, "No space left on device"), target="out.csv").args[0]
    "Cannot write 'out.csv': the disk is full. Free some space or write elsewhere."
    """
    code = error.errno
    reasons = {
        errno.ENOSPC: "the disk is full. Free some space or write elsewhere.",
        errno.EDQUOT: "the disk quota is used up. Free some space or write elsewhere.",
        errno.EACCES: "permission denied. Write to a folder you can write to.",
        errno.EPERM: "permission denied. Write to a folder you can write to.",
        errno.EROFS: "the file system is read-only. Write somewhere else.",
        errno.ENOENT: "its folder does not exist. Create the folder first or write elsewhere.",
        errno.EISDIR: "it is a folder. Name a file inside it instead.",
        errno.ENOTDIR: "a part of the path is a file, not a folder.",
        errno.EPIPE: "the reader closed the pipe.",
        errno.EBADF: "it is closed.",
    }
    reason = reasons.get(code) if code is not None else None
    if reason is None:
        reason = f"{error.strerror or error}."
    where = target if target == STDOUT else f"'{target}'"
    return OutputError(f"Cannot write {where}: {reason}", target=target, errno=code)


def _same(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return one.resolve() == other.resolve()


def check_output(target: Path, *, inputs: Mapping[str, Path]) -> None:
    """Refuse ``target`` if it is an input or cannot be written; say why and what to do.

    Args:
        target: the file about to be written.
        inputs: what the command reads, by role, e.g. ``{"event log": Path("events.csv")}``.

    Raises:
        OverwriteError: ``target`` is one of ``inputs`` (the same file, by any path or link).
        OutputError: ``target`` is a folder, or its folder is missing, not a folder, or
            read-only.
    """
    for role, path in inputs.items():
        if (target.exists() or target.is_symlink()) and _same(target, path):
            raise OverwriteError(
                f"Refusing to write '{target}': it is the {role} this command reads "
                f"({path}). Write the output to another file.",
                target=str(target),
            )
    if target.is_dir():
        raise output_error(OSError(errno.EISDIR, "Is a directory"), target=str(target))
    folder = target.parent
    if not folder.exists():
        raise OutputError(
            f"Cannot write '{target}': the folder '{folder}' does not exist. "
            "Create it first or write elsewhere.",
            target=str(target),
            errno=errno.ENOENT,
        )
    if not folder.is_dir():
        raise OutputError(
            f"Cannot write '{target}': '{folder}' is a file, not a folder.",
            target=str(target),
            errno=errno.ENOTDIR,
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise output_error(OSError(errno.EACCES, "Permission denied"), target=str(target))


def check_project_folder(folder: Path, *, writes: tuple[str, ...], force: bool) -> None:
    """Refuse to write a project into ``folder`` over files already there, unless ``force``.

    Raises:
        OverwriteError: a file of ``writes`` already exists in ``folder`` and not ``force``.
        OutputError: ``folder`` is a file, or a file stands where a folder must be.
    """
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise OutputError(
                f"Cannot write into '{folder}': '{parent}' is a file, not a folder. "
                "Name a folder (it is created when missing).",
                target=str(folder),
                errno=errno.ENOTDIR,
            )
    present = [name for name in writes if (folder / name).exists()]
    if present and not force:
        names = ", ".join(present)
        raise OverwriteError(
            f"Refusing to write into '{folder}': it already holds {names}, which this would "
            "replace. Choose another --dir, or add --force to replace them.",
            target=str(folder),
        )


def _mode_for(target: Path) -> int:
    """The permission bits a new file would get (kept from the file it replaces, if any)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextlib.contextmanager
def whole_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one step.

    The temporary file sits in ``target``'s folder (so the rename stays on one file system)
    and is removed on any exception, ``KeyboardInterrupt`` and other ``BaseException``
    included; ``target`` is then untouched.

    Raises:
        OutputError: the temporary file cannot be made, written, flushed or renamed (the
            operating system's reason, in words).
    """
    # Named before it is made, so an interruption at any moment knows what to remove.
    part = target.parent / f".{target.name}.{secrets.token_hex(6)}{PART_SUFFIX}"
    try:
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield part
        descriptor = os.open(part, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        part.chmod(_mode_for(target))
        part.replace(target)
    except OSError as error:
        if error.errno != errno.EEXIST:  # a name taken by another run is not ours to remove
            part.unlink(missing_ok=True)
        raise output_error(error, target=str(target)) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
