"""`make loadtest`: the site under load on PostgreSQL, and PostgreSQL stopped under load. Not part of CI.

1. Creates the database of DATABASE_URL if missing (default postgres://postgres@127.0.0.1:5432/tracker_load; an
   existing database is never dropped), migrates, loads the SEND data, collects the static files.
2. Serves it with gunicorn, 2 workers, DEBUG off, a throwaway secret key, on 127.0.0.1 only.
   With --demo N, adds N demo recommendations over many reports (generate_demo_data).
3. Drives it for --duration seconds (60) at --connections (64) over loopback, rotating through list, search,
   detail and export pages, with wrk (Debian's `wrk`) or, without it, a Python client, while a simulated editor
   changes one recommendation's status every --editor-seconds (3; 0: none; only on a database whose name says
   "load", as the default's does); prints requests per second, latency percentiles, the count of non-2xx
   responses and the page cache's hit rate (X-Page-Cache).
4. Fault (unless --no-fault, and only for a PostgreSQL cluster on this machine): a second run during which
   PostgreSQL is stopped for --fault-seconds (at most 10) and started again. Prints how many requests got the
   503 page, how quick it was, and how long the site took to answer 2xx again without a restart.

Every request goes to 127.0.0.1; every loop ends by itself (duration-bound); PostgreSQL is started again
whatever happens.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse

import psycopg

from bench.serve import ROOT, VENV_BIN, free_port, get, site_environment, start_gunicorn, stop_gunicorn

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_load"
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
ARTIFACTS = ROOT / "test-artifacts"
MAX_DOWNTIME = 10

WRK_SCRIPT = """
local paths = {PATHS}
local counter = 0
local threads = {}
statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local served = headers["X-Page-Cache"]
  if served then statuses[served] = (statuses[served] or 0) + 1 end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      totals[tostring(code)] = (totals[tostring(code)] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(totals) do table.insert(parts, string.format('"%s": %d', code, n)) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f, '
    .. '"socket_errors": %d, "timeouts": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, e.connect + e.read + e.write, e.timeout,
    table.concat(parts, ", ")))
end
"""


def log(message: str) -> None:
    print(message, flush=True)


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


# The database and the server


def ensure_database(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = {"host": parts.hostname, "port": parts.port, "user": parts.username, "password": parts.password}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"--- creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict) -> None:
    manage = [str(VENV_BIN / "python"), "manage.py"]
    log("--- migrate, load the SEND data, collectstatic")
    run([*manage, "migrate", "--verbosity", "0"], env)
    loaded = subprocess.run([*manage, "load_send_data"], cwd=ROOT, env=env)
    if loaded.returncode != 0:
        log("load_send_data failed or is missing: loading the test builders' data instead")
        code = (
            "from recommendations.models import Report; from tests.builders import build_report; "
            "Report.objects.exists() or build_report(38)"
        )
        run([*manage, "shell", "-c", code], env)
    run([*manage, "collectstatic", "--no-input", "--verbosity", "0"], env)


def discover_paths(port: int) -> list[str]:
    """List, search, detail and export pages of the loaded data; each must answer 200 before the run."""
    answer = get(port, "/recommendations/export.json", timeout=60)
    if answer.status != 200:
        raise SystemExit(f"/recommendations/export.json answered {answer.status}")
    results = json.loads(answer.body)["results"]
    if not results:
        raise SystemExit("no recommendations loaded")
    themes = sorted({slug for result in results for slug in result["themes"]})
    report = results[0]["report"]
    step = max(len(results) // 10, 1)
    details = [result["url"] for result in results[::step]][:10]
    paths = [
        "/recommendations/",
        "/recommendations/?page=2",
        "/recommendations/?status=accepted",
        "/recommendations/?status=under_review&status=noted",
        "/recommendations/?kind=conclusion&ordering=changed",
        *[f"/recommendations/?theme={slug}" for slug in themes[:3]],
        "/recommendations/?q=SENCO",
        "/recommendations/?q=therapy",
        "/recommendations/?q=local+authorities",
        "/recommendations/?q=education+health+and+care+plans",
        f"/reports/{report}/",
        *details,
        "/recommendations/export.csv",
        "/recommendations/export.json?status=rejected",
        *[f"/recommendations/export.json?theme={slug}" for slug in themes[:1]],
    ]
    for path in paths:
        status = get(port, path, timeout=60).status
        if status != 200:
            raise SystemExit(f"{path} answered {status} before the load; fix it first")
    return paths


# The load

EDITOR = """
import datetime, random, time
from recommendations.models import Recommendation, Status
from recommendations.services.status import record_status
rng = random.Random(1)
ids = list(Recommendation.objects.values_list("pk", flat=True))
choices = [Status.ACCEPTED, Status.NOTED, Status.REJECTED, Status.UNDER_CONSIDERATION]
deadline, writes = time.monotonic() + {seconds}, 0
while time.monotonic() + {interval} < deadline:
    time.sleep({interval})
    recommendation = Recommendation.objects.get(pk=rng.choice(ids))
    record_status(
        recommendation=recommendation,
        status=rng.choice([status for status in choices if status != recommendation.status]),
        effective_on=datetime.date.today(),
        note="Load test: a simulated editor.",
    )
    writes += 1
print(writes)
"""


def drive_with_editor(env: dict, port: int, paths: list[str], args) -> dict:
    """The load, with a simulated editor writing through the status service in a process of its own."""
    if not args.editor_seconds:
        return drive(port, paths, args.duration, args.connections)
    code = EDITOR.format(seconds=args.duration, interval=args.editor_seconds)
    command = [str(VENV_BIN / "python"), "manage.py", "shell", "-c", code]
    editor = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        result = drive(port, paths, args.duration, args.connections)
        output, _ = editor.communicate(timeout=60)
    finally:
        if editor.poll() is None:
            editor.kill()
    result.update(writes=int(output.strip().splitlines()[-1]), editor_seconds=args.editor_seconds)
    return result


def load_with_wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    lua_paths = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.replace("{PATHS}", lua_paths))
    try:
        command = ["wrk", "--threads=2", f"--connections={connections}", f"--duration={seconds}s"]
        command += ["--timeout=10s", f"--script={script.name}", f"http://127.0.0.1:{port}"]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit("wrk printed no result:\n" + output)
    result = json.loads(line.removeprefix("RESULT "))
    result["tool"] = "wrk 2 threads"
    return result


def load_with_python(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    """The fallback without wrk: one thread per connection, each looping until the deadline."""
    deadline = time.monotonic() + seconds
    latencies, statuses, errors = [], collections.Counter(), collections.Counter()
    lock = threading.Lock()

    def worker(offset: int) -> None:
        mine, codes, failures = [], collections.Counter(), collections.Counter()
        index = offset
        while time.monotonic() < deadline:
            index = (index + 1) % len(paths)
            started = time.monotonic()
            try:
                answer = get(port, paths[index], timeout=10, keep_body=False)
                status = answer.status
            except TimeoutError:
                failures["timeouts"] += 1
                continue
            except OSError:
                failures["socket_errors"] += 1
                time.sleep(0.01)
                continue
            mine.append((time.monotonic() - started) * 1000)
            codes[str(status)] += 1
            if served := answer.headers.get("X-Page-Cache"):
                codes[served] += 1
        with lock:
            latencies.extend(mine)
            statuses.update(codes)
            errors.update(failures)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(int(len(latencies) * p / 100), len(latencies) - 1)] if latencies else 0.0

    return {
        "tool": "Python client (wrk not installed)",
        "requests": len(latencies),
        "seconds": time.monotonic() - started,
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
        "max": latencies[-1] if latencies else 0.0,
        "socket_errors": errors["socket_errors"],
        "timeouts": errors["timeouts"],
        "statuses": dict(statuses),
    }


def drive(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    if shutil.which("wrk"):
        return load_with_wrk(port, paths, seconds, connections)
    return load_with_python(port, paths, seconds, connections)


def print_result(title: str, result: dict) -> None:
    statuses = dict(result["statuses"])
    hits, misses = statuses.pop("hit", 0), statuses.pop("miss", 0)
    non_2xx = sum(n for code, n in statuses.items() if not code.startswith("2"))
    log(f"=== {title} ({result['tool']})")
    log(f"requests:          {result['requests']} in {result['seconds']:.1f} s")
    log(f"requests/second:   {result['requests'] / result['seconds']:.1f}")
    log(
        f"latency (ms):      p50 {result['p50']:.1f}  p95 {result['p95']:.1f}  p99 {result['p99']:.1f}  "
        f"max {result['max']:.1f}"
    )
    log(f"status codes:      {dict(sorted(statuses.items()))}")
    log(f"non-2xx responses: {non_2xx}")
    log(f"socket errors:     {result['socket_errors']}  timeouts: {result['timeouts']}")
    if hits + misses:
        log(f"page cache:        {hits} hits, {misses} misses: {hits / (hits + misses):.1%} hit rate")
    if "writes" in result:
        log(f"editor:            {result['writes']} status changes, one every {result['editor_seconds']:g} s")


# The fault


def postgres_cluster_command(action: str) -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    return command if os.geteuid() == 0 else ["sudo", "-n", *command]


def can_stop_postgres(url: str) -> str | None:
    """Why the fault test cannot run here, or None."""
    if urllib.parse.urlsplit(url).hostname not in LOCAL_HOSTS:
        return "the database is not on this machine"
    if not shutil.which("pg_ctlcluster") or not os.path.isdir("/etc/postgresql"):
        return "pg_ctlcluster is not available (Debian's postgresql-common)"
    return None


def probe(port: int, until: float, samples: list) -> None:
    """One request every 100 ms beside the load: (time, status, latency in ms, body of the first 503)."""
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            answer = get(port, "/recommendations/?status=rejected", timeout=15)
            status, headers, body = answer.status, answer.headers, answer.body
        except OSError:
            status, headers, body = 0, {}, b""
        samples.append((started, status, (time.monotonic() - started) * 1000, headers, body))
        time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))


def fault_run(port: int, paths: list[str], connections: int, downtime: int) -> None:
    before, after = 10, 20
    seconds = before + downtime + after
    log(f"--- fault: {seconds} s of load; PostgreSQL stopped after {before} s for {downtime} s")
    samples: list = []
    result: dict = {}
    load = threading.Thread(target=lambda: result.update(drive(port, paths, seconds, connections)))
    watcher = threading.Thread(target=probe, args=(port, time.monotonic() + seconds, samples))
    load.start()
    watcher.start()
    stopped_at = started_at = None
    try:
        time.sleep(before)
        subprocess.run(postgres_cluster_command("stop"), check=True)
        stopped_at = time.monotonic()
        log("PostgreSQL stopped")
        time.sleep(max(0, downtime - 3))  # stopping takes about a second, starting about two
    finally:
        started = subprocess.run(postgres_cluster_command("start"))
        started_at = time.monotonic()
        if started.returncode != 0:
            log(f"pg_ctlcluster start exited with {started.returncode}: check PostgreSQL by hand")
        log(f"PostgreSQL started again after {started_at - (stopped_at or started_at):.1f} s")
    load.join()
    watcher.join()
    print_result("load with PostgreSQL stopped and started again", result)

    unavailable = [sample for sample in samples if sample[1] == 503]
    other = collections.Counter(sample[1] for sample in samples if sample[1] not in (200, 503))
    recovered = next((sample for sample in samples if sample[0] >= started_at and sample[1] == 200), None)
    log(f"probe (one request every 100 ms): {len(samples)} requests, {len(unavailable)} answered 503")
    if unavailable:
        times = sorted(sample[2] for sample in unavailable)
        first = unavailable[0]
        clean = b"Traceback" not in first[4] and b"OperationalError" not in first[4]
        if stopped_at:
            log(f"first 503 sent {first[0] - stopped_at:+.1f} s after the stop returned")
        log(
            f"503 answers took {times[len(times) // 2]:.0f} ms (median), {times[-1]:.0f} ms at most; "
            f"Retry-After: {first[3].get('Retry-After')}; no stack trace: {clean}"
        )
    if other:
        log(f"other answers to the probe: {dict(other)} (0 = no answer)")
    if recovered:
        last_bad = max((s[0] for s in samples if s[1] != 200 and s[0] < recovered[0]), default=started_at)
        log(
            f"recovered without a restart: first 2xx {recovered[0] - started_at:.1f} s after PostgreSQL was "
            f"started (last non-2xx {last_bad - started_at:+.1f} s)"
        )
    else:
        log("NOT RECOVERED: no 2xx after PostgreSQL was started")
    still_failing = [s for s in samples if s[0] >= started_at + 5 and s[1] != 200]
    log(f"non-2xx later than 5 s after the start: {len(still_failing)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--no-fault", action="store_true", help="skip stopping PostgreSQL")
    parser.add_argument("--fault-only", action="store_true", help="only the run with PostgreSQL stopped")
    parser.add_argument("--fault-seconds", type=int, default=10, help=f"at most {MAX_DOWNTIME}")
    parser.add_argument("--editor-seconds", type=float, default=3, help="between the editor's writes; 0: none")
    parser.add_argument("--demo", type=int, default=0, help="demo recommendations to add (many reports)")
    args = parser.parse_args()
    if not 1 <= args.duration <= 600 or not 1 <= args.connections <= 1000:
        parser.error("keep --duration within 1..600 s and --connections within 1..1000")

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("DATABASE_URL must name a PostgreSQL database")
    ensure_database(url)
    if "load" not in urllib.parse.urlsplit(url).path:
        log("--- no simulated editor: the database's name does not say it is for load tests")
        args.editor_seconds = 0
    env = site_environment(url)
    prepare(env)
    if args.demo:
        log(f"--- generate_demo_data --recommendations {args.demo}")
        run(
            [
                str(VENV_BIN / "python"),
                "manage.py",
                "generate_demo_data",
                "--recommendations",
                str(args.demo),
                "--force",
            ],
            env,
        )
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    error_log = ARTIFACTS / "loadtest-gunicorn.log"
    log(f"--- gunicorn, 2 workers, on 127.0.0.1:{port} (log: {error_log.relative_to(ROOT)})")
    server = start_gunicorn(env, port, error_log)
    try:
        paths = discover_paths(port)
        log(f"--- {len(paths)} paths: list, search, detail and export pages")
        if not args.fault_only:
            log(f"--- {args.duration} s at {args.connections} connections")
            print_result("load", drive_with_editor(env, port, paths, args))
        reason = can_stop_postgres(url)
        if args.no_fault:
            log("--- fault test skipped (--no-fault)")
        elif reason:
            log(f"--- fault test skipped: {reason}")
        else:
            fault_run(port, paths, args.connections, min(args.fault_seconds, MAX_DOWNTIME))
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
