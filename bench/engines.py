"""What the benchmarks that measure both databases share: one child process per engine (PostgreSQL on a
throw-away server from ``bin/with-postgres``), each writing its figures as JSON for the parent to collect,
and the results file that keeps an engine's last figures when it was not run this time."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("sqlite", "postgresql")


def postgres_available() -> bool:
    return bool(os.environ.get("DALA_PG_BINDIR") or glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def run_children(name: str, script: str, engines: str, child_argv: Callable[[Path], list[str]]
                 ) -> tuple[list[dict[str, Any]], dict[str, str], int]:
    """Run ``script --engine E <child_argv(out)>`` for each engine named in ``engines`` (comma-separated).

    Returns the figures of the runs that wrote them, the engines skipped with the reason (no PostgreSQL
    installed, or a server that could not start: ``bin/with-postgres`` exits 2), and how many runs failed."""
    figures: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    failures = 0
    with tempfile.TemporaryDirectory(prefix=f"dala-bench-{name}-") as tmp:
        for engine in [part.strip() for part in engines.split(",") if part.strip()]:
            out = Path(tmp) / f"{engine}.json"
            argv = [sys.executable, script, "--engine", engine, *child_argv(out), "--out", str(out)]
            if engine == "postgresql":
                if not postgres_available():
                    skipped[engine] = "no PostgreSQL server installed"
                    print(f"{name}: PostgreSQL is not installed here; skipping it", flush=True)
                    continue
                argv = [sys.executable, str(ROOT / "bin" / "with-postgres"), *argv]
            code = subprocess.call(argv, cwd=ROOT)
            if out.exists():
                figures.append(json.loads(out.read_text()))
            elif engine == "postgresql" and code == 2:
                skipped[engine] = "PostgreSQL could not be started"
                print(f"{name}: PostgreSQL could not be started; skipping it", flush=True)
            else:
                failures += 1
                print(f"{name}: the {engine} run failed (exit {code})", file=sys.stderr)
    return figures, skipped, failures


def with_earlier(path: Path, figures: list[dict[str, Any]], skipped: dict[str, str]) -> list[dict[str, Any]]:
    """``figures`` plus, from the results file at ``path``, the figures of each engine not run this time
    (each carries its own date), in the order of ENGINES."""
    if not path.exists():
        return figures
    ran = {engine["engine"] for engine in figures} | set(skipped)
    kept = [engine for engine in json.loads(path.read_text()).get("engines", []) if engine["engine"] not in ran]
    return sorted(figures + kept, key=lambda engine: ENGINES.index(engine["engine"]))
