"""A worker killed mid-task: its task is noticed once the worker's heartbeat stops, queued again, and
run by another worker; a task whose workers keep dying is marked failed, not left running for ever."""

from __future__ import annotations

import datetime
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from dala.core import jobs
from dala.core.models import WorkerBeat
from tests.faults.slow_tasks import hang_once
from tests.scale.conftest import BIN, REPO, dala_python, shared_database_env, wait_for


@pytest.fixture
def database_tasks(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DALA_WORKER_LOST_SECONDS = 60
    settings.DALA_TASK_MAX_ATTEMPTS = 3


def _running(worker_ids: list[str], minutes_ago: int = 5) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=hang_once.enqueue("/nonexistent").id)
    result.status = TaskResultStatus.RUNNING
    result.started_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    result.worker_ids = worker_ids
    result.save()
    return result


@pytest.mark.django_db
def test_the_task_of_a_silent_worker_is_queued_again_and_a_live_workers_is_left_alone(database_tasks: None) -> None:
    lost = _running(["gone"])
    busy = _running(["alive"])
    WorkerBeat.objects.create(worker_id="gone", seen_at=timezone.now() - datetime.timedelta(minutes=10))
    WorkerBeat.objects.create(worker_id="alive", seen_at=timezone.now())

    assert jobs.requeue_lost_tasks() == (1, 0)

    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == TaskResultStatus.READY and lost.started_at is None
    assert busy.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_just_claimed_is_not_taken_for_lost(database_tasks: None) -> None:
    fresh = _running(["starting"], minutes_ago=0)
    assert jobs.requeue_lost_tasks() == (0, 0)
    fresh.refresh_from_db()
    assert fresh.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_worker_restarted_under_the_same_id_takes_back_what_its_previous_life_left_running(
        database_tasks: None) -> None:
    left = _running(["host-1"], minutes_ago=0)
    WorkerBeat.objects.create(worker_id="host-1", seen_at=timezone.now())  # the beat of the new life
    other = _running(["host-2"], minutes_ago=0)

    assert jobs.requeue_lost_tasks(restarting="host-1") == (1, 0)

    left.refresh_from_db()
    other.refresh_from_db()
    assert left.status == TaskResultStatus.READY and other.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_whose_workers_died_three_times_is_marked_failed_with_the_reason(database_tasks: None) -> None:
    doomed = _running(["w1", "w2", "w3"])

    assert jobs.requeue_lost_tasks() == (0, 1)

    doomed.refresh_from_db()
    assert doomed.status == TaskResultStatus.FAILED and doomed.finished_at is not None
    assert doomed.exception_class_path == "dala.core.jobs.WorkerLost"
    assert "3 times" in doomed.traceback


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_leaves_the_task_to_the_next_worker(tmp_path: Path) -> None:
    env = {**shared_database_env(tmp_path), "DALA_LOG_LEVEL": "INFO", "DALA_WORKER_BEAT_SECONDS": "0.5",
           "DALA_WORKER_LOST_SECONDS": "2"}
    runs = tmp_path / "runs"
    runs.mkdir()
    logs = [tmp_path / "first.log", tmp_path / "second.log"]

    def start(n: int) -> subprocess.Popen[bytes]:
        with logs[n].open("wb") as output:
            return subprocess.Popen([str(BIN / "dala"), "worker", "--interval", "0.1", "--no-startup-delay",
                                     "--worker-id", f"worker-{n}"],
                                    env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)

    task_id = dala_python("import json; from tests.faults.slow_tasks import hang_once\n"
                          f"print(json.dumps(str(hang_once.enqueue({str(runs)!r}).id)))", env)
    first = start(0)
    second = None
    try:
        wait_for(lambda: any(runs.iterdir()), "the first worker to start the task", logs)
        first.send_signal(signal.SIGKILL)  # no chance to clean up: its task stays RUNNING
        first.wait(10)
        status = dala_python("import json; from django_tasks_db.models import DBTaskResult\n"
                             f"print(json.dumps(DBTaskResult.objects.get(pk={task_id!r}).status))", env)
        assert status == "RUNNING"
        time.sleep(2.5)  # the dead worker's beat is now older than DALA_WORKER_LOST_SECONDS
        second = start(1)
        wait_for(lambda: dala_python(
            "import json; from django_tasks_db.models import DBTaskResult\n"
            f"print(json.dumps(DBTaskResult.objects.get(pk={task_id!r}).status))", env) == "SUCCESSFUL",
            "the second worker to finish the task", logs, timeout=60)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)

    status, worker_ids, value = dala_python(
        "import json; from django_tasks_db.models import DBTaskResult\n"
        f"r = DBTaskResult.objects.get(pk={task_id!r}); print(json.dumps([r.status, r.worker_ids, r.return_value]))",
        env)
    assert (status, worker_ids, value) == ("SUCCESSFUL", ["worker-0", "worker-1"], 2)
    assert len(list(runs.iterdir())) == 2  # run twice: once killed, once to the end
