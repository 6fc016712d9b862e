"""The results: one row per benchmark, the machine they ran on, the table and RESULTS.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "python-telegram-bot",
    "httpx",
    "SQLAlchemy",
    "sqlmodel",
    "alembic",
    "tornado",
    "matplotlib",
    "pydantic",
)


@dataclass
class Result:
    """One benchmark's outcome: the headline figure, its target, and the details behind it."""

    key: str
    title: str
    measured: str
    target: str
    met: bool | None
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        """``met``, ``MISSED``, ``ERROR`` or ``-`` (no target)."""
        if self.met is None:
            return "ERROR" if self.measured.startswith("error") else "-"
        return "met" if self.met else "MISSED"


def failed(key: str, title: str, error: BaseException) -> Result:
    """The row of a benchmark that could not run."""
    return Result(key, title, f"error: {type(error).__name__}: {error}", "-", None)


@dataclass(frozen=True)
class Machine:
    """Where and when the figures were measured."""

    date: str
    cpus: int
    cpu_model: str
    memory: str
    system: str
    python: str
    sqlite: str
    packages: dict[str, str]

    @classmethod
    def describe(cls) -> Machine:
        """This machine, now."""
        packages = {}
        for name in PACKAGES:
            try:
                packages[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                packages[name] = "not installed"
        return cls(
            date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            cpus=len(os.sched_getaffinity(0)),
            cpu_model=_proc_value("/proc/cpuinfo", "model name") or platform.processor(),
            memory=_proc_value("/proc/meminfo", "MemTotal") or "unknown",
            system=f"{platform.system()} {platform.release()}",
            python=sys.version.split()[0],
            sqlite=sqlite3.sqlite_version,
            packages=packages,
        )

    def lines(self) -> list[str]:
        """The machine as Markdown list items."""
        versions = ", ".join(f"{name} {version}" for name, version in self.packages.items())
        return [
            f"- Date: {self.date}",
            f"- CPU: {self.cpu_model}, {self.cpus} CPUs (`nproc`)",
            f"- Memory: {self.memory}",
            f"- System: {self.system}",
            f"- Python {self.python}, SQLite {self.sqlite}",
            f"- Packages: {versions}",
        ]


def _proc_value(path: str, key: str) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def table(results: list[Result]) -> str:
    """The results as a plain-text table (one row per benchmark)."""
    header = ("", "benchmark", "measured", "target", "verdict")
    rows = [(r.key, r.title, r.measured, r.target, r.verdict) for r in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def markdown(results: list[Result], machine: Machine, *, command: str, mode: str) -> str:
    """RESULTS.md: the machine, the table, and every benchmark's details."""
    out = [
        "# Benchmark results",
        "",
        f"Written by `{command}` ({mode} sizes). Every figure is a median over repeated "
        "measurements or a percentile over many; ratios compare figures measured side by side "
        "in this one run. See `bench/__init__.py` and each `bench/b*_*.py` for the method.",
        "",
        "## Machine",
        "",
        *machine.lines(),
        "",
        "## Summary",
        "",
        "| | benchmark | measured | target | verdict |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [f"| {r.key} | {r.title} | {r.measured} | {r.target} | {r.verdict} |" for r in results]
    for result in results:
        out += ["", f"## {result.key}: {result.title}", "", *result.details]
        out.append(f"- Wall time of this benchmark: {result.seconds:.0f} s")
    return "\n".join(out) + "\n"
