"""Load test: dala on PostgreSQL under a realistic mix, with 1, 2 and 4 app processes (a benchmark, not a
test).

    .venv/bin/python bench/load.py [--artworks 1000000] [--processes 1,2,4] [--connections 16]
                                   [--duration 30] [--warmup 10] [--kind-seconds 10] [--reuse] [--build-only]

1. A PostgreSQL cluster of its own in bench/results/load-N.db/ (or --data-dir; never committed), on a
   loopback port, kept between runs with --reuse: `dala migrate`, `dala demo --artworks N --no-images`,
   `dala search reindex --if-incomplete`, `dala collectstatic`, `VACUUM ANALYZE`, each timed.
2. The bench's accounts: buyers and bidders with API tokens (new ones each run), and an open auction
   with lots of unique works (bench/load_mix.py).
3. For each process count P: dala served by granian as `make run` serves it (`--interface wsgi
   --workers P --blocking-threads 4`, DEBUG off, rate limits off), /healthz awaited, a warm-up of GET
   requests, then `wrk -t2 -cC -dS` replaying a request list written just before (bench/load_wrk.py):
   the home page, the artists' list and browse pages with filters (each with the two pages after it),
   searches from bench/search_queries.json, random artwork pages, offers and bids through the API
   with bearer tokens, all valid against the database as it is then. After the run, the offers and
   bids stored are counted against those sent. Then each kind alone for --kind-seconds (0: skipped),
   to show which kind costs what.
4. The floor: the same request lists against a plain Django hello-world (bench/hello_app.py) under the
   same granian and process count.

Errors are socket errors, timeouts (5 s) and any status outside 2xx/3xx (by status, with the first
bodies). Goals: zero errors, p99 under 200 ms, and requests/s growing with processes up to the CPU
count. Results: bench/results/load-N.json and .md. Needs Debian's wrk (`apt-get install -y wrk`) and
PostgreSQL server binaries under /usr/lib/postgresql/*/bin (or DALA_PG_BINDIR).
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import platform
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from engines import write_results
from load_wrk import run_wrk, wrk_binary, wrk_version

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
BIN = Path(sys.executable).parent
DEFAULT_WEIGHTS = "browse=30,search=20,artwork=36,offer=7,bid=7"
GET_KINDS = ("browse", "search", "artwork")
RATE_LIMITS_OFF = "offer=,bid=,message=,login=,signup="
GOAL_P99_MS = 200.0
GOAL_GROWTH = 1.1  # each step up in processes, up to the CPU count, adds at least 10 % requests/s
PG_USER = "postgres"  # the system user that runs the server when we are root
LIST_MARGIN = 3  # request lists hold this many times what the warm-up's rate would send
POST_KIND_RPS = 400  # the least rate a list of offers or bids alone is sized for


def say(message: str) -> None:
    print(f"load: {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------------------------------
# PostgreSQL


def find_bindir() -> Path | None:
    if override := os.environ.get("DALA_PG_BINDIR"):
        return Path(override) if (Path(override) / "initdb").is_file() else None

    def version(initdb: str) -> tuple[int, ...]:
        return tuple(int(part) for part in Path(initdb).parent.parent.name.split(".") if part.isdigit())

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    return Path(found[-1]).parent if found else None


class Cluster:
    """A PostgreSQL cluster under ``home``/pg, listening on 127.0.0.1 only, on a free port each start."""

    def __init__(self, home: Path, bindir: Path) -> None:
        self.home = home / "pg"
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self.password_file = home / "pg-password"
        self.bindir = bindir
        self.port = 0

    def _as_server_user(self, argv: list[str]) -> list[str]:
        # Root may not run the server: drop to the postgres system user then.
        return ["runuser", "-u", PG_USER, "--", *argv] if os.geteuid() == 0 else argv

    def _run(self, argv: list[str], what: str) -> None:
        result = subprocess.run(self._as_server_user(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        if result.returncode != 0:
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise SystemExit(f"load: {what} failed (exit {result.returncode}):\n{result.stdout}\n{tail}")

    def exists(self) -> bool:
        return (self.data / "PG_VERSION").exists() and self.password_file.exists()

    def running(self) -> bool:
        status = subprocess.run(self._as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"]),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return status.returncode == 0

    def create(self) -> None:
        """initdb, the server's settings, then the role and database ``dala`` with a random password."""
        self.home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.home, PG_USER, PG_USER)
        self._run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                   "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"], "initdb")
        with open(self.data / "postgresql.conf", "a") as conf:
            # Durable as in production (fsync and synchronous commit stay on); memory for a 2-core,
            # 24 GB machine; port given at each start.
            conf.write("\n# bench/load.py\n"
                       "listen_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.home}'\n"
                       "max_connections = 100\n"
                       "shared_buffers = '1GB'\n"
                       "effective_cache_size = '4GB'\n"
                       "work_mem = '16MB'\n"
                       "maintenance_work_mem = '512MB'\n"
                       "max_wal_size = '4GB'\n")
        self.start()
        password = secrets.token_hex(16)
        self.psql(f"CREATE ROLE dala LOGIN PASSWORD '{password}';\nCREATE DATABASE dala OWNER dala;\n")
        self.password_file.write_text(password)
        self.password_file.chmod(0o600)

    def start(self) -> None:
        if self.running():  # left behind by an interrupted run: its port is unknown, so restart it
            self.stop()
        self.port = free_port()
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "300",
                   "-o", f"-p {self.port}", "start"], "pg_ctl start")

    def postmaster(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(self._as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                                                 "-w", "stop"]), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def psql(self, sql: str) -> None:
        result = subprocess.run([str(self.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.home),
                                 "-p", str(self.port), "-U", "postgres", "-d", "postgres"],
                                input=sql, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            raise SystemExit(f"load: psql failed:\n{result.stdout}")

    @property
    def url(self) -> str:
        return f"postgres://dala:{self.password_file.read_text().strip()}@127.0.0.1:{self.port}/dala"


# --------------------------------------------------------------------------------------------------
# The app servers


class Granian:
    """granian serving a WSGI ``target`` with ``processes`` workers; ready once ``ready_path`` answers 200."""

    def __init__(self, *, name: str, target: str, processes: int, blocking_threads: int, env: dict[str, str],
                 cwd: Path, log: Path, ready_path: str) -> None:
        self.name, self.target, self.processes = name, target, processes
        self.blocking_threads, self.env, self.cwd, self.log_path = blocking_threads, env, cwd, log
        self.ready_path = ready_path
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def group(self) -> int:
        assert self.process is not None
        return self.process.pid  # started in a session of its own, so it leads its process group

    def __enter__(self) -> Granian:
        self.port = free_port()
        argv = [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port),
                "--workers", str(self.processes), "--blocking-threads", str(self.blocking_threads), "--no-ws",
                "--log-level", "warning", self.target]
        with open(self.log_path, "ab") as log:
            log.write(f"\n--- {datetime.now(UTC).isoformat()} {' '.join(argv)}\n".encode())
            log.flush()
            # A session of its own: if granian will not stop, its workers are killed with it, by its id.
            self.process = subprocess.Popen(argv, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"load: {self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=10) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit(f"load: {self.name} did not answer {self.ready_path} within 120 s; see {self.log_path}")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # granian stops its workers gracefully on SIGINT
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# --------------------------------------------------------------------------------------------------
# Where the CPU went during a run: the machine is shared, so its wall-clock figures alone can mislead


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid → (parent pid, process group, CPU ticks used) of every process."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        fields = text[text.rindex(")") + 2:].split()  # the name before it may hold spaces
        found[int(entry.name)] = (int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12]))
    return found


def _machine_busy_s() -> float:
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / CLOCK_TICKS  # all but idle and iowait


class CpuMeter:
    """CPU seconds used between start() and stop() by the app server's processes (its process group), by
    PostgreSQL's (the postmaster and its children), by wrk (this process's waited-for children), and by
    everything else on the machine."""

    def __init__(self, app_group: int, postmaster: int | None) -> None:
        self.app_group, self.postmaster = app_group, postmaster

    def _split(self) -> tuple[dict[int, int], dict[int, int]]:
        app, database = {}, {}
        for pid, (parent, group, ticks) in _processes().items():
            if group == self.app_group:
                app[pid] = ticks
            elif self.postmaster is not None and self.postmaster in (pid, parent):
                database[pid] = ticks
        return app, database

    def start(self) -> None:
        self.app, self.database = self._split()
        self.machine = _machine_busy_s()
        self.children = self._children_s()

    @staticmethod
    def _children_s() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def stop(self, requests: int, cpus: int) -> dict[str, float]:
        app, database = self._split()

        def used(before: dict[int, int], after: dict[int, int]) -> float:
            # A process that ended during the run takes its last ticks with it: a slight undercount.
            return sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / CLOCK_TICKS

        figures = {"app_s": used(self.app, app), "postgresql_s": used(self.database, database),
                   "wrk_s": self._children_s() - self.children, "machine_s": _machine_busy_s() - self.machine}
        figures["others_s"] = max(0.0, figures["machine_s"] - figures["app_s"] - figures["postgresql_s"]
                                  - figures["wrk_s"])
        per_request = (figures["app_s"] + figures["postgresql_s"] + figures["wrk_s"]) / max(requests, 1)
        result = {key: round(value, 2) for key, value in figures.items()}
        result.update({
            "app_ms_per_request": round(figures["app_s"] * 1000 / max(requests, 1), 2),
            "postgresql_ms_per_request": round(figures["postgresql_s"] * 1000 / max(requests, 1), 2),
            "wrk_ms_per_request": round(figures["wrk_s"] * 1000 / max(requests, 1), 3),
            # What the CPUs would allow if this run had them to itself: a ceiling, not a measurement.
            "cpu_bound_rps": round(cpus / per_request) if per_request else 0,
        })
        return result


# --------------------------------------------------------------------------------------------------
# Building the database (as a user would type the commands)


def dala(*argv: str) -> float:
    started = time.perf_counter()
    say("dala " + " ".join(argv))
    subprocess.run([str(BIN / "dala"), *argv], cwd=ROOT, check=True)
    return round(time.perf_counter() - started, 1)


def build(home: Path, size: int) -> dict[str, Any]:
    """Migrate and fill the database unless it holds works already; the timings of the build that made
    it are kept in ``home``/build.json."""
    import django

    saved = home / "build.json"
    migrate_s = dala("migrate", "--noinput", "-v", "0")
    django.setup()
    from django.db import connection

    from dala.catalog.models import Artwork

    if Artwork.objects.exists() and saved.exists():
        build_figures = {**json.loads(saved.read_text()), "reused": True}
        say(f"reusing the database in {home} ({Artwork.objects.count():,} works)")
    else:
        build_figures = {"migrate_s": migrate_s, "reused": False,
                         "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
        if not Artwork.objects.exists():
            build_figures["demo_s"] = dala("demo", "--artworks", str(size), "--no-images")
        build_figures["search_reindex_s"] = dala("search", "reindex", "--if-incomplete")
        build_figures["collectstatic_s"] = dala("collectstatic", "--noinput", "-v", "0")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as after any bulk load; autovacuum would get there later
        build_figures["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
        build_figures["total_s"] = round(sum(value for key, value in build_figures.items()
                                             if key.endswith("_s")), 1)
        saved.write_text(json.dumps(build_figures, indent=2) + "\n")
    build_figures["collectstatic_now_s"] = dala("collectstatic", "--noinput", "-v", "0")  # the code may have moved
    return build_figures


# --------------------------------------------------------------------------------------------------
# One process count


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def lines_for(rps: float, seconds: int, threads: int, margin: int = LIST_MARGIN) -> int:
    return max(1000, math.ceil(margin * rps * seconds / threads))


def measure(processes: int, args: argparse.Namespace, home: Path, env: dict[str, str], weights: dict[str, int],
            people: Any, pools: Any, rng: random.Random, postmaster: int | None) -> dict[str, Any]:
    from load_mix import sent_by_kind, stored_since, write_marks, write_mix

    cpus = os.cpu_count() or 1
    run = home / "run" / f"p{processes}"
    shutil.rmtree(run, ignore_errors=True)
    wrk_options = {"threads": args.threads, "connections": args.connections}
    row: dict[str, Any] = {"processes": processes, "load_average_before": os.getloadavg()}

    def measured(server: Granian, run_dir: Path, seconds: int, mix_weights: dict[str, int], rate: float,
                 margin: int = LIST_MARGIN) -> dict[str, Any]:
        mix = write_mix(run_dir, weights=mix_weights, lines_per_thread=lines_for(rate, seconds, args.threads, margin),
                        threads=args.threads, people=people, pools=pools, rng=rng)
        marks = write_marks()
        close_connections()
        meter = CpuMeter(server.group, postmaster)
        meter.start()
        result = run_wrk(url=server.url, run_dir=run_dir, seconds=seconds, mode="once", **wrk_options)
        result["cpu"] = meter.stop(result["requests"], cpus)
        time.sleep(2)  # requests cut off by wrk's stop still finish on the server
        result.update(mix=mix, sent=sent_by_kind(run_dir, result["threads"]), stored=stored_since(marks, people))
        stored = result["stored"]["offer"] + result["stored"]["bid"]
        # Every 201 is an offer or a bid the app said it kept: one missing from the database is lost.
        result["lost"] = max(0, result["statuses"].get("201", 0) - stored)
        # Sent but neither answered nor stored: cut off when wrk stopped, before a thread took it up.
        result["cut_off"] = result["sent"].get("offer", 0) + result["sent"].get("bid", 0) - stored
        close_connections()
        return result

    say(f"{processes} process(es): dala")
    with Granian(name="dala", target="dala.wsgi:application", processes=processes,
                 blocking_threads=args.blocking_threads, env=env, cwd=ROOT, log=home / "granian-dala.log",
                 ready_path="/healthz") as server:
        warm_dir = run / "warm-up"
        # GETs only, so the warm-up uses up no offer pair and moves no lot's price.
        warm_weights = {kind: weights[kind] for kind in GET_KINDS if kind in weights} or dict.fromkeys(GET_KINDS, 1)
        write_mix(warm_dir, weights=warm_weights, lines_per_thread=2000, threads=args.threads, people=people,
                  pools=pools, rng=rng)
        warm = run_wrk(url=server.url, run_dir=warm_dir, seconds=args.warmup, mode="repeat", **wrk_options)
        row["warm_up"] = {key: warm[key] for key in ("rps", "p50_ms", "p99_ms", "error_count")}
        say(f"warm-up {warm['rps']:.0f} req/s; the mix for {args.duration} s")
        row["dala"] = measured(server, run / "mix", args.duration, weights, warm["rps"])
        say(f"dala: {row['dala']['rps']:.0f} req/s, p50 {row['dala']['p50_ms']} ms, p99 {row['dala']['p99_ms']} ms, "
            f"{row['dala']['error_count']} errors")
        row["by_kind"] = {}
        if args.kind_seconds:
            for kind in weights:
                # A list of one kind of POST must not run out: it cannot fall back on GETs. Nor can it be
                # sized from the warm-up's rate: slow pages there (searches at a million works) made it
                # far slower than offers alone, and the offers' list ran out (409s for repeated pairs).
                rate = warm["rps"] if kind in GET_KINDS else max(warm["rps"], POST_KIND_RPS)
                margin = LIST_MARGIN if kind in GET_KINDS else 5
                figures = measured(server, run / f"kind-{kind}", args.kind_seconds, {kind: 1}, rate, margin)
                row["by_kind"][kind] = figures
                say(f"  {kind} alone: {figures['rps']:.0f} req/s, p99 {figures['p99_ms']} ms, "
                    f"{figures['error_count']} errors")

    say(f"{processes} process(es): the hello-world floor")
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "hello_settings", "PYTHONPATH": str(BENCH)}
    with Granian(name="hello", target="hello_app:application", processes=processes,
                 blocking_threads=args.blocking_threads, env=floor_env, cwd=BENCH, log=home / "granian-hello.log",
                 ready_path="/") as server:
        # The very lists dala was sent, over and over (the floor refuses nothing).
        run_wrk(url=server.url, run_dir=run / "mix", seconds=min(args.warmup, 5), mode="repeat", **wrk_options)
        meter = CpuMeter(server.group, None)
        meter.start()
        row["floor"] = run_wrk(url=server.url, run_dir=run / "mix", seconds=args.duration, mode="repeat", **wrk_options)
        row["floor"]["cpu"] = meter.stop(row["floor"]["requests"], cpus)
    row["share_of_floor"] = round(row["dala"]["rps"] / row["floor"]["rps"], 3)
    row["load_average_after"] = os.getloadavg()
    say(f"floor: {row['floor']['rps']:.0f} req/s; dala is {row['share_of_floor']:.1%} of it")
    return row


# --------------------------------------------------------------------------------------------------
# Goals and the report


def goals(rows: list[dict[str, Any]], cpus: int) -> dict[str, Any]:
    def clean(figures: dict[str, Any]) -> bool:
        return figures["error_count"] == 0 and not figures["list_ran_out"] and not figures["lost"]

    within = sorted((row for row in rows if row["processes"] <= cpus), key=lambda row: row["processes"])
    steps = [{"from": a["processes"], "to": b["processes"], "ratio": round(b["dala"]["rps"] / a["dala"]["rps"], 2)}
             for a, b in zip(within, within[1:], strict=False)]
    return {
        "zero_errors": all(clean(row["dala"]) for row in rows),
        "zero_errors_by_kind": all(clean(figures) for row in rows for figures in row["by_kind"].values()),
        "p99_under_200ms": all(row["dala"]["p99_ms"] < GOAL_P99_MS for row in rows),
        "grows_with_processes": all(step["ratio"] >= GOAL_GROWTH for step in steps) if steps else None,
        "growth_steps": steps,
        "past_the_cores": [row["processes"] for row in rows if row["processes"] > cpus],
    }


def _errors(figures: dict[str, Any]) -> str:
    parts = [f"{name}: {count}" for name, count in figures["errors"].items()]
    if figures.get("lost"):
        parts.append(f"answered 201 but not stored: {figures['lost']}")
    if figures["list_ran_out"]:
        parts.append("request list ran out")
    return ", ".join(parts) or "0"


def _yes(value: bool | None) -> str:
    return "n/a" if value is None else ("**yes**" if value else "**no**")


def markdown(result: dict[str, Any]) -> str:
    facts, build_figures, rows, goal = result["facts"], result["build"], result["rows"], result["goals"]
    weights = result["weights"]
    total = sum(weights.values())
    steps = ["migrate", "demo", "search_reindex", "collectstatic", "vacuum_analyze"]
    built = ", ".join(f"{step.replace('_', ' ')} {build_figures[step + '_s']} s" for step in steps
                      if step + "_s" in build_figures)
    lines = [
        f"# Load: {facts['artworks']:,} demo works on PostgreSQL {facts['postgresql']}",
        "",
        f"{result['date']} · {result['cpu_count']} CPUs · PostgreSQL {facts['postgresql']} · "
        f"Python {result['python']} · Django {result['django']} · {result['granian']} · {result['wrk']} · "
        f"load average {result['load_average_start'][0]:.1f} when the runs began (the machine is shared)",
        f"Data: {facts['artworks']:,} works ({facts['listed_artworks']:,} listed, {facts['offerable_artworks']:,} "
        f"open to offers), {facts['artists']:,} artists. Build ({build_figures.get('built_at', '?')}): {built}; "
        f"total {build_figures.get('total_s', '?')} s" + (" (reused in this run)." if build_figures["reused"] else "."),
        "Mix: " + ", ".join(f"{kind} {weights[kind] * 100 / total:.0f} %" for kind in weights)
        + f" ({result['pools']['browse']} browse URLs, {result['pools']['search']} searches, "
        f"{result['pools']['artwork']} artwork pages; {result['people']['buyers']} buyers, "
        f"{result['people']['bidders']} bidders, {result['people']['lots']} lots).",
        f"Each run: `wrk -t{result['threads']} -c{result['connections']} -d{result['duration']}s --timeout 5s` after a "
        f"{result['warmup']} s warm-up (GETs); granian `--workers P --blocking-threads {result['blocking_threads']}`, "
        "DEBUG off, rate limits off (`DALA_RATE_LIMITS=" + RATE_LIMITS_OFF + "`), no Redis, no task worker.",
        "",
        "| processes | dala req/s | p50 ms | p99 ms | errors | floor req/s | floor p50 ms | floor p99 ms "
        "| floor errors | dala ÷ floor |",
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        dala_row, floor = row["dala"], row["floor"]
        lines.append(f"| {row['processes']} | {dala_row['rps']:.0f} | {dala_row['p50_ms']} | {dala_row['p99_ms']} | "
                     f"{_errors(dala_row)} | {floor['rps']:.0f} | {floor['p50_ms']} | {floor['p99_ms']} | "
                     f"{_errors(floor)} | {row['share_of_floor']:.1%} |")
    lines += ["", "CPU per request in each mix run (from /proc: the app's processes, PostgreSQL's, wrk's), the "
              "machine's other work in CPUs busy on average, and the requests/s the CPUs would allow the run alone:",
              "", "| processes | dala app ms | PostgreSQL ms | wrk ms | other work (CPUs) | ceiling req/s "
              "| floor app ms | floor wrk ms | floor ceiling req/s |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        cpu, floor_cpu = row["dala"]["cpu"], row["floor"]["cpu"]
        lines.append(f"| {row['processes']} | {cpu['app_ms_per_request']} | {cpu['postgresql_ms_per_request']} | "
                     f"{cpu['wrk_ms_per_request']} | {cpu['others_s'] / row['dala']['duration_s']:.2f} | "
                     f"{cpu['cpu_bound_rps']} | {floor_cpu['app_ms_per_request']} | "
                     f"{floor_cpu['wrk_ms_per_request']} | {floor_cpu['cpu_bound_rps']} |")
    lines += ["", "Offers and bids of each mix run, sent → stored:", ""]
    for row in rows:
        figures = row["dala"]
        cut_off = f", {figures['cut_off']} cut off unanswered when wrk stopped" if figures["cut_off"] else ""
        lines.append(f"- {row['processes']} process(es): offers {figures['sent'].get('offer', 0)} → "
                     f"{figures['stored']['offer']}, bids {figures['sent'].get('bid', 0)} → {figures['stored']['bid']}"
                     f"{cut_off} (statuses {', '.join(f'{code}: {n}' for code, n in figures['statuses'].items())}); "
                     f"load average {row['load_average_before'][0]:.1f} before, {row['load_average_after'][0]:.1f} "
                     "after")
    if any(row["by_kind"] for row in rows):
        kinds = list(rows[0]["by_kind"])
        lines += ["", f"Each kind alone ({result['kind_seconds']} s each; req/s, p50 / p99 ms, CPU ms per request "
                  "of the app + PostgreSQL, errors):", "",
                  "| processes | " + " | ".join(kinds) + " |", "| ---: |" + " --- |" * len(kinds)]
        for row in rows:
            cells = [f"{figures['rps']:.0f} req/s, {figures['p50_ms']} / {figures['p99_ms']} ms, "
                     f"{figures['cpu']['app_ms_per_request']} + {figures['cpu']['postgresql_ms_per_request']} ms, "
                     f"{_errors(figures)}" for figures in row["by_kind"].values()]
            lines.append(f"| {row['processes']} | " + " | ".join(cells) + " |")
    growth = "; ".join(f"{step['from']} → {step['to']}: ×{step['ratio']}" for step in goal["growth_steps"])
    lines += [
        "",
        f"Goals: zero errors {_yes(goal['zero_errors'])}; "
        f"p99 under {GOAL_P99_MS:.0f} ms {_yes(goal['p99_under_200ms'])}; "
        f"requests/s grow with processes up to the {result['cpu_count']} CPUs (each step ≥ ×{GOAL_GROWTH}) "
        f"{_yes(goal['grows_with_processes'])} ({growth or 'one step only'}).",
    ]
    if goal["past_the_cores"]:
        lines.append(f"{', '.join(map(str, goal['past_the_cores']))} processes are past the {result['cpu_count']} "
                     "CPUs, which wrk and PostgreSQL share with the app: no growth is expected there.")
    samples = [sample for row in rows for sample in row["dala"]["samples"]]
    if samples:
        lines += ["", "First error bodies:", ""] + [f"- `{sample[:300]}`" for sample in samples[:8]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------


def parse_weights(text: str) -> dict[str, int]:
    from load_mix import KINDS

    weights: dict[str, int] = {}
    for item in text.split(","):
        kind, _sep, weight = item.partition("=")
        if kind.strip() not in KINDS or not weight.strip().isdigit():
            raise SystemExit(f"load: --weights takes kind=number with kinds {', '.join(KINDS)}; not {item!r}")
        if int(weight):
            weights[kind.strip()] = int(weight)
    if not weights:
        raise SystemExit("load: --weights gives nothing to send")
    return weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--artworks", type=int, default=1_000_000)
    parser.add_argument("--processes", default="1,2,4", help="comma-separated granian worker counts")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=30, help="seconds of each measured mix run")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of GETs before each mix run")
    parser.add_argument("--kind-seconds", type=int, default=10, help="seconds of each kind alone (0: skip)")
    parser.add_argument("--blocking-threads", type=int, default=4, help="granian threads per worker (as make run)")
    parser.add_argument("--weights", default=DEFAULT_WEIGHTS)
    parser.add_argument("--buyers", type=int, default=64)
    parser.add_argument("--bidders", type=int, default=16)
    parser.add_argument("--lots", type=int, default=256)
    parser.add_argument("--artwork-pages", type=int, default=3000, help="random works whose pages are read")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep the cluster and its data from an earlier run")
    parser.add_argument("--data-dir", type=Path, help="default: bench/results/load-N.db/ (git ignores it)")
    parser.add_argument("--build-only", action="store_true",
                        help="build (or reuse) the database, then stop without measuring; a later --reuse "
                             "measures on a quiet machine")
    args = parser.parse_args()

    if wrk_binary() is None:
        print("load: wrk is not installed. Install it with:\n    apt-get install -y wrk", file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        print("load: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (or DALA_PG_BINDIR). "
              "Install them with:\n    apt-get install -y postgresql", file=sys.stderr)
        return 2
    if args.bidders < 3:
        raise SystemExit("load: --bidders must be at least 3 (bids on a lot take turns)")
    weights = parse_weights(args.weights)
    processes = [int(part) for part in args.processes.split(",") if part.strip()]
    home = (args.data_dir or RESULTS / f"load-{args.artworks}.db").resolve()
    cluster = Cluster(home, bindir)
    if not args.reuse and home.exists():
        cluster.stop()
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    try:
        if cluster.exists():
            cluster.start()
        else:
            cluster.create()
        say(f"PostgreSQL ({bindir}) on 127.0.0.1:{cluster.port}, data in {cluster.data}")
        env = {**os.environ, "DATABASE_URL": cluster.url, "DALA_VAR_DIR": str(home / "var"), "DALA_DEBUG": "false",
               "DALA_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DALA_RATE_LIMITS": RATE_LIMITS_OFF,
               "DJANGO_SETTINGS_MODULE": "dala.settings"}
        for name in ("REDIS_URL", "DALA_TASKS_BACKEND", "DALA_SQLITE_PATH", "DALA_STATIC_ROOT"):
            env.pop(name, None)  # the app's own defaults, as `make run` would have them
            os.environ.pop(name, None)
        os.environ.update(env)  # for this process's own Django and the `dala` commands
        build_figures = build(home, args.artworks)
        if args.build_only:
            say(f"built in {time.perf_counter() - started:.0f} s; measure with --reuse")
            return 0

        import django

        from load_mix import facts, prepare_people, read_pools

        rng = random.Random(args.seed)
        people = prepare_people(buyers=args.buyers, bidders=args.bidders, lots=args.lots, rng=rng)
        pools = read_pools(artworks=args.artwork_pages, rng=rng)
        close_connections()
        load_at_start = os.getloadavg()
        rows = [measure(count, args, home, env, weights, people, pools, rng, cluster.postmaster())
                for count in processes]
        cpus = os.cpu_count() or 1
        result = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu_count": cpus,
            "python": platform.python_version(), "django": django.get_version(),
            "granian": subprocess.run([str(BIN / "granian"), "--version"], stdout=subprocess.PIPE,
                                      text=True).stdout.strip(),
            "wrk": wrk_version(), "size_asked": args.artworks, "facts": facts(), "build": build_figures,
            "weights": weights, "threads": args.threads, "connections": args.connections, "duration": args.duration,
            "warmup": args.warmup, "kind_seconds": args.kind_seconds, "blocking_threads": args.blocking_threads,
            "rate_limits": RATE_LIMITS_OFF,
            "pools": {"browse": len(pools.browse), "search": len(pools.search), "artwork": len(pools.artwork)},
            "people": {"buyers": len(people.buyers), "bidders": len(people.bidders), "lots": len(people.lots)},
            "load_average_start": load_at_start, "rows": rows, "goals": goals(rows, cpus),
            "wall_s": round(time.perf_counter() - started, 1),
        }
        close_connections()
        write_results(RESULTS, f"load-{args.artworks}", result, markdown)
        return 0
    finally:
        if "django.db" in sys.modules:
            close_connections()
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
