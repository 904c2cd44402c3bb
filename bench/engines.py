"""What the benchmarks that measure both databases share: one child process per engine (PostgreSQL on a
throw-away server from ``bin/with-postgres``), each writing its figures as JSON for the parent to collect,
and the results file that keeps an engine's last figures when it was not run this time."""

from __future__ import annotations

import glob
import json
import math
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


def child_environment(name: str, engine: str, var_dir: str, db_path: Path, *, fresh: bool,
                      tasks: str = "django_tasks.backends.immediate.ImmediateBackend") -> bool:
    """Point a child at its database (SQLite: ``db_path``, removed first when ``fresh``; PostgreSQL: the
    DATABASE_URL that ``bin/with-postgres`` set) and at ``var_dir``, with DEBUG off, before django.setup().
    False when PostgreSQL was asked for without a server."""
    os.environ["DALA_VAR_DIR"] = var_dir
    os.environ["DALA_DEBUG"] = "false"
    os.environ.setdefault("DALA_TASKS_BACKEND", tasks)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dala.settings")
    if engine == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["DALA_SQLITE_PATH"] = str(db_path)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for stale in db_path.parent.glob(f"{db_path.name}*"):
                stale.unlink()
        return True
    if not os.environ.get("DATABASE_URL"):
        print(f"{name}: no DATABASE_URL for PostgreSQL (run through bin/with-postgres)", file=sys.stderr)
        return False
    return True


def write_results(results: Path, stem: str, result: dict[str, Any], markdown: Callable[[dict[str, Any]], str]) -> None:
    """``stem``.json and ``stem``.md under ``results``; the table is printed too."""
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    table = markdown(result)
    (results / f"{stem}.md").write_text(table)
    print(table, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.95 for p95) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
