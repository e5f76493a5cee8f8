"""Runs a real `geokg load` in this process, and at one named moment of the embedded write announces it on
stdout and waits, so that a test can SIGKILL the load exactly there.

Nothing in geokg knows about this: it wraps the calls the write makes (the file copy, the engine's
statements, the rename) from outside. Usage: python -m tests.crash_harness MOMENT GRAPH PATH...
"""

from __future__ import annotations

import os
import shutil
import sys
import time

import ladybug

MOMENTS = ("copied", "writing", "checkpointing", "checkpointed", "renaming", "renamed")


def announce(moment: str, wait: bool = True) -> None:
    print(moment, flush=True)
    if wait:
        time.sleep(120)


def arm(moment: str) -> None:
    real_copy, real_replace, real_execute = shutil.copyfile, os.replace, ladybug.Connection.execute
    copied = {"yes": False}

    def copyfile(*args, **kwargs):
        out = real_copy(*args, **kwargs)
        copied["yes"] = True
        if moment == "copied":
            announce(moment)
        return out

    def execute(self, query, *args, **kwargs):
        shadow_checkpoint = copied["yes"] and query == "CHECKPOINT"
        if shadow_checkpoint and moment == "checkpointing":
            announce(moment, wait=False)  # the test kills while the engine checkpoints
        out = real_execute(self, query, *args, **kwargs)
        if moment == "writing" and str(query).startswith("COPY Claim"):
            announce(moment)
        if shadow_checkpoint and moment == "checkpointed":
            announce(moment)
        return out

    def replace(source, target, *args, **kwargs):
        the_load = str(source).endswith(".loading")  # not the owner file, which is replaced at every open
        if the_load and moment == "renaming":
            announce(moment)
        out = real_replace(source, target, *args, **kwargs)
        if the_load and moment == "renamed":
            announce(moment)
        return out

    shutil.copyfile, os.replace, ladybug.Connection.execute = copyfile, replace, execute


if __name__ == "__main__":
    moment, graph, *paths = sys.argv[1:]
    if moment in MOMENTS:
        arm(moment)
    from geokg.cli import main

    main(["load", *paths, "--graph", graph])
