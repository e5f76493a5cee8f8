"""Opening the files a load reads, so that nothing in a claims folder reaches outside it.

A `text_file` is written by whoever wrote the CSV, so it is held to the folder of that CSV: no absolute
path, no `..`, no link that leads out, and only a regular file of bounded size (a path such as
/dev/zero or a named pipe would otherwise hang the load or exhaust memory). Every refusal is a
`Refused` carrying one line for the user; nothing here raises anything else for a bad path.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

MAX_TEXT_FILE_BYTES = 10_000_000  # 10 MB: a long article is well under 1 MB


class Refused(Exception):
    """A file that will not be read, and why, in words for the user."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, at most `limit` of them; devices, pipes and folders are refused unread.

    O_NONBLOCK keeps the open of a named pipe from waiting for a writer; the checks run on the open
    descriptor, so the file cannot be swapped between the check and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Refused("no such file") from None
    except (OSError, ValueError) as e:  # ValueError: a NUL in the path
        raise Refused(f"cannot be read: {getattr(e, 'strerror', None) or e}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused("is not a regular file (a folder, a device or a pipe)")
    if limit is not None and info.st_size > limit:
        os.close(fd)
        raise Refused(f"is {_mb(info.st_size)}; a text file may be at most {_mb(limit)}")
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read() if limit is None else f.read(limit + 1)
        except OSError as e:
            raise Refused(f"cannot be read: {e.strerror}") from None
    if limit is not None and len(data) > limit:  # it grew after the check
        raise Refused(f"is over {_mb(limit)}; a text file may be at most {_mb(limit)}")
    return data


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading in binary, to stream a file too large to read whole; refused as
    read_regular refuses."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Refused("no such file") from None
    except (OSError, ValueError) as e:
        raise Refused(f"cannot be read: {getattr(e, 'strerror', None) or e}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Refused("is not a regular file (a folder, a device or a pipe)")
    return os.fdopen(fd, "rb")


def inside(folder: Path, relative: str) -> Path:
    """The file `relative` names under `folder`, refused unless it stays inside it (links resolved)."""
    if "\0" in relative:
        raise Refused("contains a NUL character")
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute():
        raise Refused("is an absolute path; give a path relative to the folder of this CSV")
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        raise Refused("goes up out of the folder of this CSV ('..'); the text must be inside that folder")
    try:
        root = folder.resolve()
        target = (folder / relative).resolve()
    except (OSError, RuntimeError) as e:  # RuntimeError: a symlink loop
        raise Refused(f"cannot be followed: {e}") from None
    if not target.is_relative_to(root):
        raise Refused("is a link to a file outside the folder of this CSV")
    return target


def read_text_file(csv_path: Path, relative: str, limit: int = MAX_TEXT_FILE_BYTES) -> bytes:
    """The bytes of a source's text_file, held to the folder of its CSV and to `limit`."""
    return read_regular(inside(csv_path.parent, relative), limit)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"
