"""``python -m bench [--smoke] [--only B1,B3] [--results PATH]``: run the benchmarks.

Prints one row per benchmark and writes the results as Markdown: ``bench/RESULTS.md`` for a
full run of all five (the committed figures), a file in a temporary folder otherwise (the smoke
run never touches the committed results). Exits 1 if a benchmark could not run; a missed target
is a finding, reported in the table, not an error.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench import b1_throughput, b2_burst, b3_history, b4_scheduler, b5_startup
from bench.report import Machine, Result, failed, markdown, table
from bench.sizes import FULL, SMOKE, Sizes

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
Benchmark = Callable[[Sizes, Path], Awaitable[Result]]
BENCHMARKS: dict[str, tuple[str, Benchmark]] = {
    "B1": (b1_throughput.TITLE, b1_throughput.run),
    "B2": (b2_burst.TITLE, b2_burst.run),
    "B3": (b3_history.TITLE, b3_history.run),
    "B4": (b4_scheduler.TITLE, b4_scheduler.run),
    "B5": (b5_startup.TITLE, b5_startup.run),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (CI), a few seconds each")
    parser.add_argument("--only", default="", help="comma-separated benchmarks, e.g. B1,B3")
    parser.add_argument("--results", type=Path, help="where to write the Markdown results")
    parser.add_argument("--keep", action="store_true", help="keep the databases and bot logs")
    return parser


async def run_all(keys: list[str], sizes: Sizes, workdir: Path) -> list[Result]:
    """Run the benchmarks one after another (never two at once: they would share the CPUs)."""
    results = []
    for key in keys:
        title, benchmark = BENCHMARKS[key]
        print(f"{key} {title} ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        folder = workdir / key.lower()
        folder.mkdir()
        try:
            result = await benchmark(sizes, folder)
        except Exception as error:  # report it in the table, go on with the others
            logging.getLogger("bench").exception("%s failed", key)
            result = failed(key, title, error)
        result.seconds = time.perf_counter() - began
        print(f"{key} done in {result.seconds:.0f} s: {result.measured}", file=sys.stderr)
        results.append(result)
    return results


def _stop_on_sigterm(signum: int, _frame: object) -> None:
    """Turn SIGTERM into an exception, so every running benchmark stops its bot processes."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run, print the table, write the results; the exit code says whether all ran."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    args = _parser().parse_args(argv)
    keys = [key.strip().upper() for key in args.only.split(",") if key.strip()] or list(BENCHMARKS)
    unknown = [key for key in keys if key not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    sizes = SMOKE if args.smoke else FULL
    mode = "smoke" if args.smoke else "full"
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{mode}-"))
    complete = not args.smoke and keys == list(BENCHMARKS)
    results_path: Path = args.results or (RESULTS if complete else workdir / "RESULTS.md")
    machine = Machine.describe()
    try:
        results = asyncio.run(run_all(keys, sizes, workdir))
    finally:
        if not args.keep:
            shutil.rmtree(workdir / "b1", ignore_errors=True)
    command = "python -m bench" + (" --smoke" if args.smoke else "")
    if args.only:
        command += f" --only {','.join(keys)}"
    print(table(results))
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(markdown(results, machine, command=command, mode=mode), "utf-8")
    print(f"\nresults written to {results_path}")
    if args.keep:
        print(f"databases and bot logs kept in {workdir}")
    elif results_path.parent != workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        for child in workdir.iterdir():
            if child != results_path:
                shutil.rmtree(child, ignore_errors=True)
    return 1 if any(result.verdict == "ERROR" for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
