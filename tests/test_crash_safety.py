"""A load killed at any moment leaves the embedded graph as it was or fully loaded, and loading again
completes. Real loads in real subprocesses, killed with SIGKILL at each moment of the write (the copy,
mid-transaction, during and after the checkpoint, around the rename) and at times spread over a load."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from loaders.plan import load
from loaders.synthetic import write_corpus
from seeds import BUNDLED
from tests.crash_harness import MOMENTS

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A graph holding the seeds (before), an input to load on top, and the export of both (after)."""
    base = tmp_path_factory.mktemp("crash")
    # few claims: each commit into a relation table that already holds rows costs ~0.1 s, however few
    corpus = write_corpus(base / "corpus", 30, seed=11)
    before_graph = base / "before" / "graph.lbdb"
    with EmbeddedStore(before_graph) as store:
        load([BUNDLED], store)
        before = store.export()
    with EmbeddedStore(base / "after" / "graph.lbdb") as store:
        load([BUNDLED], store)
        load([corpus], store)
        after = store.export()
    return {"base": base, "corpus": corpus, "graph": before_graph, "before": before, "after": after}


def fresh_copy(scene, name: str) -> Path:
    target = scene["base"] / name / "graph.lbdb"
    target.parent.mkdir()
    shutil.copyfile(scene["graph"], target)
    return target


def start(graph: Path, corpus: Path, moment: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.crash_harness", moment, str(graph), str(corpus)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def killed_load(graph: Path, corpus: Path, moment: str, after_s: float = 0.0) -> bool:
    """Starts a real load; SIGKILLs it at `moment` (or after_s seconds). Whether it was killed before it ended."""
    process = start(graph, corpus, moment)
    if moment in MOMENTS:
        for line in process.stdout:
            if line.strip() == moment:
                break
    else:
        time.sleep(after_s)
    alive = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return alive


def check_then_finish(scene, graph: Path) -> str:
    with EmbeddedStore(graph) as store:
        state = store.export()
        assert state in (scene["before"], scene["after"]), "a killed load left the graph half-written"
        load([scene["corpus"]], store)  # loading again completes
        assert store.export() == scene["after"]
        assert load([scene["corpus"]], store).report.counts == {"inputs": {"already loaded": 1}}
    return "before" if state == scene["before"] else "after"


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_load_killed_at_each_moment_of_its_write(scene, moment):
    graph = fresh_copy(scene, moment)
    assert killed_load(graph, scene["corpus"], moment), f"the load ended before {moment}"
    outcome = check_then_finish(scene, graph)
    assert outcome == ("after" if moment == "renamed" else "before")


def test_loads_killed_at_times_spread_over_a_load(scene):
    started = time.monotonic()
    start(fresh_copy(scene, "timed-whole"), scene["corpus"], "never").wait(timeout=300)  # one load, here, now
    duration = time.monotonic() - started
    for n, fraction in enumerate((0.5, 0.8, 0.95)):
        graph = fresh_copy(scene, f"timed-{n}")
        killed_load(graph, scene["corpus"], "never", after_s=duration * fraction)
        check_then_finish(scene, graph)


def test_what_a_load_killed_in_its_checkpoint_leaves_beside_its_copy_is_dropped(scene):
    """Seen after kills during the copy's checkpoint: the engine's files for it, which it would replay into the
    next load's copy (a 'duplicated primary key' there). Opening the graph for writing drops them all."""
    graph = fresh_copy(scene, "leftovers")
    names = ["graph.lbdb.loading", "graph.lbdb.loading.wal", "graph.lbdb.loading.shadow",
             "graph.lbdb.loading.wal.checkpoint", "graph.lbdb.loading.checkpoint.apply.lock",
             "graph.lbdb.loading.checkpoint.intent.lock"]
    for name in names:
        shutil.copyfile(scene["graph"], graph.parent / name)  # any bytes: they must not be read
    check_then_finish(scene, graph)
    assert not [name for name in names if (graph.parent / name).exists()]
