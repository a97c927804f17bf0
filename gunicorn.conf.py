"""gunicorn settings for production (read from the working directory; `gunicorn tracker.wsgi` picks it up).

Threaded workers (gthread): a request is served by one of each worker's threads, and the worker tells the
arbiter it is alive from its main loop, not from inside the request. So a long export streamed to a slow reader
is never killed by `timeout` (a sync worker is killed after `timeout` seconds of one request, cutting the file),
and while one thread streams an export, the worker's other threads go on serving the HTML pages.

Each thread keeps its own database connection (CONN_MAX_AGE): workers × threads must stay well under
PostgreSQL's max_connections (100 by default). Environment: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# With gthread, a worker whose main loop stops answering for this long is restarted; requests may run longer.
timeout = 30
graceful_timeout = 30
keepalive = 5
# No max_requests: a worker being replaced waits only graceful_timeout for its requests, which would cut an export.
