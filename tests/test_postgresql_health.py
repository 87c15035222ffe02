"""The PostgreSQL backend's health check (lantoa/config/postgresql/base.py) sends nothing to
the server for a sound idle connection, and still finds one the server has ended."""

import os
import tempfile

import psycopg
import pytest
from django.db.utils import ConnectionHandler

from tests.servers import unavailable

BASE = os.environ.get("LANTOA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
ADMIN = BASE.replace("postgres://", "postgresql://", 1) + "/postgres"


@pytest.fixture
def wrapper(django_db_blocker):
    """A connection of the backend to the server's own ``postgres`` database."""
    yield from _wrappers(django_db_blocker)


def _wrappers(django_db_blocker):
    try:
        psycopg.connect(ADMIN, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL at {BASE} is not reachable ({exc})")
    host = BASE.split("@", 1)[1]
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "lantoa.config.postgresql",
                "NAME": "postgres",
                "USER": BASE.split("//", 1)[1].split("@", 1)[0],
                "HOST": host.split(":")[0],
                "PORT": host.split(":")[1] if ":" in host else "5432",
                "CONN_HEALTH_CHECKS": True,
            }
        }
    )
    with django_db_blocker.unblock():
        conn = handler["default"]
        conn.ensure_connection()
        yield conn
        conn.close()


def _traced(conn, check):
    """What ``check()`` sent to the server and read back, from libpq's own protocol trace."""
    with tempfile.TemporaryFile("w+") as trace:
        conn.connection.pgconn.trace(trace.fileno())
        try:
            result = check()
        finally:
            if conn.connection is not None and not conn.connection.closed:
                conn.connection.pgconn.untrace()
        trace.seek(0)
        return result, trace.read()


def test_a_sound_idle_connection_is_usable_without_a_round_trip(wrapper):
    usable, sent = _traced(wrapper, wrapper.is_usable)
    assert usable is True
    assert sent == ""
    with wrapper.cursor() as cursor:  # and it does work
        cursor.execute("SELECT 41 + 1")
        assert cursor.fetchone() == (42,)


def test_a_connection_the_server_ended_is_found_unusable(wrapper):
    pid = wrapper.connection.info.backend_pid
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone() == (True,)
    assert wrapper.is_usable() is False
    # What Django does before a request's first query: close it, and the next query
    # opens a new connection.
    wrapper.health_check_done = False
    wrapper.close_if_health_check_failed()
    assert wrapper.connection is None
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_something_else_to_read_falls_back_to_asking_the_server(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("LISTEN lantoa_health_test")
    with psycopg.connect(ADMIN, autocommit=True) as other:
        other.execute("NOTIFY lantoa_health_test, 'hello'")
    import select

    select.select([wrapper.connection.pgconn.socket], [], [], 5)
    usable, sent = _traced(wrapper, wrapper.is_usable)
    assert usable is True
    assert "SELECT 1" in sent


def test_inside_a_transaction_the_check_asks_the_server(wrapper):
    wrapper.set_autocommit(False)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
        usable, sent = _traced(wrapper, wrapper.is_usable)
        assert usable is True
        assert "SELECT 1" in sent
    finally:
        wrapper.rollback()
        wrapper.set_autocommit(True)


def test_a_connection_numbered_above_1024_is_checked_the_same_way(django_db_blocker, tmp_path):
    """A server process holds many sockets (one per client connection): the check must not
    depend on select()'s limit of 1024 descriptors."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip(f"this machine allows {hard} open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [open(tmp_path / "filler", "a") for _ in range(1100)]  # noqa: SIM115
    try:
        for conn in _wrappers(django_db_blocker):
            assert conn.connection.pgconn.socket >= 1024
            usable, sent = _traced(conn, conn.is_usable)
            assert usable is True
            assert sent == ""
            pid = conn.connection.info.backend_pid
            with psycopg.connect(ADMIN, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            assert conn.is_usable() is False
    finally:
        for f in held:
            f.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
