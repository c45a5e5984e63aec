"""Demo enquiries: the questions a coalition gets ("answering queries, meeting with and
putting people in touch with one another"), in every state, and two introductions."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coalition.enquiries.models import Enquiry, Introduction, Message, Tag
from coalition.members.models import Organisation

STAFF_EMAIL = "naomi.alexander@example.org"

ENQUIRIES = [
    (
        "demo-enq-001",
        "funding",
        "Commissioning: our CVS is asked to bid against its members",
        "Our council has put all its grants out to tender and our CVS is being asked to bid "
        "against the groups it supports. Is there anything written on how others have handled "
        "this?",
        "Lena Hart",
        "lena.hart@example.org",
        "Worthing CVS",
        "new",
        1,
        ["commissioning"],
        [],
    ),
    (
        "demo-enq-002",
        "membership",
        "Can a tenants' federation join?",
        "We are a regional federation of tenants' and residents' associations. Are we eligible "
        "for full membership or associate membership?",
        "Tom Reyes",
        "tom.reyes@example.org",
        "North West Tenants Federation",
        "answered",
        9,
        ["membership"],
        [
            "Thank you for asking. As a regional federation you can join as an associate "
            "member; full membership is for national bodies working across England.",
        ],
    ),
    (
        "demo-enq-003",
        "research",
        "Evidence on the effects of commissioning",
        "I am writing a report for our trustees on the effects of commissioning on small "
        "groups. Do you know of any research we could cite?",
        "Priya Nair",
        "priya.nair@example.org",
        "Leeds Community Action",
        "waiting",
        5,
        ["research", "commissioning"],
        ["The Adur Voluntary Action report should help; could you tell us which services?"],
    ),
    (
        "demo-enq-004",
        "events",
        "Papers from the Nottingham workshop",
        "I missed the workshop on management styles in Nottingham. Are the papers available?",
        "Owen Pike",
        "owen.pike@example.org",
        "",
        "in_progress",
        17,
        ["events"],
        [],
    ),
    (
        "demo-enq-005",
        "media",
        "Interview request about the loss of advocacy",
        "We are preparing a piece on voluntary organisations losing their campaigning voice "
        "under contracts. Could someone speak to us this week?",
        "Maya Brooks",
        "maya.brooks@example.org",
        "Third Sector Weekly",
        "closed",
        30,
        ["media"],
        ["Our Chair would be glad to talk: we have passed on your details."],
    ),
]


@transaction.atomic
def load(today: date) -> str:
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    now = timezone.now()
    for (
        token_key,
        topic,
        subject,
        message,
        name,
        email,
        org,
        status,
        age,
        tags,
        replies,
    ) in ENQUIRIES:
        token = token_key.replace("demo-enq-", "0000000d").rjust(12, "0")[-12:]
        received = now - timedelta(days=age, hours=3)
        enquiry, created = Enquiry.objects.update_or_create(
            token=token,
            defaults={
                "topic": topic,
                "subject": subject,
                "message": message,
                "name": name,
                "email": email,
                "organisation_name": org,
                "consent": True,
                "status": status,
                "received_at": received,
                "last_activity_at": received + timedelta(days=1 if replies else 0),
                "first_answered_at": received + timedelta(days=1) if replies else None,
                "assigned_to": staff if status != "new" else None,
            },
        )
        enquiry.tags.set([Tag.objects.get_or_create(name=tag)[0] for tag in tags])
        if created:
            Message.objects.create(
                enquiry=enquiry, kind="inbound", sender=email, body=message, created=received
            )
            for index, body in enumerate(replies, start=1):
                Message.objects.create(
                    enquiry=enquiry,
                    kind="reply",
                    author=staff,
                    body=body,
                    created=received + timedelta(days=index),
                )
            if status == "in_progress":
                Message.objects.create(
                    enquiry=enquiry,
                    kind="note",
                    author=staff,
                    body="Ask the workshop organisers for the slides before replying.",
                    created=received + timedelta(days=2),
                )
    organisation = Organisation.objects.listed().order_by("name").first()
    Introduction.objects.update_or_create(
        requester_email="rosa.lind@example.ac.uk",
        defaults={
            "requester_name": "Dr Rosa Lind",
            "requester_role": "researcher",
            "organisation": organisation,
            "reason": "I am researching independence audits and would like to talk to a member "
            "that has tried one.",
            "requester_consent": True,
            "contact_name": organisation.name if organisation else "",
            "contact_email": organisation.contact_email if organisation else "",
            "status": Introduction.Status.REQUESTED,
        },
    )
    return (
        f"Enquiries loaded: {Enquiry.objects.count()} enquiries "
        f"({Enquiry.objects.filter(status__in=Enquiry.OPEN_STATUSES).count()} open), "
        f"{Introduction.objects.count()} introductions."
    )
