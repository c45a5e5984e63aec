"""Personal data in surveys: identified responses, invitations, audit results.

Erasure keeps every response and its answers (so results stay the same) and removes
what links a response to the person: account, invitation, address, browser, time of
day, resume link. An answer to an "email address" question holding the address is
replaced by the registry's search of every text column.
"""

from django.db.models import Q

from coalition.privacy.registry import (
    EMAIL,
    Collects,
    Table,
    by_email,
    by_user,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Survey answers. In identified surveys also the account, the invitation, the "
        "time, the IP address and the browser; anonymous surveys keep only the date",
        why="To count results and, for identified surveys, to stop duplicates and follow up",
        kept="IP addresses and browsers are removed after {PRIVACY_IP_ADDRESS_DAYS} days; "
        "answers for the survey's life; the account, invitation and time for the days the "
        "survey sets (or its life); identifying links removed on erasure",
    ),
    Collects(
        what="Invitations: the email address a single-use survey link was sent to",
        why="To send the link and reminders to those who have not answered",
        kept="Until answered, or the survey closes, and the days the survey sets after "
        "that (or its life); the address is removed on erasure",
    ),
    Collects(
        what="Independence audit results of a signed-in person",
        why="To show the result, a PDF report and change since last time",
        kept="Until erased; the sector benchmark holds only anonymous scores",
    ),
]


def _responses(email, user):
    q = Q(invitation__email__iexact=email) | Q(answers__text__iexact=email)
    if user is not None:
        q |= Q(user=user)
    return q


TABLES = [
    Table(
        "surveys.Response",
        match=_responses,
        erase={
            "user": None,
            "invitation": None,
            "ip_address": None,
            "user_agent": "",
            "submitted_at": None,
            "resume_token": None,
        },
    ),
    Table("surveys.Invitation", match=by_email("email"), erase={"email": EMAIL}),
    Table("surveys.AuditResult", match=by_user("user"), erase={"user": None}),
]
SCRUB = ["surveys.Answer"]

export = exporter(TABLES)
erase = eraser(TABLES)
