"""Each public page built from scratch (page cache off), timed in this process through Django's test client:
the median and the slowest of --runs requests, the number of queries and the time spent in them. Not CI.

Usage: DATABASE_URL=postgres://…/tracker_speed .venv/bin/python -m bench.page_timings [--runs 7] [--only WORD]

The database must already hold data (manage.py generate_demo_data, then ANALYZE). Quicker and steadier than
`make bench` on a busy machine (no server, no load generator): it measures the work of one request.
"""

import argparse
import os
import statistics
import time

from bench.bench import OPTIONAL_PAGES, PAGES

# Besides bench.PAGES (the exports are not pages).
MORE_PAGES = (
    ("questions", "/questions/"),
    ("feed", "/feeds/"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", help="only the pages whose name or path holds this")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.update(
        DJANGO_PAGE_CACHE="0", DJANGO_ALLOWED_HOSTS="testserver", DJANGO_API_ANONYMOUS_RATE_LIMIT="1000000000"
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "page-timings-only")
    import django

    django.setup()
    from django.conf import settings

    # Not the manifest storage: no collectstatic needed, and the pages do the same work.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.bench import sitemap_pages

    client = Client()
    pages = [(name, path) for name, path in (*PAGES, *OPTIONAL_PAGES, *MORE_PAGES) if path and "/export." not in path]
    pages += [(f"sitemap {path}", path) for path in sitemap_pages()[:3]]
    seen = set()
    print(f"{'page':44} {'median ms':>9} {'max ms':>8} {'queries':>7} {'in SQL ms':>9}")
    for name, path in pages:
        if path in seen or (args.only and args.only not in name + path):
            continue
        seen.add(path)
        times, sql = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(path)
                if response.streaming:
                    b"".join(response.streaming_content)
                times.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        print(
            f"{name[:44]:44} {statistics.median(times):9.1f} {max(times):8.1f} {len(captured):7} "
            f"{statistics.median(sql):9.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
