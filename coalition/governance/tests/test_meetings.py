"""Meetings: agenda and papers, visibility, minutes approved at the next meeting,
actions carried forward and reminded, decisions in the public log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalition.governance.models import ActionItem, Attendance, Body, BodyMember, Meeting, Paper
from coalition.governance.services.meetings import send_action_reminders
from coalition.governance.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
)
from coalition.members.models import Person
from coalition.members.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_staff_prepare_a_meeting_and_publish_the_agenda_with_papers(client, staff):
    body = BodyFactory(name="Planning Group", slug="planning-group", kind=Body.Kind.PLANNING)
    client.force_login(staff)
    response = client.post(
        reverse("governance:staff_meeting_new"),
        {
            "body": body.pk,
            "title": "Planning Group",
            "starts_at": "2010-02-25T14:00",
            "location": "London",
            "visibility": "public",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_staff_url()
    # Publishing an empty agenda is refused.
    client.post(reverse("governance:staff_meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert not meeting.agenda_published
    client.post(
        reverse("governance:staff_agenda_item_new", args=[meeting.pk]),
        {"order": 1, "title": "Work programme 2010", "visibility": "public"},
    )
    item = meeting.agenda_items.get()
    url = reverse("governance:staff_agenda_item", args=[meeting.pk, item.pk])
    upload = SimpleUploadedFile("programme.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url, {"form": "paper", "paper-title": "Draft programme", "paper-file": upload}
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert paper.kind == "pdf"
    client.post(reverse("governance:staff_meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.agenda_published
    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Work programme 2010" in page and "Draft programme" in page
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_file_that_is_not_what_it_claims_is_refused(client, staff):
    item = AgendaItemFactory()
    client.force_login(staff)
    fake = SimpleUploadedFile(
        "minutes.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    response = client.post(
        reverse("governance:staff_agenda_item", args=[item.meeting_id, item.pk]),
        {"form": "paper", "paper-title": "Minutes", "paper-file": fake},
    )
    assert response.status_code == 400
    assert "This file is not one we accept" in response.content.decode()
    renamed = SimpleUploadedFile("report.docx", PDF, content_type="application/pdf")
    response = client.post(
        reverse("governance:staff_agenda_item", args=[item.meeting_id, item.pk]),
        {"form": "paper", "paper-title": "Report", "paper-file": renamed},
    )
    assert response.status_code == 400
    assert "ends in .docx but it is a PDF" in response.content.decode()
    assert not Paper.objects.exists()


def test_visibility_public_members_and_body_only(client, representative, outsider, staff):
    body = BodyFactory()
    public = MeetingFactory(body=body, visibility="public", agenda_published_at=timezone.now())
    members = MeetingFactory(body=body, visibility="members")
    body_only = MeetingFactory(body=body, visibility="body")
    AgendaItemFactory(meeting=public, title="Open item", visibility="public")
    AgendaItemFactory(meeting=public, title="Confidential staffing", visibility="body")
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(members.get_absolute_url()).status_code == 404
    page = client.get(public.get_absolute_url()).content.decode()
    assert "Open item" in page and "Confidential staffing" not in page
    client.force_login(outsider)
    assert client.get(members.get_absolute_url()).status_code == 404
    client.force_login(representative)
    assert client.get(members.get_absolute_url()).status_code == 200
    assert client.get(body_only.get_absolute_url()).status_code == 404
    # A member of the body sees the body-only meeting and items.
    BodyMember.objects.create(body=body, person=Person.objects.get(user=representative))
    assert client.get(body_only.get_absolute_url()).status_code == 200
    assert "Confidential staffing" in client.get(public.get_absolute_url()).content.decode()
    client.force_login(staff)
    assert client.get(body_only.get_absolute_url()).status_code == 200


def test_papers_follow_their_item_and_the_published_agenda(client):
    meeting = MeetingFactory(visibility="public")
    item = AgendaItemFactory(meeting=meeting, visibility="public")
    paper = Paper(agenda_item=item, title="Draft", kind="pdf")
    paper.file.save("draft.pdf", SimpleUploadedFile("draft.pdf", PDF), save=True)
    assert client.get(paper.get_absolute_url()).status_code == 404  # agenda not published
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    assert client.get(paper.get_absolute_url()).status_code == 200
    item.visibility = "members"
    item.save()
    assert client.get(paper.get_absolute_url()).status_code == 404


def test_minutes_are_approved_at_the_next_meeting_and_then_published(client, staff):
    body = BodyFactory()
    first = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=60))
    second = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=1))
    client.force_login(staff)
    response = client.post(reverse("governance:staff_minutes", args=[first.pk]), {"minutes": " "})
    assert response.status_code == 400
    client.post(
        reverse("governance:staff_minutes", args=[first.pk]),
        {"minutes": "## Present\n\nAdrian, Chris, Dorothy.\n\nAgreed the programme."},
    )
    first.refresh_from_db()
    assert first.minutes_status == Meeting.MinutesStatus.DRAFT
    client.logout()
    assert "Agreed the programme" not in client.get(first.get_absolute_url()).content.decode()
    client.force_login(staff)
    # The first meeting has no earlier one: nothing to approve.
    client.post(reverse("governance:staff_minutes_approve", args=[first.pk]))
    first.refresh_from_db()
    assert first.minutes_status == Meeting.MinutesStatus.DRAFT
    client.post(reverse("governance:staff_minutes_approve", args=[second.pk]))
    first.refresh_from_db()
    assert first.minutes_status == Meeting.MinutesStatus.APPROVED
    assert first.minutes_approved_at == second
    # Approved minutes can no longer be edited.
    response = client.post(
        reverse("governance:staff_minutes", args=[first.pk]), {"minutes": "Rewritten"}
    )
    assert response.status_code == 400
    client.logout()
    page = client.get(first.get_absolute_url()).content.decode()
    assert "<h2>Present</h2>" in page and "Agreed the programme" in page
    assert first.title in client.get(reverse("governance:minutes_list")).content.decode()


def test_attendance_and_apologies(client, staff):
    meeting = MeetingFactory()
    adrian, chris = PersonFactory(name="Adrian"), PersonFactory(name="Chris")
    for person in (adrian, chris):
        BodyMember.objects.create(body=meeting.body, person=person)
    client.force_login(staff)
    url = reverse("governance:staff_attendance", args=[meeting.pk])
    response = client.post(
        url, {f"person_{adrian.pk}": "present", f"person_{chris.pk}": "apologies"}
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person__name", "status")) == {
        "Adrian": "present",
        "Chris": "apologies",
    }
    response = client.post(url, {f"person_{adrian.pk}": "asleep"})
    assert response.status_code == 400


def test_actions_are_carried_forward_until_done(client, staff):
    body = BodyFactory()
    first = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=30))
    second = MeetingFactory(body=body, starts_at=timezone.now() + timedelta(days=1))
    action = ActionFactory(meeting=first, description="Draft the City Parochial bid")
    client.force_login(staff)
    page = client.get(second.get_staff_url()).content.decode()
    assert "Carried forward" in page and "Draft the City Parochial bid" in page
    action.status = ActionItem.Status.DONE
    action.save()
    assert "Draft the City Parochial bid" not in client.get(second.get_staff_url()).content.decode()


def test_an_action_cannot_be_due_before_its_meeting(client, staff):
    meeting = MeetingFactory(starts_at=timezone.now())
    client.force_login(staff)
    response = client.post(
        reverse("governance:staff_action_new", args=[meeting.pk]),
        {
            "description": "Write it",
            "owner": PersonFactory().pk,
            "due": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "status": "open",
            "visibility": "body",
        },
    )
    assert response.status_code == 400
    assert "cannot be due before the meeting" in response.content.decode()


def test_my_actions_lists_mine_and_lets_me_mark_one_done(client, representative, outsider):
    me = Person.objects.get(user=representative)
    mine = ActionFactory(owner=me, description="Ask Jan about the S.W. Foundation")
    theirs = ActionFactory(description="Someone else's job")
    client.force_login(representative)
    page = client.get(reverse("governance:my_actions")).content.decode()
    assert "Ask Jan" in page and "Someone else" not in page
    response = client.post(reverse("governance:action_status", args=[mine.pk]), {"status": "done"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "done" and mine.completed_on == timezone.localdate()
    assert (
        client.post(
            reverse("governance:action_status", args=[theirs.pk]), {"status": "done"}
        ).status_code
        == 404
    )
    client.force_login(outsider)
    assert client.get(reverse("governance:my_actions")).status_code == 200


def test_reminders_go_once_per_due_date(commit):
    owner = PersonFactory(email="adrian@example.org")
    action = ActionFactory(owner=owner, due=timezone.localdate() + timedelta(days=2))
    ActionFactory(due=timezone.localdate() + timedelta(days=30))  # not due soon
    ActionFactory(status="done", due=timezone.localdate())
    with commit():
        assert send_action_reminders() == 1
    assert [m.to for m in mail.outbox] == [["adrian@example.org"]]
    assert action.description in mail.outbox[0].body
    with commit():
        assert send_action_reminders() == 0
    action.due = timezone.localdate() + timedelta(days=1)
    action.save()
    with commit():
        assert send_action_reminders() == 1


def test_the_reminder_travels_by_smtp(smtp_server, commit):
    ActionFactory(owner=PersonFactory(email="chris@example.org"), due=timezone.localdate())
    with commit():
        send_action_reminders()
    message = smtp_server.last_to("chris@example.org")
    assert "Action due" in message["Subject"]
    assert "/meetings/my-actions/" in smtp_server.text(message)


def test_the_decisions_log_shows_public_decisions_with_their_rationale(client, representative):
    meeting = MeetingFactory(visibility="members")
    DecisionFactory(
        meeting=meeting, title="Apply to City Parochial", rationale="Fits their guidelines"
    )
    DecisionFactory(meeting=meeting, title="Staff pay review", visibility="body")
    DecisionFactory(meeting=meeting, title="Members only note", visibility="members")
    page = client.get(reverse("governance:decisions")).content.decode()
    assert "Apply to City Parochial" in page and "Fits their guidelines" in page
    assert "Staff pay review" not in page and "Members only note" not in page
    client.force_login(representative)
    page = client.get(reverse("governance:decisions")).content.decode()
    assert "Members only note" in page and "Staff pay review" not in page
