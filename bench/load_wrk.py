"""wrk for bench/load.py: the Lua script that replays a prepared request list, running wrk, and reading
what it reports.

Each wrk thread reads its own file ``thread-<n>.tsv`` (one request a line: kind, method, path, bearer
token, JSON body, separated by tabs) and sends its lines in order, so that a POST made unique for this
run (an offer on one (buyer, work) pair, a bid at one amount) is sent once. If a thread gets to the end
of its list, it starts again with the GETs only (``once`` mode: the POSTs would be duplicates, refused by
the app), or with everything (``repeat`` mode, for the hello-world floor and warm-ups, where nothing is
refused); the report then says the list ran out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

LUA = r"""-- Written by bench/load.py: each thread replays its own slice of the prepared requests.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local dir, mode = args[1], args[2]
  repeat_posts = mode == "repeat"
  requests, is_post = {}, {}
  local has_get = false
  local file = assert(io.open(dir .. "/thread-" .. id .. ".tsv", "r"))
  for line in file:lines() do
    local kind, method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if kind then
      -- A browser's User-Agent: pages count views for people, not for robots (an empty one is a robot's).
      local headers = {["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
      if token ~= "" then headers["Authorization"] = "Bearer " .. token end
      if body == "" then body = nil else headers["Content-Type"] = "application/json" end
      requests[#requests + 1] = wrk.format(method, path, headers, body)
      is_post[#requests] = method ~= "GET"
      if method == "GET" then has_get = true end
    end
  end
  file:close()
  -- A list of POSTs only (a one-kind run) can only start again from the top: the report flags it.
  if not has_get then repeat_posts = true end
  index, first_pass, wraps = 0, 0, 0
  statuses, samples, sample_count = {}, {}, 0
end

function request()
  while true do
    index = index + 1
    if index > #requests then
      index, wraps = 1, wraps + 1
    end
    if wraps == 0 then first_pass = index end
    if wraps == 0 or repeat_posts or not is_post[index] then
      return requests[index]
    end
  end
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if (status < 200 or status >= 400) and sample_count < 5 then
    sample_count = sample_count + 1
    local text = string.sub(body or "", 1, 400)
    samples[sample_count] = key .. " " .. (string.gsub(text, "%s+", " "))
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("@load summary %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", summary.duration,
    summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("@load latency p%s %.0f\n", tostring(p), latency:percentile(p)))
  end
  io.write(string.format("@load latency max %.0f\n", latency.max))
  io.write(string.format("@load latency mean %.0f\n", latency.mean))
  for _, thread in ipairs(threads) do
    local id = thread:get("id")
    io.write(string.format("@load thread %d %.0f %.0f\n", id, thread:get("first_pass"), thread:get("wraps")))
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("@load status %s %.0f\n", status, n))
    end
    for _, sample in ipairs(thread:get("samples")) do
      io.write("@load sample " .. sample .. "\n")
    end
  end
end
"""


def wrk_binary() -> str | None:
    return shutil.which("wrk")


def wrk_version() -> str:
    binary = wrk_binary()
    if binary is None:
        return "missing"
    # wrk prints its version with the usage text and exits 1 when given no URL.
    out = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    return out.splitlines()[0].split(" [")[0].strip() if out else "unknown"  # "wrk 4.1.0 [epoll] Copyright…"


def write_lua(run_dir: Path) -> Path:
    path = run_dir / "mix.lua"
    path.write_text(LUA)
    return path


def run_wrk(*, url: str, run_dir: Path, seconds: int, threads: int, connections: int, mode: str,
            timeout_s: int = 5) -> dict[str, Any]:
    """Run wrk on the requests in ``run_dir`` for ``seconds`` and return what it measured."""
    binary = wrk_binary()
    assert binary is not None
    lua = write_lua(run_dir)
    argv = [binary, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", f"{timeout_s}s",
            "--latency", "-s", str(lua), url, "--", str(run_dir), mode]
    completed = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=seconds + 120)
    if completed.returncode != 0 or "@load summary" not in completed.stdout:
        raise RuntimeError(f"wrk failed (exit {completed.returncode}):\n{completed.stdout[-3000:]}")
    result = parse(completed.stdout)
    result.update(timeout_s=timeout_s, mode=mode)
    if mode == "repeat":
        result["list_ran_out"] = False  # starting again is what this mode is for
    return result


_REQUESTS_PER_S = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)


def parse(output: str) -> dict[str, Any]:
    """wrk's own summary (requests/s) and the ``@load`` lines that the script's done() wrote."""
    statuses: dict[str, int] = {}
    latency_us: dict[str, float] = {}
    threads: list[dict[str, int]] = []
    samples: list[str] = []
    summary: dict[str, int] = {}
    for line in output.splitlines():
        if not line.startswith("@load "):
            continue
        parts = line.split(" ")
        what = parts[1]
        if what == "summary":
            names = ("duration_us", "requests", "bytes", "connect", "read", "write", "status_over_399", "timeout")
            summary = dict(zip(names, (int(float(value)) for value in parts[2:10]), strict=True))
        elif what == "latency":
            latency_us[parts[2]] = float(parts[3])
        elif what == "thread":
            threads.append({"thread": int(parts[2]), "first_pass": int(parts[3]), "wraps": int(parts[4])})
        elif what == "status":
            statuses[parts[2]] = statuses.get(parts[2], 0) + int(parts[3])
        elif what == "sample":
            samples.append(line.removeprefix("@load sample "))
    found = _REQUESTS_PER_S.search(output)
    duration_s = summary["duration_us"] / 1e6
    bad_statuses = {code: count for code, count in sorted(statuses.items()) if not 200 <= int(code) < 400}
    socket_errors = {name: summary[name] for name in ("connect", "read", "write", "timeout") if summary[name]}
    return {
        "requests": summary["requests"],
        "duration_s": round(duration_s, 2),
        "rps": float(found.group(1)) if found else round(summary["requests"] / duration_s, 2),
        "mb_per_s": round(summary["bytes"] / duration_s / 1e6, 2),
        "p50_ms": round(latency_us["p50"] / 1000, 2),
        "p90_ms": round(latency_us["p90"] / 1000, 2),
        "p99_ms": round(latency_us["p99"] / 1000, 2),
        "p99_9_ms": round(latency_us["p99.9"] / 1000, 2),
        "max_ms": round(latency_us["max"] / 1000, 2),
        "mean_ms": round(latency_us["mean"] / 1000, 2),
        "statuses": dict(sorted(statuses.items())),
        "errors": {**{f"status {code}": count for code, count in bad_statuses.items()}, **socket_errors},
        "error_count": sum(bad_statuses.values()) + sum(socket_errors.values()),
        "samples": samples[:10],
        "threads": threads,
        "list_ran_out": any(thread["wraps"] for thread in threads),
    }
