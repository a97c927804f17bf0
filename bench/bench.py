"""`make bench`: how fast the public pages are with the 38 SEND recommendations, then with 250,000. Not part of CI.

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tracker_bench). The database is dropped
and created again, so its name must contain "bench".
1. Migrates, loads the SEND data, collects the static files into a temporary directory.
2. At 38 recommendations, then straight after `generate_demo_data --recommendations N` (250,000 unless told; it
   analyses the tables itself, nothing else does): prints the EXPLAIN ANALYZE plan of every query of every
   page, then serves the site with gunicorn (2 workers, DEBUG off, a throwaway secret key, 127.0.0.1 on a free
   port) and drives each page with wrk at 4 connections for --seconds (a Python client when wrk is missing),
   twice: "served", as the site runs (page cache on: the first request renders, the others are cached), and
   "uncached" (DJANGO_PAGE_CACHE=0: every request renders, as the first view after a write does).
   The sitemap pages are driven together, in turn; /commitments/ is measured where the site has it.
3. Prints, for each mode, page and size, the median and 95th percentile latency and the requests per second,
   the ratio of its median to that of a static file served by whitenoise through the same server (the floor),
   its requests per second over the floor's at 38, and its median at N over its median at 38; the peak memory
   (VmHWM) of the gunicorn workers after the exports, one of which is the whole table; the load average; and
   which of the speed targets hold, among them that every read API list's first page (/api/v1/, with filters and
   every include) answers within API_TARGET_MS at the 95th percentile (so at the 90th too).

--smoke: 1,000 recommendations and one second per page. tests/test_bench_smoke.py runs `explain_page`,
`time_in_process` and `table` through Django's test client on the test database.
"""

import argparse
import contextlib
import functools
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.serve import free_port, get, site_environment, start_gunicorn, stop_gunicorn

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
CONNECTIONS = 4
REPORT = "special-educational-needs-and-disabilities"
THEME = "funding"
COMMITTEE = "education-committee"
COMMON_WORD, RARE_WORD = "local", "lighthouses"  # in about 22% and 0.06% of the demo recommendations
DEEPEST_PAGE = 400  # listing.MAX_PAGES: the list pages no deeper
SITEMAP_PAGES = "sitemap pages, in turn"
PAGES = (
    ("home", "/"),
    ("list", "/recommendations/"),
    ("list: rejected, one theme", f"/recommendations/?status=rejected&theme={THEME}"),
    ("list: deepest page", f"/recommendations/?page={DEEPEST_PAGE}"),
    ("search: common word", f"/recommendations/?q={COMMON_WORD}"),
    ("search: government", "/recommendations/?q=government"),
    ("search: government, rejected", "/recommendations/?q=government&status=rejected"),
    ("search: two words", "/recommendations/?q=funding+schools"),
    (
        "list: four filters",
        "/recommendations/?status=accepted&status=noted&implementation=not_assessed&kind=recommendation",
    ),
    ("search: rare word", f"/recommendations/?q={RARE_WORD}"),
    ("recommendation", f"/reports/{REPORT}/18/"),
    ("theme", f"/themes/{THEME}/"),
    ("report", f"/reports/{REPORT}/"),
    ("sitemap index", "/sitemap.xml"),
    (SITEMAP_PAGES, None),  # every page the index lists, space-separated (see pages())
    ("export CSV: rejected", "/recommendations/export.csv?status=rejected"),
    ("list: implemented", "/recommendations/?implementation=implemented"),
    ("commitments: overdue", "/commitments/?state=overdue"),
    ("commitments feed", "/commitments/feed/"),
    ("themes", "/themes/"),
    ("reviews", "/reviews/"),
    ("review", "/reviews/send-review/"),
    ("committees", "/committees/"),
    ("committee", "/committees/education-committee/"),
    ("departments", "/departments/"),
    ("responses awaited", "/responses/awaited/"),
    (
        "responses awaited: Lords, one department",
        "/responses/awaited/?house=House+of+Lords&department=demo-department-2",
    ),
    ("responses overdue feed", "/responses/awaited/feed/"),
)
API_INCLUDE = "include=replies,history,commitments,questions"
# The read API's lists, first page, with the list's filters and every include; held to their own target. (The
# themes, committees and deletions are one query of a small table each.)
API_PAGES = (
    ("api: recommendations", f"/api/v1/recommendations/?{API_INCLUDE}"),
    ("api: rejected, one theme", f"/api/v1/recommendations/?status=rejected&theme={THEME}&{API_INCLUDE}"),
    ("api: search common word", f"/api/v1/recommendations/?q={COMMON_WORD}&{API_INCLUDE}"),
    ("api: search rare word", f"/api/v1/recommendations/?q={RARE_WORD}&{API_INCLUDE}"),
    ("api: report, 100 a page", f"/api/v1/recommendations/?report={REPORT}&page_size=100&{API_INCLUDE}"),
    (
        "api: implemented, committee",
        f"/api/v1/recommendations/?implementation=implemented&committee={COMMITTEE}&{API_INCLUDE}",
    ),
    ("api: updated since", f"/api/v1/recommendations/?updated_since=2020-01-01T00:00:00Z&{API_INCLUDE}"),
    ("api: reports", f"/api/v1/reports/?committee={COMMITTEE}&page_size=100"),
    ("api: commitments overdue", "/api/v1/commitments/?state=overdue&page_size=100"),
    ("api: questions", "/api/v1/questions/?page_size=100"),
    ("api: reviews", "/api/v1/reviews/?page_size=100"),
)
PAGES = (*PAGES, *API_PAGES)
API_TARGET_MS = 150  # p90 of every API list's first page, at 250,000: the p95 measured is the stricter bound
OPTIONAL_PAGES = (("commitments", "/commitments/"),)  # measured where the site has them
FLOOR = "static file (floor)"
MODES = {"served": "1", "uncached": "0"}  # DJANGO_PAGE_CACHE
TARGET_P95_MS, TARGET_GROWTH, TARGET_SHARE_OF_FLOOR = 100, 2.0, 0.25
UNCACHED_TARGET_MS = 150  # p90 of every page built from scratch at the largest size: the p95 is the stricter bound
POSTGRES_SETTINGS = (
    "shared_buffers",
    "work_mem",
    "effective_cache_size",
    "random_page_cost",
    "jit",
    "max_parallel_workers_per_gather",
)
FULL_EXPORT = "/recommendations/export.csv"
EXPLAINED_QUERIES = 12  # per page: an export runs three more for every 500 rows, all alike
WRK_SCRIPT = """
local paths = {PATHS}
local counter = 0
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
local codes = {}
function response(status, headers, body)
  if status ~= 200 then codes[status] = (codes[status] or 0) + 1 end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def log(message: str = "") -> None:
    print(message, flush=True)


def pages(static_url: str, sitemap_pages: list[str] | None = None, optional: bool = False) -> list[tuple[str, str]]:
    """(name, path) of each page measured, the floor last. A path may be several, space-separated, driven in
    turn: the sitemap pages (or the index alone, when they are not given). `optional`: the site has them."""
    found = [(name, path or " ".join(sitemap_pages or ["/sitemap.xml"])) for name, path in PAGES]
    return [*found, *(OPTIONAL_PAGES if optional else ()), (FLOOR, static_url)]


# In-process, with Django set up: plans and timings through the test client.


def explain_page(client, path: str, limit: int = EXPLAINED_QUERIES) -> str:
    """Request a page and return its status, size and query count, then each query's SQL with its plan
    (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = path.split()[0]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        size = len(b"".join(response.streaming_content) if response.streaming else response.content)
    lines = [f"### {path}: status {response.status_code}, {size} bytes, {len(captured)} queries"]
    postgres = connection.vendor == "postgresql"
    for number, query in enumerate(captured.captured_queries[:limit], start=1):
        sql = query["sql"]
        if sql.startswith("DECLARE"):  # a server-side cursor (the exports): explain its query
            sql = sql.split(" FOR ", 1)[1]
        if not sql.lstrip("( ").upper().startswith(("SELECT", "WITH")):
            continue
        with connection.cursor() as cursor:
            cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN ") + sql)
            plan = [" ".join(str(column) for column in row) for row in cursor.fetchall()]
        lines += [f"-- query {number}: {sql}", *plan, ""]
    if len(captured) > limit:
        lines.append(f"({len(captured) - limit} more queries like the ones above)")
    return "\n".join(lines)


def time_in_process(client, path: str, requests: int) -> dict:
    """Median and 95th percentile (ms) and requests per second of `requests` requests one after another."""
    latencies = []
    started = time.monotonic()
    for number in range(requests):
        began = time.monotonic()
        response = client.get(path.split()[number % len(path.split())])
        if response.streaming:
            b"".join(response.streaming_content)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        latencies.append((time.monotonic() - began) * 1000)
    return summarise(latencies, time.monotonic() - started)


def summarise(latencies: list[float], seconds: float, errors: int = 0) -> dict:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else float("nan")
    return {
        "p50": statistics.median(ordered) if ordered else float("nan"),
        "p95": p95,
        "rps": len(ordered) / seconds if seconds else float("nan"),
        "requests": len(ordered),
        "errors": errors,
    }


def table(results: dict[int, dict[str, dict]], memory: dict[int, str] | None = None) -> str:
    """The results as a text table, one row per page, the floor last; `results` is {size: {page: summary}}.

    For each size: median and 95th percentile latency (ms) and requests per second; then each page's median
    over the floor's median at each size; its requests per second over the floor's at the smallest size; last,
    its median at the largest size over its median at the smallest.
    """
    sizes = sorted(results)
    first, last = sizes[0], sizes[-1]
    growth = f"{last:,}/{first:,}"
    head = f"{'':28}" + "".join(f" | {f'{size:,} recommendations':>27}" for size in sizes)
    head += f" | {'median / floor median':>{10 * len(sizes)}} | {'req/s of':>10} | {'median':>{len(growth)}}"
    columns = f"{'page':28}" + " | median ms    p95 ms   req/s" * len(sizes)
    columns += " | " + "".join(f"{size:>10,}" for size in sizes) + f" | {f'floor {first:,}':>10} | {growth}"
    lines = [head, columns, "-" * len(columns)]
    for name in results[first]:
        row = f"{name:28}"
        for size in sizes:
            got = results[size][name]
            row += f" | {got['p50']:9.1f} {got['p95']:9.1f} {got['rps']:7.1f}"
        row += " | " + "".join(f"{ratio(results[size][name], results[size][FLOOR]):10.1f}" for size in sizes)
        row += f" | {share_of_floor(results[first], name):10.2f}"
        row += f" | {ratio(results[last][name], results[first][name]):>{len(growth)}.2f}"
        lines.append(row)
    for size in sizes:
        errors = sum(got["errors"] for got in results[size].values())
        if errors:
            lines.append(f"{errors} failed or non-200 responses at {size:,} recommendations")
    lines += [f"at {size:,}: {text}" for size, text in (memory or {}).items()]
    return "\n".join(lines)


def ratio(one: dict, other: dict) -> float:
    return one["p50"] / other["p50"] if other["p50"] else float("nan")


def share_of_floor(at_size: dict[str, dict], name: str) -> float:
    """The page's requests per second over the static file's, at one size."""
    floor = at_size[FLOOR]["rps"]
    return at_size[name]["rps"] / floor if floor else float("nan")


def targets(results: dict[int, dict[str, dict]], mode: str) -> list[str]:
    """Which speed targets hold for one mode's results (the exports are not pages)."""
    sizes = sorted(results)
    first, last = sizes[0], sizes[-1]
    names = [name for name in results[last] if name != FLOOR and not name.startswith(("export", "api"))]
    slow = [
        f"{name} ({results[last][name]['p95']:.0f} ms)" for name in names if results[last][name]["p95"] >= TARGET_P95_MS
    ]
    grown = [
        f"{name} (×{ratio(results[last][name], results[first][name]):.1f})"
        for name in names
        if ratio(results[last][name], results[first][name]) > TARGET_GROWTH
    ]
    behind = [
        f"{name} ({share_of_floor(results[first], name):.0%})"
        for name in names
        if share_of_floor(results[first], name) < TARGET_SHARE_OF_FLOOR
    ]

    def verdict(what: str, failing: list[str]) -> str:
        return f"{mode}: {what}: " + ("met" if not failing else "NOT met by " + ", ".join(failing))

    verdicts = [
        verdict(f"p95 < {TARGET_P95_MS} ms at {last:,}", slow),
        verdict(f"median at {last:,} ≤ {TARGET_GROWTH:g}× median at {first:,}", grown),
        verdict(f"req/s ≥ {TARGET_SHARE_OF_FLOOR:.0%} of the static file's at {first:,}", behind),
    ]
    if mode == "uncached":
        from_scratch = [
            f"{name} ({results[last][name]['p95']:.0f} ms)"
            for name in names
            if results[last][name]["p95"] >= UNCACHED_TARGET_MS
        ]
        verdicts.append(verdict(f"built from scratch, p95 (≥ p90) < {UNCACHED_TARGET_MS} ms at {last:,}", from_scratch))
    return verdicts


def api_target(results: dict[int, dict[str, dict]], mode: str) -> str:
    """Whether every API list's first page answers within API_TARGET_MS at the largest size (p95, so p90 too)."""
    last = max(results)
    slow = [
        f"{name} ({results[last][name]['p95']:.0f} ms)"
        for name in results[last]
        if name.startswith("api") and results[last][name]["p95"] >= API_TARGET_MS
    ]
    what = f"API first pages p95 (≥ p90) < {API_TARGET_MS} ms at {last:,}"
    return f"{mode}: {what}: " + ("met" if not slow else "NOT met by " + ", ".join(slow))


# The real run: a database of its own, gunicorn, wrk.


def reset_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or "bench" not in name:
        raise SystemExit(f"DATABASE_URL must name a PostgreSQL database whose name contains 'bench', not {url}")
    server = {"host": parts.hostname, "port": parts.port, "user": parts.username, "password": parts.password}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def set_up_django(url: str, static_root: str) -> dict:
    """Configure Django in this process (DEBUG off, bench settings); return the environment for gunicorn."""
    # The API's anonymous rate limit would refuse the load: lifted for the benchmark.
    env = site_environment(url, static_root=static_root, DJANGO_API_ANONYMOUS_RATE_LIMIT="1000000000")
    for key in [key for key in os.environ if key.startswith("DJANGO_")]:
        del os.environ[key]
    os.environ.update(env, DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver")
    import django

    django.setup()
    return env


def workers_peak_memory(server: subprocess.Popen) -> float:
    """The largest VmHWM (peak resident memory) of the gunicorn master's children, in MB."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server.pid) and "VmHWM" in fields:
            peak = max(peak, int(fields["VmHWM"].split()[0]))
    return peak / 1024


def run_wrk(port: int, path: str, seconds: float) -> dict:
    """wrk on the path, or on each of several space-separated paths in turn."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in path.split()) + "}"))
    try:
        command = [
            "wrk",
            "--threads=2",
            f"--connections={CONNECTIONS}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=60s",
        ]
        command += [f"--script={script.name}", f"http://127.0.0.1:{port}"]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120).stdout
    finally:
        os.unlink(script.name)
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result for {path}:\n{output}")
    got = json.loads(line.removeprefix("RESULT "))
    return {**got, "rps": got["requests"] / got["seconds"]}


def run_python_client(port: int, path: str, seconds: float, requests: int = 500) -> dict:
    """CONNECTIONS threads, each requesting until the time is up, `requests` times at most."""
    deadline = time.monotonic() + seconds
    latencies, errors = [], []

    def worker():
        for number in range(requests):
            if time.monotonic() > deadline:
                return
            began = time.monotonic()
            status = get(port, path.split()[number % len(path.split())], keep_body=False).status
            (latencies if status == 200 else errors).append((time.monotonic() - began) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(latencies, time.monotonic() - started, len(errors))


@contextlib.contextmanager
def serving(env: dict, name: str):
    """gunicorn on a free loopback port, for the time of the block: yields the port and the server."""
    port = free_port()
    server = start_gunicorn(env, port, Path(tempfile.gettempdir()) / f"tracker-bench-gunicorn-{name}.log")
    try:
        yield port, server
    finally:
        stop_gunicorn(server)


def measure(env: dict, paths: list[tuple[str, str]], seconds: float, size: int, smoke: bool, mode: str):
    """Drive each page in turn in one mode; returns the summaries and a line on memory. The exports are served
    by workers of their own (in the "served" mode only), so that their peak memory is the exports' (with the
    full table exported last). A smoke run sends each page a few requests from the Python client."""
    if smoke:
        drive = functools.partial(run_python_client, requests=3)
    else:
        drive = run_wrk if shutil.which("wrk") else run_python_client
    env = {**env, "DJANGO_PAGE_CACHE": MODES[mode]}
    results, memory = {}, "no export measured"
    exports = [(name, path) for name, path in paths if "/export." in path]
    groups = [("pages", [page for page in paths if page not in exports])]
    if mode == "served":
        groups.append(("exports", exports))
    for group, batch in groups:
        with serving(env, f"{size}-{mode}-{group}") as (port, server):
            log(f"--- {size:,} recommendations, {mode}, {group}: gunicorn on 127.0.0.1:{port}, load {load_average()}")
            for name, path in batch:
                began = time.monotonic()
                for one in path.split():  # warm up, and check
                    status = get(port, one, timeout=300, keep_body=False).status
                    if status != 200:
                        raise SystemExit(f"{one} answered {status}")
                # A slow page (an export) runs long enough for several requests to finish.
                results[name] = got = drive(port, path, max(seconds, 4 * (time.monotonic() - began)))
                log(f"{name:28} median {got['p50']:8.1f} ms  p95 {got['p95']:8.1f} ms  {got['rps']:7.1f} req/s")
            if group == "exports":
                memory = export_memory(port, server)
    return {name: results[name] for name, _ in paths if name in results}, memory


def export_memory(port: int, server) -> str:
    began = time.monotonic()
    answer = get(port, FULL_EXPORT, timeout=600, keep_body=False)
    memory = (
        f"export workers' peak memory (VmHWM) {workers_peak_memory(server):.0f} MB, after {FULL_EXPORT} "
        f"answered {answer.status} with {answer.size / 1e6:.1f} MB in {time.monotonic() - began:.1f} s"
    )
    log(memory)
    return memory


def sitemap_pages() -> list[str]:
    """The paths of the sitemap pages the index lists (in-process)."""
    import re

    from django.test import Client

    index = Client().get("/sitemap.xml").content.decode()
    return [urllib.parse.urlsplit(url).path for url in re.findall(r"<loc>(.*?)</loc>", index)]


def has_page(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def print_plans(paths: list[tuple[str, str]]) -> None:
    from django.test import Client

    client = Client()
    for name, path in paths:
        if name != FLOOR:
            log(explain_page(client, path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--seconds", type=float, default=8, help="of load per page and size (default 8)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smoke", action="store_true", help="1,000 recommendations, a few requests per page")
    args = parser.parse_args()
    if args.smoke:
        args.recommendations, args.seconds = 1000, 1
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not shutil.which("wrk") and not args.smoke:
        log("wrk is not installed (Debian: apt-get install wrk): a Python client drives the load instead, and its")
        log("own CPU use on this machine makes the figures worse than wrk's would be.")
    log(f"--- resetting {url}; load average {load_average()}")
    reset_database(url)
    static_root = tempfile.mkdtemp(prefix="tracker-bench-static-")
    try:
        env = set_up_django(url, static_root)
        from django.core.management import call_command
        from django.db import connection
        from django.templatetags.static import static

        from recommendations.models import Recommendation

        call_command("migrate", verbosity=0)
        call_command("load_send_data", stdout=io.StringIO())
        call_command("collectstatic", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            log(cursor.fetchone()[0])
            cursor.execute(f"SELECT name, setting, unit FROM pg_settings WHERE name IN {POSTGRES_SETTINGS}")
            log("; ".join(f"{name} {setting}{unit or ''}" for name, setting, unit in cursor.fetchall()))
        results, memory = {mode: {} for mode in MODES}, {}
        for step in ("SEND data", "demo data"):
            if step == "demo data":
                log(f"--- generate_demo_data --recommendations {args.recommendations:,} (no other ANALYZE)")
                began = time.monotonic()
                call_command("generate_demo_data", recommendations=args.recommendations, seed=args.seed, force=True)
                log(f"generated in {time.monotonic() - began:.0f} s")
            size = Recommendation.objects.count()
            paths = pages(static("tracker.css"), sitemap_pages(), optional=has_page(OPTIONAL_PAGES[0][1]))
            log(f"--- {size:,} recommendations: the queries of each page and their plans")
            print_plans(paths)
            connection.close()
            for mode in MODES:
                results[mode][size], used = measure(env, paths, args.seconds, size, args.smoke, mode)
                memory.setdefault(size, used)
        log()
        tool = "wrk" if shutil.which("wrk") else "Python client"
        if args.smoke:
            tool = "Python client, 3 requests per connection"
        for mode in MODES:
            log(
                f"=== {mode}: {CONNECTIONS} connections ({tool}), 2 gunicorn workers, {args.seconds:g} s a page or more"
            )
            log(table(results[mode], memory if mode == "served" else None))
            log()
        log("=== targets")
        for mode in MODES:
            for line in targets(results[mode], mode):
                log(line)
            log(api_target(results[mode], mode))
        log(f"load average at the end: {load_average()} (1, 5, 15 minutes; {os.cpu_count()} CPUs)")
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
