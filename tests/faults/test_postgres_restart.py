"""PostgreSQL restarted under load: the site keeps answering — pages while it is down say so with a 503,
never a server error — and once it is back every request succeeds again and no committed row is lost.

The test starts a PostgreSQL server of its own (the suite's database is never restarted), migrates it,
serves dala from it with granian, and restarts the server while requests keep coming."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.scale.conftest import BIN, REPO, dala_env, dala_python, free_port, run_dala, stop

_loader = importlib.machinery.SourceFileLoader("with_postgres", str(REPO / "bin" / "with-postgres"))
_spec = importlib.util.spec_from_loader("with_postgres", _loader)
assert _spec is not None
with_postgres = importlib.util.module_from_spec(_spec)
_loader.exec_module(with_postgres)


class Server:
    def __init__(self, tmp: Path) -> None:
        self.bindir = with_postgres.find_bindir()
        self.tmp = tmp
        self.data = tmp / "data"
        self.log = tmp / "server.log"
        self.port = free_port(set())

    def _run(self, *argv: str) -> None:
        result = subprocess.run(with_postgres.as_server_user([str(self.bindir / argv[0]), *argv[1:]]),
                                capture_output=True, text=True, timeout=120)
        log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        assert result.returncode == 0, result.stdout + result.stderr + log

    def start(self) -> str:
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam(with_postgres.PG_USER)
            os.chown(self.tmp, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                  "--auth-local=trust", "--auth-host=trust", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.tmp}'\n"
                       "fsync = off\nfull_page_writes = off\n")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        for sql in ("CREATE ROLE dala LOGIN CREATEDB", "CREATE DATABASE dala OWNER dala"):
            self._run("psql", "-X", "-q", "-h", str(self.tmp), "-p", str(self.port), "-U", "postgres", "-c", sql)
        return f"postgres://dala@127.0.0.1:{self.port}/dala"

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "-t", "60", "restart")

    def stop(self) -> None:
        subprocess.run(with_postgres.as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                                                     "immediate", "-w", "stop"]), capture_output=True)


@pytest.fixture
def postgres() -> Iterator[Server]:
    if connection.vendor == "postgresql":
        pytest.skip("runs once, in the SQLite run of the suite: it starts a PostgreSQL server of its own")
    # Not under pytest's tmp_path: that folder is private to root, and the server runs as `postgres`.
    folder = Path(tempfile.mkdtemp(prefix="dala-pg-restart-"))
    server = Server(folder)
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _get(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError as error:  # the app itself not answering would be the failure this test is for
        return f"no answer: {error}"


def _wait_for_requests(statuses: Counter[Any], count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while sum(statuses.values()) < count:
        assert time.monotonic() < deadline, f"only {sum(statuses.values())} requests answered: {statuses}"
        time.sleep(0.1)


def test_a_postgresql_restart_under_load_gives_503s_at_worst_and_loses_nothing(postgres: Server,
                                                                                tmp_path: Path) -> None:
    env = dala_env(tmp_path, DATABASE_URL=postgres.start(), DALA_DB_CONN_MAX_AGE="60")
    run_dala(["migrate", "--verbosity", "0"], env, timeout=600)
    run_dala(["demo", "--artworks", "30", "--no-images"], env, timeout=600)
    run_dala(["collectstatic", "--noinput", "--verbosity", "0"], env, timeout=600)  # as in production
    works = dala_python("import json; from dala.catalog.models import Artwork\n"
                        "print(json.dumps(Artwork.objects.count()))", env)
    port = free_port(set())
    log = tmp_path / "granian.log"
    with log.open("wb") as output:
        app = subprocess.Popen([str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port",
                                str(port), "--workers", "2", "--blocking-threads", "4", "--no-ws",
                                "dala.wsgi:application"], env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    statuses: Counter[Any] = Counter()
    stopping = threading.Event()

    def load() -> None:
        while not stopping.is_set():
            for path in ("/en/artworks/", "/healthz", "/api/v1/artworks?lang=en"):
                statuses[(path, _get(base + path))] += 1

    try:
        deadline = time.monotonic() + 60
        while _get(base + "/healthz") != 200:
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.2)
        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        _wait_for_requests(statuses, 12)  # under load before the restart
        before = sum(statuses.values())
        postgres.restart()
        _wait_for_requests(statuses, before + 24)  # and for a while after it
        stopping.set()
        for thread in threads:
            thread.join(60)
        after = [_get(base + path) for path in ("/en/artworks/", "/healthz", "/api/v1/artworks?lang=en")] * 3
    finally:
        stop(app)

    answers = {status for _path, status in statuses}
    assert before > 0 and answers <= {200, 503}, (statuses, log.read_text(errors="replace")[-6000:])
    assert after == [200] * 9, (after, log.read_text(errors="replace")[-3000:])
    assert dala_python("import json; from dala.catalog.models import Artwork\n"
                       "print(json.dumps(Artwork.objects.count()))", env) == works
