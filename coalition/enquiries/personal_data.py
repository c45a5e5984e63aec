"""Personal data in enquiries: questions to the coalition, their threads, introductions."""

from django.db.models import Q

from coalition.privacy.registry import (
    EMAIL,
    ERASED,
    ERASED_NAME,
    Collects,
    Table,
    by_email,
    by_user,
    either,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Enquiries: name, email address, organisation, telephone, the question and "
        "the email thread that follows",
        why="To answer the question (legitimate interests; consent where asked)",
        kept="With the enquiry's record; erased on request (the numbers answered stay)",
    ),
    Collects(
        what="Requests to be put in touch: both people's names and email addresses, the "
        "reason, and each side's agreement",
        why="To make the introduction only when both agree",
        kept="With the introduction's record; erased on request",
    ),
]


def _threads(email, user):
    return Q(enquiry__email__iexact=email) | Q(sender__iexact=email)


TABLES = [
    Table("enquiries.Message", match=_threads, erase={"body": ERASED, "sender": ""}),
    Table(
        "enquiries.Enquiry",
        match=by_email("email"),
        erase={
            "name": ERASED_NAME,
            "email": EMAIL,
            "phone": "",
            "organisation_name": "",
            "subject": ERASED,
            "message": ERASED,
        },
    ),
    Table(
        "enquiries.Introduction",
        name="enquiries.Introduction (asked by them)",
        match=either(by_email("requester_email"), by_user("requested_by")),
        erase={
            "requester_name": ERASED_NAME,
            "requester_email": EMAIL,
            "requested_by": None,
            "reason": ERASED,
        },
    ),
    Table(
        "enquiries.Introduction",
        name="enquiries.Introduction (introduced to them)",
        match=by_email("contact_email"),
        erase={"contact_name": ERASED_NAME, "contact_email": EMAIL},
    ),
]

export = exporter(TABLES)
erase = eraser(TABLES)
