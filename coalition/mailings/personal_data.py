"""Personal data in mailings: subscribers, their consent, deliveries and bounces.

Erasure keeps each bulletin's delivery rows (sent, failed) so its statistics stay true,
with the address replaced, and puts the address on the suppression list, which is the
one place it stays: without it an import or a new sign-up could add the person back.
The suppression model holds addresses as typed (imports and sign-ups compare them as
they are), so the address is kept there, with the reason "erased on request".
"""

from django.utils import timezone

from coalition.privacy.registry import (
    EMAIL,
    Collects,
    Table,
    by_email,
    by_user,
    either,
    eraser,
    exporter,
    related,
)

COLLECTS = [
    Collects(
        what="Subscribers: email address, name if given, the lists they chose, and each "
        "consent given or withdrawn (when, how and the words shown)",
        why="To send the bulletin and briefings they asked for (consent), prove that "
        "consent, and stop at once when they unsubscribe",
        kept="Unconfirmed sign-ups are deleted after {PRIVACY_UNCONFIRMED_DAYS} days; "
        "the rest until they unsubscribe or ask for erasure",
    ),
    Collects(
        what="Which bulletins were sent to an address, and bounces reported for it",
        why="To send each bulletin once and stop writing to addresses that fail",
        kept="With the bulletin's statistics; the address is removed on erasure",
    ),
    Collects(
        what="The suppression list: addresses that must never be emailed",
        why="To honour unsubscribes, complaints and erasure requests (legal obligation)",
        kept="Permanently; an erased person's address stays here only",
    ),
]

subscriber = related("subscriber")

TABLES = [
    Table(
        "mailings.Subscription",
        match=subscriber,
        erase={
            "status": "unsubscribed",
            "unsubscribed_at": lambda row: row.unsubscribed_at or timezone.now(),
        },
    ),
    Table(
        "mailings.ConsentRecord",
        match=either(by_email("email"), subscriber),
        erase={"email": EMAIL, "user": None},
    ),
    Table("mailings.Delivery", match=by_email("email", exact=True), erase={"email": EMAIL}),
    Table("mailings.Bounce", match=by_email("email"), erase={"email": EMAIL, "diagnostic": ""}),
    Table(
        "mailings.Subscriber",
        match=either(by_email("email", exact=True), by_user("user")),
        erase={"email": EMAIL, "name": "", "user": None},
    ),
    Table("mailings.Suppression", match=by_email("email")),
]
SCRUB = ["mailings.Bulletin"]

export = exporter(TABLES)
_erase = eraser(TABLES)


def erase(email: str, user) -> dict[str, int]:
    from coalition.mailings.models import Suppression

    done = _erase(email, user)
    if not Suppression.objects.filter(email__iexact=email).exists():
        Suppression.objects.create(
            email=email, reason=Suppression.Reason.STAFF, note="Erased on request"
        )
        done["mailings.Suppression (added)"] = 1
    return done
