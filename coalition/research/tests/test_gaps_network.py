"""Research gaps, the network and requests for evidence, learning, research briefings."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalition.core.models import Theme
from coalition.research.models import (
    EvidenceRequest,
    GapSupport,
    LearningOpportunity,
    Researcher,
    ResearchGap,
)
from coalition.research.services.network import suggest_researchers
from coalition.research.tests.factories import (
    EvidenceRequestFactory,
    LearningFactory,
    ResearcherFactory,
    ResearchGapFactory,
    ResearchItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding():
    return Theme.objects.create(name="Funding and finance", slug="funding-and-finance")


# --- Gaps --------------------------------------------------------------------------------


def test_anyone_signed_in_proposes_a_gap_and_supports_it_once(signed_in, outsider, staff, funding):
    client = signed_in(outsider)
    response = client.post(
        reverse("research:gap_new"),
        {"title": "What does commissioning cost?", "description": "We need numbers.",
         "themes": [funding.pk]},
    )  # fmt: skip
    gap = ResearchGap.objects.get()
    assert response.status_code == 302 and gap.support_count == 1  # the proposer supports it
    client.post(reverse("research:gap_support", args=[gap.pk]), {"action": "support"})
    gap.refresh_from_db()
    assert gap.support_count == 1 and GapSupport.objects.count() == 1
    other = signed_in(staff)
    other.post(reverse("research:gap_support", args=[gap.pk]), {"action": "support"})
    gap.refresh_from_db()
    assert gap.support_count == 2
    other.post(reverse("research:gap_support", args=[gap.pk]), {"action": "withdraw"})
    gap.refresh_from_db()
    assert gap.support_count == 1


def test_the_board_is_sorted_by_support_and_hides_hidden_gaps(client):
    ResearchGapFactory(title="Less", support_count=1)
    ResearchGapFactory(title="More", support_count=5)
    ResearchGapFactory(title="Spam", support_count=9, status="hidden")
    page = client.get(reverse("research:gaps"))
    assert [g.title for g in page.context["page"].object_list] == ["More", "Less"]
    assert client.get(reverse("research:gaps"), {"status": "nonsense"}).status_code == 400


def test_comments_and_bad_input(signed_in, outsider):
    gap = ResearchGapFactory()
    client = signed_in(outsider)
    assert (
        client.post(reverse("research:gap_comment", args=[gap.pk]), {"body": ""}).status_code == 400
    )
    client.post(reverse("research:gap_comment", args=[gap.pk]), {"body": "We see this in Leeds."})
    assert "We see this in Leeds." in client.get(gap.get_absolute_url()).content.decode()
    bad = client.post(reverse("research:gap_new"), {"title": "", "description": ""})
    assert bad.status_code == 400 and "title" in bad.context["form"].errors


def test_staff_answer_a_gap_with_library_items(signed_in, staff):
    gap = ResearchGapFactory()
    item = ResearchItemFactory(doi="10.5555/answer.1")
    client = signed_in(staff)
    url = reverse("research:staff_gap", args=[gap.pk])
    missing = client.post(url, {"status": "answered", "items_text": ""})
    assert missing.status_code == 400
    assert "links to the library items" in missing.context["form"].errors["items_text"][0]
    unknown = client.post(url, {"status": "answered", "items_text": "/research/not-there/"})
    assert "not items in the library" in unknown.context["form"].errors["items_text"][0]
    client.post(
        url,
        {
            "status": "answered",
            "items_text": f"https://x.org{item.get_absolute_url()}\n10.5555/answer.1",
        },
    )
    gap.refresh_from_db()
    assert gap.status == "answered" and list(gap.items.all()) == [item] and gap.answered_at


# --- Network and requests for evidence ---------------------------------------------------


def test_joining_the_network_waits_for_staff(signed_in, outsider, staff):
    client = signed_in(outsider)
    client.post(
        reverse("research:join"),
        {"name": "Dr New Person", "expertise": "rural communities", "public_profile": "on"},
    )
    person = Researcher.objects.get()
    assert person.status == "pending" and person.user == outsider
    assert client.get(reverse("research:submit")).status_code == 404  # not yet a contributor
    assert "Dr New Person" not in client.get(reverse("research:network")).content.decode()
    signed_in(staff).post(
        reverse("research:staff_researcher", args=[person.pk]),
        {"name": person.name, "expertise": person.expertise, "public_profile": "on",
         "email": "new@example.org", "status": "active"},
    )  # fmt: skip
    person.refresh_from_db()
    assert person.status == "active"
    assert client.get(reverse("research:submit")).status_code == 200
    assert "Dr New Person" in client.get(reverse("research:network")).content.decode()


def test_researchers_are_suggested_by_shared_themes_and_expertise(funding):
    evidence = EvidenceRequestFactory(title="Effects of commissioning on small groups")
    evidence.themes.add(funding)
    both = ResearcherFactory(name="Both", expertise="commissioning")
    both.themes.add(funding)
    ResearcherFactory(name="Words only", expertise="commissioning, tendering")
    ResearcherFactory(name="Nothing shared", expertise="rural arts")
    ResearcherFactory(name="Left", expertise="commissioning", status="left")
    names = [r.name for r, _why in suggest_researchers(evidence)]
    assert names == ["Both", "Words only"]


def test_a_member_asks_for_evidence_and_gets_an_answer(signed_in, representative, staff, commit):
    researcher = ResearcherFactory()
    item = ResearchItemFactory(title="Commissioning in West Sussex")
    asker = signed_in(representative)
    with commit():
        asker.post(
            reverse("research:ask"),
            {"asker_name": "David Tyler", "title": "Evidence on commissioning",
             "description": "For a scrutiny meeting."},
        )  # fmt: skip
    evidence = EvidenceRequest.objects.get()
    assert evidence.status == "new" and evidence.messages.count() == 1
    staff_client = signed_in(staff)
    assert (
        staff_client.post(
            reverse("research:staff_request_route", args=[evidence.pk]), {}
        ).status_code
        == 400
    )
    with commit():
        staff_client.post(
            reverse("research:staff_request_route", args=[evidence.pk]),
            {"researchers": [researcher.pk], "note": "Over to you."},
        )
    assert any(researcher.email in m.to for m in mail.outbox)
    answerer = signed_in(researcher.user)
    assert evidence.title in answerer.get(reverse("research:my_requests")).content.decode()
    empty = answerer.post(reverse("research:request_reply", args=[evidence.pk]), {"body": ""})
    assert empty.status_code == 400
    mail.outbox.clear()
    with commit():
        answerer.post(
            reverse("research:request_reply", args=[evidence.pk]),
            {"body": "This study is what you need.", "items": item.get_absolute_url()},
        )
    evidence.refresh_from_db()
    assert evidence.status == "answered"
    (to_member,) = [m for m in mail.outbox if representative.email in m.to]
    assert "This study is what you need." in to_member.body and item.title in to_member.body
    thread = asker.get(evidence.get_absolute_url()).content.decode()
    assert "This study is what you need." in thread and "Over to you." in thread
    assert item.get_absolute_url() in thread


def test_only_the_people_in_a_thread_see_it(signed_in, outsider):
    evidence = EvidenceRequestFactory()
    ResearcherFactory()  # in the network, but not sent this request
    assert signed_in(outsider).get(evidence.get_absolute_url()).status_code == 404
    other = Researcher.objects.get().user
    assert signed_in(other).get(evidence.get_absolute_url()).status_code == 404


def test_a_closed_request_takes_no_more_replies(signed_in, staff):
    evidence = EvidenceRequestFactory(status="closed")
    response = signed_in(evidence.asker).post(
        reverse("research:request_reply", args=[evidence.pk]), {"body": "Anyone?"}
    )
    assert response.status_code == 409


def test_a_need_by_date_in_the_past_is_refused(signed_in, outsider):
    response = signed_in(outsider).post(
        reverse("research:ask"),
        {"asker_name": "Pat", "title": "Evidence", "description": "For a meeting.",
         "needed_by": (timezone.localdate() - timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "This date has passed" in response.context["form"].errors["needed_by"][0]


# --- Learning ----------------------------------------------------------------------------


def test_learning_pages_show_published_opportunities_with_write_ups(
    client, signed_in, staff, commit
):
    done = LearningFactory(
        title="Nottingham workshop",
        starts_on=timezone.localdate() - timedelta(days=9),
        writeup="Pay differentials **matter**.",
    )
    LearningFactory(title="Draft course", status="draft")
    listing = client.get(reverse("research:learning")).content.decode()
    assert "Nottingham workshop" in listing and "Draft course" not in listing
    page = client.get(done.get_absolute_url()).content.decode()
    assert "What we learned" in page and "<strong>matter</strong>" in page
    staff_client = signed_in(staff)
    bad = staff_client.post(
        reverse("research:staff_material_add", args=[done.pk]),
        {"title": "Slides", "kind": "slides",
         "file": SimpleUploadedFile("slides.pdf", b"#!/bin/sh\necho not a pdf")},
    )  # fmt: skip
    assert bad.status_code == 400 and "file" in bad.context["material_form"].errors
    with commit():  # the cached public page is refreshed once the change commits
        staff_client.post(
            reverse("research:staff_material_add", args=[done.pk]),
            {"title": "Slides", "kind": "slides", "url": "https://www.example.org/slides"},
        )
    assert "https://www.example.org/slides" in client.get(done.get_absolute_url()).content.decode()


def test_staff_create_a_learning_opportunity(signed_in, staff):
    response = signed_in(staff).post(
        reverse("research:staff_learning_new"),
        {"title": "Training for council staff", "kind": "training", "audience": "public-sector",
         "summary": "How community groups work.", "status": "published"},
    )  # fmt: skip
    assert response.status_code == 302
    assert LearningOpportunity.objects.get().slug == "training-for-council-staff"


# --- Research briefings ------------------------------------------------------------------


def test_staff_compose_a_research_briefing(signed_in, staff):
    from coalition.mailings.models import Bulletin, MailingList

    client = signed_in(staff)
    page = client.get(reverse("research:staff_briefing"))
    assert "There is no mailing list" in page.content.decode()
    MailingList.objects.create(
        name="Research briefings", slug="research-briefings", consent_wording="Email me research."
    )
    item = ResearchItemFactory(title="New findings on commissioning")
    gap = ResearchGapFactory(status="answered", answered_at=timezone.now())
    gap.items.add(item)
    assert (
        "New findings on commissioning"
        in client.get(reverse("research:staff_briefing")).content.decode()
    )
    assert client.post(reverse("research:staff_briefing"), {"subject": ""}).status_code == 400
    response = client.post(reverse("research:staff_briefing"), {"subject": "Research, June"})
    bulletin = Bulletin.objects.get()
    assert response["Location"] == bulletin.get_staff_url()
    assert bulletin.mailing_list.slug == "research-briefings"
    titles = list(bulletin.items.values_list("title", flat=True))
    assert titles == ["New findings on commissioning", f"Answered: {gap.title}"]
