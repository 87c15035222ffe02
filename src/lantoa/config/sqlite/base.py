"""Django's SQLite backend with one queue for write transactions.

SQLite lets one writer in at a time. A transaction that finds the write lock taken is left
to SQLite's busy handler, which polls: it sleeps 1, 2, 5, 10 … up to 100 ms between tries,
so under a burst of short writes (a province's learners answering at once) most waiting is
sleep while the lock is free, the CPU stays idle, and the slowest requests wait hundreds of
milliseconds. Here every connection first takes an exclusive ``flock`` on a file beside the
database before ``BEGIN IMMEDIATE`` and drops it when the transaction ends: waiting writers
sleep in the kernel and the next one is woken the moment the lock is free — across the
threads and processes of one machine, which is all SQLite itself supports. Reads need no
lock (WAL). In-memory databases (the test run's) are not gated.
"""

from __future__ import annotations

import fcntl
import os
from typing import IO, Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):  # type: ignore[misc]
    _gate: IO[bytes] | None = None
    _gated = False

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        conn = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            self._gate = open(f"{os.fspath(self.settings_dict['NAME'])}.writers", "ab")  # noqa: SIM115
        return conn

    def _start_transaction_under_autocommit(self) -> None:
        if self._gate is not None and not self._gated:
            fcntl.flock(self._gate, fcntl.LOCK_EX)
            self._gated = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._gate_release()
            raise

    def _gate_release(self) -> None:
        if self._gated and self._gate is not None:
            self._gated = False
            fcntl.flock(self._gate, fcntl.LOCK_UN)

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._gate_release()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._gate_release()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._gate_release()
            if self._gate is not None:
                self._gate.close()
                self._gate = None
