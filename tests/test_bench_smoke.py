"""The benchmarks' smoke run (``python -m bench --smoke``) works, so the harness cannot rot.

The figures at smoke sizes mean nothing; this only checks that all five benchmarks run end to
end and print their row. The results go to a temporary folder, never to bench/RESULTS.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"


def test_bench_smoke_runs_all_five_benchmarks(tmp_path: Path) -> None:
    before = RESULTS.read_bytes() if RESULTS.exists() else None
    written = tmp_path / "RESULTS.md"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--results", str(written)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    rows = re.findall(r"^(B[1-5])\s+\S.*\s(met|MISSED)$", finished.stdout, flags=re.MULTILINE)
    assert [key for key, _verdict in rows] == ["B1", "B2", "B3", "B4", "B5"], finished.stdout
    assert (RESULTS.read_bytes() if RESULTS.exists() else None) == before
    assert "## B5" in written.read_text(encoding="utf-8")
