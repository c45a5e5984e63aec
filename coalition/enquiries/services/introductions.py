"""Introductions: ask the other side to agree, then one email to both."""

from django.db import transaction
from django.utils import timezone

from coalition.enquiries.models import Introduction
from coalition.lib.email import queue_email


class NotReady(Exception):
    pass


def ask_contact(introduction: Introduction) -> None:
    if not introduction.contact_email:
        raise NotReady("Enter the email address of the person to introduce first.")
    if introduction.status == Introduction.Status.MADE:
        raise NotReady("This introduction has already been made.")
    introduction.status = Introduction.Status.ASKED
    introduction.save(update_fields=["status"])
    queue_email(
        introduction.contact_email,
        "enquiries/emails/introduction_consent",
        {"introduction": introduction},
    )


def answer(introduction: Introduction, agree: bool) -> None:
    if introduction.status == Introduction.Status.MADE:
        return
    introduction.contact_consent = agree
    if not agree:
        introduction.status = Introduction.Status.DECLINED
    introduction.save(update_fields=["contact_consent", "status"])


def make_introduction(introduction: Introduction) -> None:
    with transaction.atomic():
        locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if locked.status == Introduction.Status.MADE:
            raise NotReady("This introduction has already been made.")
        if not (locked.requester_consent and locked.contact_consent):
            raise NotReady("Both sides must agree before the introduction is made.")
        locked.status = Introduction.Status.MADE
        locked.made_at = timezone.now()
        locked.save(update_fields=["status", "made_at"])
        queue_email(
            [locked.requester_email, locked.contact_email],
            "enquiries/emails/introduction",
            {"introduction": locked},
        )
    introduction.refresh_from_db()
