"""Several `dala worker` processes share one job table: every task runs, and runs exactly once.

On SQLite the workers share a database file in WAL mode; under bin/with-postgres, the test database."""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from .conftest import BIN, REPO, dala_python, shared_database_env, stop, wait_for

TASKS = 30
WORKERS = 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_job_table_and_run_every_task_exactly_once(tmp_path: Path) -> None:
    env = {**shared_database_env(tmp_path), "DALA_LOG_LEVEL": "INFO"}
    runs = tmp_path / "runs"
    runs.mkdir()
    logs = [tmp_path / f"worker-{n}.log" for n in range(WORKERS)]
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for n, log in enumerate(logs):
            with log.open("wb") as output:
                workers.append(subprocess.Popen(
                    [str(BIN / "dala"), "worker", "--interval", "0.1", "--no-startup-delay",
                     "--worker-id", f"worker-{n}"], env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT))
        # Both are polling before the first task exists, so each has a fair chance at the queue.
        wait_for(lambda: all("Starting worker" in log.read_text(errors="replace") for log in logs),
                  "both workers to start", logs)
        dala_python("import json; from tests.scale.worker_tasks import note_run\n"
                    f"for number in range({TASKS}):\n    note_run.enqueue(number, {str(runs)!r})\n"
                    "print(json.dumps(True))", env)
        wait_for(lambda: len(list(runs.iterdir())) >= TASKS, f"{TASKS} task runs", logs)
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
