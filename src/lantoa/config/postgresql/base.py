"""Django's PostgreSQL backend with a health check that costs no round trip.

With persistent connections Django checks, before a request's first query, that the kept
connection still works (``CONN_HEALTH_CHECKS``) by running ``SELECT 1``: one more round trip
to the server on every request, which on the learner path was a fifth of all statements and
cost about a quarter of its throughput. A connection the server has ended — a restart, an
administrator's ``pg_terminate_backend``, an idle timeout — is told to the client: the server
sends its error and closes the socket. So an idle connection whose socket has nothing to read
is as good as ``SELECT 1`` would find it; one with something to read is read, and only if it
still looks sound does the check fall back to ``SELECT 1``. A silently dropped network path is
left to TCP keepalives (``keepalives*`` in the connection's OPTIONS), as it was before.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq

Database = base.Database


class DatabaseWrapper(base.DatabaseWrapper):  # type: ignore[misc]
    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or conn.broken:
            return False
        pgconn = conn.pgconn
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return bool(super().is_usable())
        try:
            # poll, not select: a busy server process holds thousands of sockets, and
            # select() cannot watch a descriptor numbered 1024 or above.
            watch = select.poll()
            watch.register(pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
            ready = watch.poll(0)
        except (OSError, ValueError, Database.Error):
            return False
        if not ready:
            return True
        try:
            pgconn.consume_input()  # the server's farewell, or end of file
        except Database.Error:
            return False
        if pgconn.status != pq.ConnStatus.OK:
            return False
        return bool(super().is_usable())  # something else arrived (a notice): ask for sure
