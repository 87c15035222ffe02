"""The SQLite backend queues write transactions on a file lock (lantoa/config/sqlite/base.py):
many threads writing at once all get through, in turn, even when SQLite's own busy timeout
would give up at once."""

import threading

import pytest
from django.db.utils import ConnectionHandler


def _handler(path, timeout):
    return ConnectionHandler(
        {
            "default": {
                "ENGINE": "lantoa.config.sqlite",
                "NAME": path,
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                },
            }
        }
    )


@pytest.mark.parametrize("threads", [8])
def test_concurrent_write_transactions_all_commit_without_database_is_locked(
    tmp_path, threads, django_db_blocker
):
    with django_db_blocker.unblock():  # its own database file, not the test database
        _concurrent_writers(tmp_path, threads)


def _concurrent_writers(tmp_path, threads):
    path = tmp_path / "gate.sqlite3"
    handler = _handler(path, timeout=0.001)  # SQLite alone would refuse a waiting writer
    setup = handler["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE tally (n INTEGER)")
        cursor.execute("INSERT INTO tally VALUES (0)")
    setup.close()
    errors: list[BaseException] = []
    per_thread = 60

    def writer() -> None:
        conn = handler["default"]  # one connection per thread, as in a server
        try:
            for _ in range(per_thread):
                # What transaction.atomic does for an outermost block on this connection.
                conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
                try:
                    with conn.cursor() as cursor:
                        cursor.execute("SELECT n FROM tally")
                        (n,) = cursor.fetchone()
                        cursor.execute("UPDATE tally SET n = %s", [n + 1])
                    conn.commit()
                finally:
                    conn.set_autocommit(True)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            conn.close()

    pool = [threading.Thread(target=writer) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    check = handler["default"]
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM tally")
        # Every read-modify-write went in turn: no increment was lost.
        assert cursor.fetchone()[0] == threads * per_thread
    check.close()
    assert (tmp_path / "gate.sqlite3.writers").exists()
