"""Background work for campaign actions: the emails supporters get (sent after commit).

The outbox. A new participation is stored with `confirmation_sent_at` empty: the row
itself is the record that its email is still owed, so a crash anywhere loses nothing
(PRODUCT.md: work that must survive a crash keeps its own state rows). Signing does
not enqueue a task per signature (a second INSERT and its serialisation on the
busiest path). Instead, after its commit, it asks for a batch: the first signature in
each web process in a short window enqueues one `send_confirmations` task to run
ACTION_CONFIRMATION_BATCH_SECONDS later, and the others in that window need nothing,
as that task runs after their commits and sends every row still owed its email. The
periodic job `campaigns.send_confirmations` (jobs.py) sweeps up after a crash between
a commit and the enqueue, or a failed send.

Each batch is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` (two workers never
take the same row), sent over one SMTP connection, and marked sent in the same
transaction: a row is sent once, and only a crash between the SMTP server accepting
a message and the commit could send it again.

With a task backend that cannot run tasks later (the immediate backend of the tests,
or a deployment without a worker), the participation's email is sent right away by
the same code, for that row only.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from coalition.campaigns.models import Participation
from coalition.core.models import CoalitionProfile
from coalition.lib.email import render_email, send_message

log = logging.getLogger(__name__)

OUTBOX_BATCH = 100
# Rows older than this are left to the "send it again" page (and keep the sweep's query
# on the index (action, created) short whatever the table's size).
OUTBOX_HORIZON = timedelta(days=7)


def confirmation_email(participation: Participation, coalition=None) -> tuple[str, str, str]:
    """The link to confirm, or (for someone who already confirmed) a note that they have."""
    action = participation.action
    context = {
        "participation": participation,
        "action": action,
        "campaign": action.campaign,
        "coalition": coalition or CoalitionProfile.current(),
        "confirm_url": settings.SITE_URL + reverse("campaigns:confirm", args=[participation.token]),
        "action_url": settings.SITE_URL + action.get_absolute_url(),
    }
    prefix = (
        "campaigns/emails/already_confirmed"
        if participation.is_confirmed
        else "campaigns/emails/confirm"
    )
    return render_email(prefix, context)


@task()
def send_confirmation(participation_id: int) -> str:
    """One participation's email, again (a second attempt, or "send it again").

    The caller has already claimed it by setting `confirmation_sent_at`.
    """
    participation = (
        Participation.objects.select_related("action__campaign", "partner__organisation")
        .filter(pk=participation_id)
        .first()
    )
    if participation is None or participation.status == Participation.Status.INVALIDATED:
        return "nothing to send"
    subject, text, html = confirmation_email(participation)
    send_message([participation.email], subject, text, html)
    Participation.objects.filter(pk=participation.pk).update(confirmation_sent_at=timezone.now())
    return "sent"


def _owed(ids=None):
    rows = Participation.objects.filter(
        status=Participation.Status.PENDING, confirmation_sent_at__isnull=True
    )
    return rows.filter(pk__in=ids) if ids is not None else rows


def _send_batch(participations, smtp, coalition) -> list[int]:
    sent = []
    for participation in participations:
        subject, text, html = confirmation_email(participation, coalition)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[participation.email],
            connection=smtp,
        )
        if html:
            message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:  # the mail server: leave the rest owed for the next run
            log.exception("Sending a confirmation email failed; it will be tried again.")
            break
        sent.append(participation.pk)
    return sent


def send_pending_confirmations(ids: list[int] | None = None) -> int:
    """Send the confirmation email of every participation still owed one (or of `ids`)."""
    from coalition.campaigns.models import Action

    if ids is not None:
        scopes = [_owed(ids)]
    else:
        since = timezone.now() - OUTBOX_HORIZON
        scopes = [
            _owed().filter(action_id=action_id, created__gte=since)
            for action_id in Action.objects.order_by().values_list("pk", flat=True)
        ]
    coalition = CoalitionProfile.current()
    smtp = None
    total = 0
    try:
        for scope in scopes:
            while True:
                with transaction.atomic():
                    batch = list(
                        scope.select_for_update(skip_locked=True, of=("self",))
                        .select_related("action__campaign", "partner__organisation")
                        .order_by("created")[:OUTBOX_BATCH]
                    )
                    if not batch:
                        break
                    if smtp is None:
                        smtp = get_connection()
                        smtp.open()
                    sent = _send_batch(batch, smtp, coalition)
                    _owed(sent).update(confirmation_sent_at=timezone.now())
                total += len(sent)
                if len(sent) < len(batch):
                    return total  # the mail server failed: the next run tries again
                if len(batch) < OUTBOX_BATCH:
                    break
    finally:
        if smtp is not None:
            smtp.close()
    return total


@task()
def send_confirmations() -> str:
    """Send every confirmation email still owed (one task for a batch of signatures)."""
    return f"Sent {send_pending_confirmations()} confirmation emails."


_batch_due = 0.0  # this process: when the batch it last enqueued will run (monotonic clock)


def request_confirmations(participation_id: int) -> None:
    """Called once a new participation has committed: make sure its email goes soon."""
    global _batch_due
    backend = send_confirmations.get_backend()
    if not backend.supports_defer:
        send_pending_confirmations([participation_id])
        return
    now = time.monotonic()
    if now < _batch_due:
        return  # a batch enqueued by this process runs after this commit and sends it
    delay = settings.ACTION_CONFIRMATION_BATCH_SECONDS
    _batch_due = now + delay
    send_confirmations.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()
