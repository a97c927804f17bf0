"""What the tests of the site share."""

import subprocess
import sys
import urllib.parse
import uuid

import psycopg
import pytest
from django.db import connection

from bench import serve


@pytest.fixture
def workers_database(tmp_path):
    """A fresh database for the workers: a file on SQLite, a database of its own on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'workers.sqlite3'}"
        return
    params = connection.get_connection_params()
    server = {key: params.get(key) for key in ("host", "port", "user", "password")}
    name = f"tracker_workers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    host = urllib.parse.quote(server["host"] or "127.0.0.1")
    password = f":{urllib.parse.quote(server['password'])}" if server["password"] else ""
    try:
        yield f"postgres://{server['user']}{password}@{host}:{server['port'] or 5432}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str) -> str:
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=serve.ROOT, env=env, check=True, capture_output=True, text=True).stdout
