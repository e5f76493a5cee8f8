"""`geokg bench-browser` on the seeds: every action is measured and the tables come out.

Shapes and measured-ness only: speed goals live in docs/benchmarks.md, never in a timed test.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from geokg.cli import main
from tests.browser_support import BROWSER

pytestmark = BROWSER


def test_bench_browser_measures_every_action_on_the_seeds(tmp_path):
    tables, numbers = tmp_path / "tables.md", tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["bench-browser", "--graph", "seeds", "--elements", "60", "--max-steps", "2",
                                       "--workdir", str(tmp_path), "--output", str(tables), "--json", str(numbers)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert tables.read_text(encoding="utf-8") == result.output
    assert "| open the start view |" in result.output and "| drag a node |" in result.output

    (graph,) = json.loads(numbers.read_text(encoding="utf-8"))["graphs"]
    actions = {row["action"].split(" (")[0]: row for row in graph["actions"]}
    assert graph["graph"] == "seeds" and graph["entities"] > 0
    assert {"open the start view", "expand the hub", "drag a node"} <= set(actions)
    assert any(a.startswith("untick kind ") for a in actions)

    opened = actions["open the start view"]
    assert opened["nodes"] > 0 and opened["edges"] > 0 and opened["busiest_pair_edges"] >= 1
    assert opened["drawn_ms"] > 0 and opened["worst_frame_ms"] > 0 and opened["longest_task_ms"] >= 0
    for row in graph["actions"]:
        assert row["callbacks"] == len(row["callback_log"]), row["action"]
        assert all(c["outputs"] and c["server_ms"] > 0 for c in row["callback_log"])
    # a busy machine can swallow a synthetic double-click (the row then says so); the page's own opening and a
    # filter change always reach the server
    for row in [opened, *(a for name, a in actions.items() if name.startswith("untick kind "))]:
        assert row["callbacks"] > 0 and row["slowest_callback_ms"] > 0, row["action"]
        assert row["request_bytes"] > 0 and row["response_bytes"] > 0
    grown = [r for r in graph["actions"] if r["action"].startswith(("press More", "expand a neighbour"))]
    assert grown and grown[0]["moved_max_px"] is not None

    drag = actions["drag a node"]
    assert drag["frames"] > 0 and drag["worst_frame_ms"] > 0 and drag["dragged_px"] is not None
    assert drag["moved_max_px"] is not None
