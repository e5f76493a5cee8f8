"""What a long load is doing, on stderr: a bar on a terminal, plain lines otherwise (a log, CI).

Nothing shows for a load that ends within DELAY_S: most loads are short, and their report says it all.
A ticker keeps the elapsed time moving through a long step (planning a million claims takes ~40 s).
"""

from __future__ import annotations

import threading
import time
from typing import TextIO

DELAY_S = 1.0
TICK_S = 0.5


class LoadProgress:
    """Called with each step's name as a load reaches it (loaders.plan.load's `progress`)."""

    def __init__(self, stream: TextIO, steps: int, terminal: bool | None = None):
        self.stream, self.steps = stream, steps
        self.terminal = stream.isatty() if terminal is None else terminal
        self.started = time.monotonic()
        self.done = 0
        self.step = ""
        self.shown: str | None = None  # the last step written as a plain line
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> LoadProgress:
        self._ticker.start()
        return self

    def __exit__(self, failed, *_exc) -> None:
        self._stop.set()
        self._ticker.join()
        with self._lock:
            if self.shown is not None:  # a failed load's own message follows: this line must not say "done"
                ended = "stopped after" if failed else "done in"
                self._write(f"{ended} {time.monotonic() - self.started:.1f} s", final=True)

    def __call__(self, step: str) -> None:
        with self._lock:
            if self.step:
                self.done += 1
            self.step = step
            self._show()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_S):
            with self._lock:
                self._show()

    def _show(self) -> None:
        elapsed = time.monotonic() - self.started
        if not self.step or elapsed < DELAY_S:
            return
        if self.terminal:
            filled = round(20 * self.done / self.steps)
            self._write(f"[{'#' * filled}{'-' * (20 - filled)}] {self.step} ({elapsed:.0f} s)")
        elif self.shown != self.step:
            self._write(f"{self.step} ({elapsed:.1f} s)")
        self.shown = self.step

    def _write(self, text: str, final: bool = False) -> None:
        # Written as is: click.echo would strip the escape that clears the line when it is not sure of a terminal.
        if self.terminal:  # one line, redrawn in place
            self.stream.write(f"\r\033[K{text}" + ("\n" if final else ""))
        else:
            self.stream.write(f"load: {text}\n")
        self.stream.flush()
