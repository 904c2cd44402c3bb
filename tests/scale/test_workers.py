"""Several `dala db_worker` processes share one job table: every task runs, and runs exactly once.

On SQLite the workers share a database file in WAL mode; under bin/with-postgres, the test database."""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from .conftest import BIN, REPO, dala_env, dala_python, run_dala, stop

TASKS = 30
WORKERS = 2


def _database_env(tmp_path: Path) -> dict[str, str]:
    """Variables that point a `dala` process at a database the workers can share, migrated."""
    if connection.vendor == "postgresql":
        # The test database itself: committed rows are visible to other processes (transactional test).
        db = connection.settings_dict
        auth = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
        return dala_env(tmp_path, DATABASE_URL=f"postgres://{auth}@{db['HOST'] or 'localhost'}:"
                                              f"{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}")
    # The test's own SQLite database lives in memory, out of other processes' reach: a file of our own.
    env = dala_env(tmp_path, DALA_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"))
    run_dala(["migrate", "--verbosity", "0"], env, timeout=300)
    return env


def _wait_for(condition: Any, what: str, logs: list[Path], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}" for log in logs)
            pytest.fail(f"timed out waiting for {what}\n{tails}", pytrace=False)
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_job_table_and_run_every_task_exactly_once(tmp_path: Path) -> None:
    env = {**_database_env(tmp_path), "DALA_LOG_LEVEL": "INFO"}
    runs = tmp_path / "runs"
    runs.mkdir()
    logs = [tmp_path / f"worker-{n}.log" for n in range(WORKERS)]
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for n, log in enumerate(logs):
            with log.open("wb") as output:
                workers.append(subprocess.Popen(
                    [str(BIN / "dala"), "db_worker", "--interval", "0.1", "--no-startup-delay",
                     "--worker-id", f"worker-{n}"], env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT))
        # Both are polling before the first task exists, so each has a fair chance at the queue.
        _wait_for(lambda: all("Starting worker" in log.read_text(errors="replace") for log in logs),
                  "both workers to start", logs)
        dala_python("import json; from tests.scale.worker_tasks import note_run\n"
                    f"for number in range({TASKS}):\n    note_run.enqueue(number, {str(runs)!r})\n"
                    "print(json.dumps(True))", env)
        _wait_for(lambda: len(list(runs.iterdir())) >= TASKS, f"{TASKS} task runs", logs)
        time.sleep(1)  # a task run a second time would leave its marker meanwhile
    finally:
        for worker in workers:
            stop(worker)

    markers = [path.name.split(".") for path in runs.iterdir()]
    assert Counter(int(number) for number, _pid, _unique in markers) == dict.fromkeys(range(TASKS), 1)
    assert len({pid for _number, pid, _unique in markers}) == WORKERS  # both took a share
    results = dala_python(
        "import json; from django_tasks_db.models import DBTaskResult\n"
        "print(json.dumps(list(DBTaskResult.objects.values_list('status', 'worker_ids'))))", env)
    assert len(results) == TASKS
    assert {status for status, _ids in results} == {"SUCCESSFUL"}
    assert all(len(ids) == 1 for _status, ids in results)  # each claimed once
    assert {ids[0] for _status, ids in results} == {f"worker-{n}" for n in range(WORKERS)}
