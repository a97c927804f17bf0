"""Exports under gunicorn as deployed (gunicorn.conf.py): do long exports finish, and do they block the pages?
Not CI.

Usage: DATABASE_URL=postgres://…/tracker_hardening_bench .venv/bin/python bench/export_timings.py
  [--rate 262144] [--slow-seconds 60] [--full] [--concurrent 10] [--window 20]

The database must already hold data (manage.py generate_demo_data). Prints:
1. a slow reader of /recommendations/export.csv at --rate bytes/s for --slow-seconds (past gunicorn's 30 s
   timeout), or to its end with --full: lines received, and whether the stream was still open or complete;
2. the home page's response times, sampled twice a second, meanwhile;
3. --concurrent fast readers of the export for --window seconds, and the home page's times meanwhile.
"""

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import ROOT, free_port, get, site_environment, start_gunicorn, stop_gunicorn  # noqa: E402

EXPORT = "/recommendations/export.csv"


class Reader(threading.Thread):
    """Reads the export at `rate` bytes/s (None: as fast as it can) until the end, `stop`, or `seconds`."""

    def __init__(self, port, rate=None, seconds=None, stop=None):
        super().__init__(daemon=True)
        self.port, self.rate, self.seconds, self.stop = port, rate, seconds, stop or threading.Event()
        self.bytes = self.lines = 0
        self.status = None
        self.outcome = "not started"
        self.elapsed = 0.0

    def run(self):
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("GET", EXPORT)
            response = connection.getresponse()
            self.status = response.status
            chunk = 64 * 1024 if self.rate is None else max(1024, self.rate // 10)
            self.outcome = "open"
            while not self.stop.is_set():
                if self.seconds and time.monotonic() - start > self.seconds:
                    break
                data = response.read1(chunk)
                if not data:
                    self.outcome = "complete"
                    break
                self.bytes += len(data)
                self.lines += data.count(b"\n")
                if self.rate:
                    time.sleep(max(0.0, self.bytes / self.rate - (time.monotonic() - start)))
        except (OSError, http.client.HTTPException) as error:
            self.outcome = f"cut ({type(error).__name__}: {error})"
        finally:
            self.elapsed = time.monotonic() - start
            connection.close()


def sample_home(port, until, samples):
    while time.monotonic() < until:
        start = time.monotonic()
        try:
            status = get(port, "/", timeout=60, keep_body=False).status
        except OSError:
            status = None
        samples.append((status, time.monotonic() - start))
        time.sleep(0.5)


def describe_samples(samples) -> str:
    times = sorted(seconds * 1000 for _, seconds in samples)
    if not times:
        return "no samples"
    failed = sum(1 for status, _ in samples if status != 200)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return (
        f"{len(times)} requests, median {statistics.median(times):.0f} ms, 95th {p95:.0f} ms, "
        f"max {times[-1]:.0f} ms, not 200: {failed}"
    )


def slow_reader(port, rate, seconds):
    reader = Reader(port, rate=rate, seconds=seconds)
    samples = []
    reader.start()
    sampler = threading.Thread(target=sample_home, args=(port, time.monotonic() + (seconds or 3600), samples))
    sampler.daemon = True
    sampler.start()
    reader.join()
    sampler.join(timeout=1)
    print(
        f"slow reader at {rate / 1024:.0f} KB/s: HTTP {reader.status}, {reader.lines:,} lines, "
        f"{reader.bytes / 1e6:.1f} MB in {reader.elapsed:.0f} s; stream {reader.outcome}"
    )
    print(f"  home page meanwhile: {describe_samples(samples)}")


def concurrent_readers(port, count, window):
    stop = threading.Event()
    readers = [Reader(port, stop=stop) for _ in range(count)]
    for reader in readers:
        reader.start()
    samples = []
    sample_home(port, time.monotonic() + window, samples)
    stop.set()
    for reader in readers:
        reader.join(timeout=30)
    lines = sum(reader.lines for reader in readers)
    outcomes = sorted({reader.outcome for reader in readers})
    print(f"{count} fast readers for {window} s: {lines:,} lines in all; streams {', '.join(outcomes)}")
    print(f"  home page meanwhile: {describe_samples(samples)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=256 * 1024, help="The slow reader's bytes per second.")
    parser.add_argument("--slow-seconds", type=int, default=60, help="How long the slow reader reads.")
    parser.add_argument("--full", action="store_true", help="The slow reader reads the whole export.")
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--window", type=int, default=20)
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database holding the data to export.")
    port = free_port()
    # gunicorn.conf.py's settings, its 30 s timeout included (the helper's default is the benchmark's 300 s).
    log_file = ROOT / "test-artifacts" / "export-timings-gunicorn.log"
    log_file.parent.mkdir(exist_ok=True)
    server = start_gunicorn(site_environment(url), port, log_file, timeout=30, worker_class=None)
    try:
        samples = []
        sample_home(port, time.monotonic() + 3, samples)
        print(f"home page alone: {describe_samples(samples)}")
        slow_reader(port, arguments.rate, None if arguments.full else arguments.slow_seconds)
        concurrent_readers(port, arguments.concurrent, arguments.window)
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
