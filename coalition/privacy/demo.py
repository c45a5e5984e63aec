"""The demo's personal-data records: one answered subject access request (the export was
built and downloaded by the coordinator) and one erasure, both in the audit log.

The erased person is a supporter made here (a signature, a bulletin subscription and a
question), so the other apps' demo loaders never add them back. Idempotent.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.privacy.models import Erasure, ExportRequest
from coalition.privacy.services import audit, collect, erase_person, find_user

STAFF_EMAIL = "naomi.alexander@example.org"
EXPORTED_EMAIL = "david.tyler@example.org"
ERASED_EMAIL = "j.marsh.supporter@example.net"
ERASE_REASON = (
    "Asked by email to be forgotten (demo): signed a petition, subscribed, asked a question"
)


def _supporter_traces() -> None:
    from coalition.campaigns.models import Action, Participation
    from coalition.campaigns.services import normalise_email
    from coalition.enquiries.models import Enquiry
    from coalition.mailings.models import MailingList, Subscriber, Subscription

    now = timezone.now()
    action = Action.objects.filter(kind=Action.Kind.PETITION).order_by("pk").first()
    if action is not None:
        Participation.objects.get_or_create(
            action=action,
            email_normalised=normalise_email(ERASED_EMAIL),
            defaults={
                "name": "Jordan Marsh",
                "email": ERASED_EMAIL,
                "postcode": "NG7 2RD",
                "postcode_district": "NG7",
                "postcode_area": "NG",
                "status": Participation.Status.CONFIRMED,
                "confirmed_at": now - timedelta(days=40),
                "created": now - timedelta(days=40),
            },
        )
    mailing_list = MailingList.objects.order_by("pk").first()
    if mailing_list is not None:
        subscriber, _ = Subscriber.objects.get_or_create(
            email=ERASED_EMAIL, defaults={"name": "Jordan Marsh"}
        )
        Subscription.objects.get_or_create(
            subscriber=subscriber,
            mailing_list=mailing_list,
            defaults={"status": "subscribed", "subscribed_at": now - timedelta(days=60)},
        )
    Enquiry.objects.get_or_create(
        email=ERASED_EMAIL,
        defaults={
            "topic": "campaigns",
            "subject": "Please remove me",
            "message": "I signed the petition but please delete everything you hold about me.",
            "name": "Jordan Marsh",
            "status": "closed",
        },
    )


def load(today) -> str:
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    if not Erasure.objects.filter(reason=ERASE_REASON).exists():
        _supporter_traces()
        erase_person(ERASED_EMAIL, ERASE_REASON, staff)
    if not ExportRequest.objects.filter(email=EXPORTED_EMAIL, by_staff=True).exists():
        subject = find_user(EXPORTED_EMAIL)
        counts = {t: len(rows) for t, rows in collect(EXPORTED_EMAIL, subject).items()}
        now = timezone.now()
        export = ExportRequest.objects.create(
            email=EXPORTED_EMAIL,
            subject_user=subject,
            requested_by=staff,
            by_staff=True,
            status=ExportRequest.Status.DOWNLOADED,
            tables=counts,
            size=0,
            ready_at=now,
            downloaded_at=now,
        )
        audit(export, "export requested", staff, by_staff=True)
        audit(export, "export downloaded", staff)
    return (
        f"Personal data: {ExportRequest.objects.count()} export requests, "
        f"{Erasure.objects.count()} erasures."
    )
