"""Sending a bulletin so that nobody gets it twice and nobody is left out.

1. `start_sending` creates one Delivery row per recipient (unique per bulletin and
   subscriber) in one transaction, and stores the rendered message on the bulletin.
2. Workers (`manage.py send_bulletins`, or the `send_bulletins` task) claim a batch of
   pending rows atomically: on PostgreSQL SELECT ... FOR UPDATE SKIP LOCKED then UPDATE
   claimed_by/claimed_at; on SQLite the same inside an IMMEDIATE transaction (the
   database's write lock makes it a conditional claim nobody else can interleave with).
3. Each batch goes over ONE SMTP connection. For each message: MAIL FROM, RCPT TO, DATA,
   and the whole message but its final "." line (the server keeps nothing until that
   dot); then the row is marked "sending" (its own short transaction, conditional on the
   claim still being ours); then the dot is written and, the moment the server answers
   250, the row is marked "sent" (another short transaction). On PostgreSQL, while the
   claim is young, the "sending" UPDATE is sent and the dot written before the
   database's answer is awaited (services/overlap.py), so the commit's disk flush is not
   inside the window below.
4. A batch whose worker died (SIGKILL, power cut) is claimed again after
   MAILINGS_CLAIM_TIMEOUT_SECONDS: its "pending" rows are sent by the next worker. A row
   left in "sending" is NEVER sent again: it becomes "uncertain". Its message may or
   may not have reached the server (the worker died after the commit, before or after
   the final dot), so resending could mean a second copy. At most one message per worker
   crash is uncertain, none is ever duplicated, and it is missing only if the worker died
   between the mark and writing three bytes. Staff see the uncertain count.

Temporary failures (4xx replies, lost connections before the body was written) go back
to pending with a backoff (MAILINGS_RETRY_SECONDS, doubled each attempt) up to
MAILINGS_MAX_ATTEMPTS; permanent ones (5xx) are marked failed, and a 5xx to RCPT counts
as a hard bounce. Rates: MAILINGS_MAX_PER_SECOND per worker (paced), and
MAILINGS_MAX_PER_HOUR across all workers (counted from the deliveries sent in the last
hour before each claim).
"""

import contextlib
import logging
import os
import secrets
import smtplib
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from coalition.mailings.models import Bulletin, Delivery, Subscription, Suppression
from coalition.mailings.services import compose
from coalition.mailings.services.messages import END, MessageFactory
from coalition.mailings.services.overlap import MarkFailed, mark_sending_while, overlap_possible

log = logging.getLogger(__name__)

CHUNK = 2000
ACTIVE = (Delivery.Status.PENDING, Delivery.Status.SENDING)


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


# --- Starting ---------------------------------------------------------------------------------


def recipients(bulletin: Bulletin):
    """(subscriber id, email, key) of everyone a bulletin goes to now."""
    return (
        Subscription.objects.filter(
            mailing_list=bulletin.mailing_list,
            status=Subscription.Status.SUBSCRIBED,
            subscriber__suspended_at__isnull=True,
        )
        .exclude(subscriber__email__in=Suppression.objects.values("email"))
        .order_by("subscriber_id")
        .values_list("subscriber_id", "subscriber__email")
    )


def start_sending(bulletin: Bulletin) -> int:
    """Freeze the message, create the delivery rows, mark the bulletin sending.

    Returns the number of recipients (0 when it was already started by someone else).
    """
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
            return 0
        rendered = compose.render(bulletin)
        bulletin.html, bulletin.text = rendered.html, rendered.text
        created = 0
        batch = []
        for subscriber_id, email in recipients(bulletin).iterator(chunk_size=CHUNK):
            batch.append(Delivery(bulletin=bulletin, subscriber_id=subscriber_id, email=email))
            if len(batch) >= CHUNK:
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                created += len(batch)
                batch = []
        if batch:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            created += len(batch)
        bulletin.status = Bulletin.Status.SENDING
        bulletin.started_at = timezone.now()
        bulletin.recipients = created
        bulletin.scheduled_for = None
        bulletin.save(
            update_fields=[
                "status",
                "started_at",
                "recipients",
                "scheduled_for",
                "html",
                "text",
                "updated",
            ]
        )
    if not created:
        finish_bulletins()
    return created


def start_due_bulletins(now=None) -> int:
    now = now or timezone.now()
    started = 0
    due = Bulletin.objects.filter(status=Bulletin.Status.SCHEDULED, scheduled_for__lte=now)
    for bulletin in due:
        start_sending(bulletin)
        started += 1
    return started


def finish_bulletins() -> int:
    """Bulletins with nothing left to send are sent."""
    finished = 0
    for bulletin in Bulletin.objects.filter(status=Bulletin.Status.SENDING):
        if not bulletin.deliveries.filter(status__in=ACTIVE).exists():
            finished += Bulletin.objects.filter(
                pk=bulletin.pk, status=Bulletin.Status.SENDING
            ).update(status=Bulletin.Status.SENT, sent_at=timezone.now())
    return finished


def counts(bulletin: Bulletin) -> dict:
    rows = dict(
        bulletin.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    result = {status: rows.get(status, 0) for status in Delivery.Status.values}
    result["total"] = sum(rows.values())
    result["waiting"] = result["pending"] + result["sending"]
    return result


# --- Claiming ---------------------------------------------------------------------------------


def release_stale(now=None) -> int:
    """Rows left "sending" by a worker that stopped: never resent, marked uncertain."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.MAILINGS_CLAIM_TIMEOUT_SECONDS)
    return Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=stale).update(
        status=Delivery.Status.UNCERTAIN,
        error="The worker stopped while this message was being sent; not sent again.",
    )


def hourly_budget(now) -> int | None:
    if not settings.MAILINGS_MAX_PER_HOUR:
        return None
    sent = Delivery.objects.filter(sent_at__gte=now - timedelta(hours=1)).count()
    return max(0, settings.MAILINGS_MAX_PER_HOUR - sent)


def claim_batch(worker: str, size: int | None = None, now=None) -> list[Delivery]:
    now = now or timezone.now()
    size = size or settings.MAILINGS_BATCH_SIZE
    release_stale(now)
    budget = hourly_budget(now)
    if budget is not None:
        size = min(size, budget)
        if size <= 0:
            return []
    stale = now - timedelta(seconds=settings.MAILINGS_CLAIM_TIMEOUT_SECONDS)
    with transaction.atomic():
        candidates = (
            Delivery.objects.filter(
                status=Delivery.Status.PENDING, bulletin__status=Bulletin.Status.SENDING
            )
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(claimed_by="") | Q(claimed_at__lt=stale))
            .order_by("pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        # Conditional: only rows still unclaimed (or stale) become ours.
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).filter(
            Q(claimed_by="") | Q(claimed_at__lt=stale)
        ).update(claimed_by=worker, claimed_at=now)
    return list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker, status=Delivery.Status.PENDING)
        .select_related("subscriber")
        .order_by("pk")
    )


def skip_gone(batch: list[Delivery]) -> list[Delivery]:
    """People who unsubscribed, were suppressed or suspended since the send started."""
    if not batch:
        return batch
    by_bulletin: dict[int, list[Delivery]] = {}
    for delivery in batch:
        by_bulletin.setdefault(delivery.bulletin_id, []).append(delivery)
    keep = []
    for bulletin_id, rows in by_bulletin.items():
        list_id = Bulletin.objects.values_list("mailing_list_id", flat=True).get(pk=bulletin_id)
        ids = [row.subscriber_id for row in rows]
        still = set(
            Subscription.objects.filter(
                mailing_list_id=list_id,
                subscriber_id__in=ids,
                status=Subscription.Status.SUBSCRIBED,
                subscriber__suspended_at__isnull=True,
            ).values_list("subscriber_id", flat=True)
        )
        suppressed = set(
            Suppression.objects.filter(email__in=[row.email for row in rows]).values_list(
                "email", flat=True
            )
        )
        gone = [row.pk for row in rows if row.subscriber_id not in still or row.email in suppressed]
        if gone:
            Delivery.objects.filter(pk__in=gone, status=Delivery.Status.PENDING).update(
                status=Delivery.Status.SKIPPED, claimed_by=""
            )
        keep.extend(row for row in rows if row.pk not in set(gone))
    return sorted(keep, key=lambda row: row.pk)


# --- Marking (each its own short transaction: autocommit) ---------------------------------
# The two marks made for every message are plain SQL: the ORM's query building costs more
# than the UPDATE itself, and they run 2 x 100,000 times for a large list.


def _execute(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=Delivery._meta.db_table), params)
        return cursor.rowcount


def _now_value():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def mark_sending(delivery: Delivery, worker: str) -> bool:
    """Only while the claim is still ours (a slow worker's batch may have been taken over)."""
    return bool(
        _execute(
            "UPDATE {table} SET status = %s, claimed_at = %s "
            "WHERE id = %s AND claimed_by = %s AND status = %s",
            [Delivery.Status.SENDING, _now_value(), delivery.pk, worker, Delivery.Status.PENDING],
        )
    )


def mark_sent(delivery: Delivery, worker: str) -> None:
    _execute(
        "UPDATE {table} SET status = %s, sent_at = %s, error = '' WHERE id = %s AND status = %s",
        [Delivery.Status.SENT, _now_value(), delivery.pk, Delivery.Status.SENDING],
    )


def mark_failed(delivery: Delivery, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, status__in=ACTIVE).update(
        status=Delivery.Status.FAILED, error=error[:500], claimed_by=""
    )


def mark_uncertain(delivery: Delivery, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.UNCERTAIN, error=error[:500]
    )


def retry_later(delivery: Delivery, error: str, now=None) -> None:
    """A temporary failure: try again after a backoff, or give up after the last attempt."""
    now = now or timezone.now()
    attempts = delivery.attempts + 1
    if attempts >= settings.MAILINGS_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk, status__in=ACTIVE).update(
            status=Delivery.Status.FAILED,
            attempts=attempts,
            claimed_by="",
            error=f"Gave up after {attempts} attempts: {error}"[:500],
        )
        return
    delay = settings.MAILINGS_RETRY_SECONDS * (2 ** (attempts - 1))
    Delivery.objects.filter(pk=delivery.pk, status__in=ACTIVE).update(
        status=Delivery.Status.PENDING,
        attempts=attempts,
        claimed_by="",
        claimed_at=None,
        next_attempt_at=now + timedelta(seconds=delay),
        error=error[:500],
    )


def release(rows: list[Delivery], worker: str) -> None:
    """Give back rows of a batch we will not get to (another worker may take them)."""
    ids = [row.pk for row in rows]
    if ids:
        Delivery.objects.filter(
            pk__in=ids, claimed_by=worker, status=Delivery.Status.PENDING
        ).update(claimed_by="", claimed_at=None)


class Temporary(Exception):
    pass


class Permanent(Exception):
    def __init__(self, message, bounce=False):
        super().__init__(message)
        self.bounce = bounce


class Pacer:
    """At most `rate` messages a second from this worker process, shared by its threads."""

    def __init__(self, rate: int):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_at)
            self.next_at = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


def _check(code: int, reply: bytes, what: str, bounce=False) -> None:
    text = f"{what}: {code} {reply.decode('utf-8', 'replace')}"
    if 400 <= code < 500:
        raise Temporary(text)
    if code >= 500:
        raise Permanent(text, bounce=bounce)


def _send_smtp(smtp: smtplib.SMTP, delivery, data: bytes, sender, worker) -> None:
    """One message; raises Temporary/Permanent, or returns once the server accepted it."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        _check(code, reply, "MAIL FROM")
    code, reply = smtp.rcpt(delivery.email)
    if code not in (250, 251):
        smtp.rset()
        _check(code, reply, "RCPT TO", bounce=True)
    smtp.putcmd("data")
    code, reply = smtp.getreply()
    if code != 354:
        smtp.rset()
        _check(code, reply, "DATA")
        raise Temporary(f"DATA: {code}")
    # The whole message but its final "." goes first: the server keeps nothing until that
    # dot arrives. Then the row is marked "sending", and only then is the dot written, so
    # the window in which a worker's death leaves the server's answer unknown is as short
    # as it can be: from the commit to writing three bytes.
    smtp.send(data[: -len(END)])  # a lost connection here: nothing kept, retried later
    try:
        if overlap_possible(delivery):
            if not mark_sending_while(delivery, worker, lambda: smtp.send(END)):
                # Cannot happen with a young claim; the dot has gone, so never resend it.
                log.error("Delivery %s was sent after its claim was lost", delivery.pk)
                raise ClaimLost
        else:
            if not mark_sending(delivery, worker):
                # Our claim was taken over (we were too slow): abandon this message unsent.
                raise ClaimLost
            smtp.send(END)
        code, reply = smtp.getreply()
    except MarkFailed as error:
        raise ConnectionLost(str(error)) from error
    except (OSError, smtplib.SMTPException) as error:
        mark_uncertain(delivery, f"Connection lost after the message was written: {error}")
        raise ConnectionLost from error
    if code == 250:
        mark_sent(delivery, worker)
        return
    _check(code, reply, "end of DATA")
    raise Temporary(f"end of DATA: {code}")


class ClaimLost(Exception):
    pass


class ConnectionLost(Exception):
    pass


def send_batch(batch: list[Delivery], worker: str, pacer: Pacer | None = None) -> dict:
    """Send a claimed batch over one connection. Returns counts by outcome."""
    from coalition.mailings.services.bounces import record_bounce

    outcome = {"sent": 0, "retry": 0, "failed": 0, "uncertain": 0, "released": 0}
    batch = skip_gone(batch)
    if not batch:
        return outcome
    pacer = pacer or Pacer(settings.MAILINGS_MAX_PER_SECOND)
    factories: dict[int, MessageFactory] = {}

    def factory_for(delivery):
        if delivery.bulletin_id not in factories:
            bulletin = Bulletin.objects.select_related("mailing_list").get(pk=delivery.bulletin_id)
            factories[delivery.bulletin_id] = MessageFactory(bulletin)
        return factories[delivery.bulletin_id]

    backend = get_connection()
    smtp_backend = isinstance(backend, SMTPBackend)
    try:
        backend.open()
    except (OSError, smtplib.SMTPException) as error:
        for delivery in batch:
            retry_later(delivery, f"Could not connect: {error}")
            outcome["retry"] += 1
        return outcome
    if smtp_backend and backend.connection is not None:
        # The last bytes of each message go in a write of their own (see _send_smtp): with
        # Nagle's algorithm they would wait for the server's delayed ACK (up to 40 ms).
        with contextlib.suppress(OSError, AttributeError):
            backend.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        for index, delivery in enumerate(batch):
            factory = factory_for(delivery)
            pacer.wait()
            if not smtp_backend:  # console, file or memory backends (development, tests)
                if not mark_sending(delivery, worker):
                    continue
                backend.send_messages([factory.build(delivery)])
                mark_sent(delivery, worker)
                outcome["sent"] += 1
                continue
            try:
                _send_smtp(
                    backend.connection, delivery, factory.wire(delivery), factory.sender, worker
                )
                outcome["sent"] += 1
            except Temporary as error:
                retry_later(delivery, str(error))
                outcome["retry"] += 1
            except Permanent as error:
                mark_failed(delivery, str(error))
                outcome["failed"] += 1
                if error.bounce:
                    record_bounce(delivery.email, "hard", "5.0.0", str(error), source="smtp")
            except ClaimLost:
                outcome["released"] += len(batch) - index
                _drop(backend)
                release(batch[index + 1 :], worker)
                break
            except ConnectionLost:
                outcome["uncertain"] += 1
                release(batch[index + 1 :], worker)
                outcome["released"] += len(batch) - index - 1
                break
            except (OSError, smtplib.SMTPException) as error:
                # Lost before the body was written: nothing reached the server. Try later.
                retry_later(delivery, f"Connection problem: {error}")
                outcome["retry"] += 1
                release(batch[index + 1 :], worker)
                outcome["released"] += len(batch) - index - 1
                break
    finally:
        try:
            backend.close()
        except Exception:  # noqa: BLE001 (closing a broken connection)
            log.debug("SMTP close failed", exc_info=True)
    return outcome


def _drop(backend) -> None:
    """Close the socket mid-DATA, so the server discards the half-sent message."""
    try:
        backend.connection.sock.close()
    except Exception:  # noqa: BLE001
        pass
    backend.connection = None


def send_test(bulletin: Bulletin, to: str) -> None:
    """The bulletin as a subscriber would get it, to one address (not recorded)."""
    from coalition.mailings.models import Subscriber

    rendered = compose.render(bulletin)
    bulletin.html, bulletin.text = rendered.html, rendered.text
    subscriber = Subscriber.objects.filter(email=to.lower()).first() or Subscriber(
        pk=0, email=to, key="test"
    )
    factory = MessageFactory(bulletin)
    delivery = Delivery(bulletin=bulletin, subscriber=subscriber, email=to)
    message = factory.build(delivery, to=to)
    message.subject = f"[Test] {bulletin.subject}"
    message.send()


# --- The worker loop ------------------------------------------------------------------------


def work(
    worker: str | None = None, until_idle: bool = True, poll: float = 5.0, stop=None, pacer=None
) -> dict:
    """Send until nothing is left to claim (`until_idle`), or forever (the daemon)."""
    worker = worker or worker_name()
    totals = {"sent": 0, "retry": 0, "failed": 0, "uncertain": 0, "released": 0, "batches": 0}
    pacer = pacer or Pacer(settings.MAILINGS_MAX_PER_SECOND)
    while stop is None or not stop():
        start_due_bulletins()
        batch = claim_batch(worker)
        if batch:
            result = send_batch(batch, worker, pacer)
            totals["batches"] += 1
            for key, value in result.items():
                totals[key] += value
            continue
        finish_bulletins()
        if until_idle:
            break
        time.sleep(poll)
    return totals


def has_work(now=None) -> bool:
    now = now or timezone.now()
    return (
        Bulletin.objects.filter(status=Bulletin.Status.SCHEDULED, scheduled_for__lte=now).exists()
        or Delivery.objects.filter(
            status=Delivery.Status.PENDING, bulletin__status=Bulletin.Status.SENDING
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exists()
        or Bulletin.objects.filter(status=Bulletin.Status.SENDING).exists()
    )


def work_threads(worker: str, threads: int, **options) -> dict:
    """`threads` senders in this process, each with its own batches and SMTP connection.

    Waiting for the SMTP server's replies is most of a sender's time, so a few threads
    send more from one process at little cost; the per-second limit is shared by them.
    """
    from django.db import connections

    if threads <= 1:
        return work(worker, **options)
    pacer = Pacer(settings.MAILINGS_MAX_PER_SECOND)
    results: list[dict] = []

    def run(number: int) -> None:
        try:
            results.append(work(f"{worker}/{number}", pacer=pacer, **options))
        finally:
            connections.close_all()

    running = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return {key: sum(result[key] for result in results) for key in results[0]} if results else {}
