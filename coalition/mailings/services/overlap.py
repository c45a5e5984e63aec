"""Marking a delivery "sending" on PostgreSQL while its final dot is written.

See services/sending.py for the whole protocol. This is the one step that talks to libpq
directly: the UPDATE is sent, the final dot is written, and only then is the database's
answer read, so that a worker killed in between cannot leave a message marked but
unfinished for longer than two socket writes.
"""

import logging
import select
import smtplib

from django.conf import settings
from django.db import connection
from django.utils import timezone

from coalition.mailings.models import Delivery

log = logging.getLogger(__name__)


class MarkFailed(Exception):
    """The database refused the mark; the delivery was recorded as uncertain."""


def overlap_possible(delivery: Delivery) -> bool:
    """PostgreSQL, and a claim young enough that no other worker can be taking it over."""
    if connection.vendor != "postgresql" or delivery.claimed_at is None:
        return False
    age = (timezone.now() - delivery.claimed_at).total_seconds()
    return age < settings.MAILINGS_CLAIM_TIMEOUT_SECONDS / 2


def mark_sending_while(delivery: Delivery, worker: str, write_end) -> bool:
    """PostgreSQL: send the "sending" UPDATE, call `write_end` (the final dot) while the
    database commits it, then read the database's answer.

    Waiting for the commit (a WAL flush, milliseconds) before writing the dot left a
    window in which a killed worker's message was marked but never finished. Here the
    UPDATE is on its way to the server before the dot is written, and the dot is written
    microseconds later, before anything is waited for: the window is two socket writes.
    Only used while the claim is young (`overlap_possible`), so the conditional UPDATE
    cannot find the row taken over after the dot has gone.
    """
    from psycopg import pq

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    sql = (
        f"UPDATE {Delivery._meta.db_table} SET status = $1, claimed_at = $2 "  # nosec B608
        "WHERE id = $3 AND claimed_by = $4 AND status = $5"
    )
    params = [
        Delivery.Status.SENDING,
        timezone.now().isoformat(),
        str(delivery.pk),
        worker,
        Delivery.Status.PENDING,
    ]
    pgconn.send_query_params(sql.encode(), [value.encode() for value in params])
    while pgconn.flush():  # a non-blocking connection: write the rest of the query
        select.select([], [pgconn.socket], [], 1.0)
    failure = None
    try:
        write_end()
    except (OSError, smtplib.SMTPException) as error:
        failure = error
    rows, problem = 0, ""
    for result in _results(pgconn):
        if result.status == pq.ExecStatus.COMMAND_OK:
            rows = int(result.command_tuples or 0)
        else:
            problem = (result.error_message or b"").decode("utf-8", "replace")
    if problem:
        # The row stays claimed "pending"; with the dot written the message may have gone,
        # so it must not be sent again: record it as uncertain.
        log.error("Could not mark delivery %s sending: %s", delivery.pk, problem)
        Delivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
            status=Delivery.Status.UNCERTAIN, error=f"Database error while sending: {problem}"
        )
        raise MarkFailed(problem)
    if failure is not None:
        raise failure
    return bool(rows)


def _results(pgconn):
    """The query's results, waiting in select() (which lets other threads run).

    libpq's PQgetResult would wait for the server holding the GIL; if the row is locked
    by another thread's claim that is about to commit, that thread could never commit.
    """
    while True:
        pgconn.consume_input()
        while pgconn.is_busy():
            select.select([pgconn.socket], [], [], 1.0)
            pgconn.consume_input()
        result = pgconn.get_result()
        if result is None:
            return
        yield result
