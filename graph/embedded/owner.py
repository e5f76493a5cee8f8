"""Who holds an embedded graph: a small file beside it that names the geokg command and PID that opened it
read-write, so a second process refused by the engine's lock can say who to stop instead of quoting the lock."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

LOCK_PID = re.compile(r"Lock is held by PID (\d+)")


def owner_file(graph: Path) -> Path:
    return graph.with_name(graph.name + ".owner.json")


def record(graph: Path) -> None:
    """Written when this process opens the graph read-write; replaced atomically."""
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv and sys.argv[0] else "python"
    target = owner_file(graph)
    temporary = target.with_name(target.name + f".{os.getpid()}")
    temporary.write_text(json.dumps({"pid": os.getpid(), "command": command[:200],
                                     "since": dt.datetime.now().isoformat(timespec="seconds")}), encoding="utf-8")
    os.replace(temporary, target)


def forget(graph: Path) -> None:
    target = owner_file(graph)
    try:
        if json.loads(target.read_text(encoding="utf-8")).get("pid") == os.getpid():
            target.unlink()
    except (OSError, ValueError):
        pass


def holder(graph: Path, engine_message: str) -> str:
    """'`geokg serve` (PID 1234)' from the owner file when it names the PID holding the engine's lock,
    else 'another process (PID 1234)'."""
    locked = LOCK_PID.search(engine_message)
    pid = int(locked.group(1)) if locked else None
    try:
        owner = json.loads(owner_file(graph).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        owner = {}
    if pid is not None and owner.get("pid") == pid:
        return f"`{owner.get('command', 'geokg')}` (PID {pid})"
    return f"another process (PID {pid})" if pid is not None else "another process"


def is_lock_error(engine_message: str) -> bool:
    return "Could not set lock" in engine_message
