"""The tracker's settings, with the static files collected into BENCH_STATIC_ROOT (a temporary directory)."""

import os

from tracker.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
