"""Joint responses: drafting in sections, conflicts, history, comments, sign-on, publishing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.members.tests.factories import AffiliationFactory, PersonFactory, UserFactory
from coalition.policy.models import Comment, Development, Response, Section, Signature
from coalition.policy.services.responses import EditConflict, diff_text, edit_section, history
from coalition.policy.tests.factories import (
    CommentFactory,
    DevelopmentFactory,
    ResponseFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_staff_start_a_response_and_draft_it_in_sections(client, staff):
    development = DevelopmentFactory(title="Strong and Prosperous Communities")
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["responses"]),
        {
            "development": development.pk,
            "title": "Our response to the White Paper",
            "slug": "",
            "introduction": "Members of the coalition respond together.",
            "sign_until": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    joint = Response.objects.get()
    assert joint.slug == "our-response-to-the-white-paper"
    assert response.url == joint.get_staff_url()
    url = reverse("policy:staff_section_new", args=[joint.pk])
    client.post(url, {"heading": "Neighbourhood governance", "body": "Devolve **budgets**."})
    section = Section.objects.get()
    assert section.version == 1 and "<strong>budgets</strong>" in section.body_html
    page = client.get(joint.get_staff_url())
    assert "Neighbourhood governance" in page.content.decode()


def test_a_section_without_a_heading_is_refused_beside_the_field(client, staff):
    joint = ResponseFactory()
    client.force_login(staff)
    response = client.post(reverse("policy:staff_section_new", args=[joint.pk]), {"body": "x"})
    assert response.status_code == 400
    assert "Enter a heading." in response.content.decode()
    assert not Section.objects.exists()


def test_an_edit_from_an_old_version_is_refused_with_both_versions_shown(client, staff):
    section = SectionFactory(body="Community groups need resources.")
    client.force_login(staff)
    url = reverse("policy:staff_section", args=[section.pk])
    # Someone else saves first.
    edit_section(section, section.heading, "Community groups need core funding.", 1, staff)
    response = client.post(
        url, {"heading": section.heading, "body": "Groups need training.", "base_version": 1}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by someone else" in page
    assert "Community groups need core funding." in page  # the saved version
    assert "Groups need training." in page  # yours, kept
    assert 'name="base_version" value="2"' in page
    section.refresh_from_db()
    assert section.version == 2 and section.body == "Community groups need core funding."
    # Saving again from the version now shown works.
    response = client.post(
        url, {"heading": section.heading, "body": "Merged text.", "base_version": 2}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.version == 3 and section.body == "Merged text."


def test_the_service_refuses_a_stale_version():
    section = SectionFactory()
    edit_section(section, "A", "one", 1, None)
    with pytest.raises(EditConflict) as refused:
        edit_section(section, "B", "two", 1, None)
    assert refused.value.current.body == "one"


def test_history_shows_who_changed_what_as_a_word_diff(client, representative):
    section = SectionFactory(body="Devolve decisions to parish level.")
    editor = UserFactory(first_name="Naomi", last_name="Alexander")
    edit_section(
        section,
        section.heading,
        "Devolve decisions and budgets to neighbourhood level.",
        1,
        editor,
        "Budgets",
    )
    rows = history(section)
    assert rows[0]["revision"].version == 2
    pieces = {(p.kind, p.text) for p in rows[0]["diff"]}
    assert ("removed", "parish") in pieces
    assert ("added", "neighbourhood") in pieces
    client.force_login(representative)
    page = client.get(
        reverse("policy:section_history", args=[section.response.slug, section.pk])
    ).content.decode()
    assert "Naomi Alexander" in page and "<del>parish</del>" in page and "“Budgets”" in page


def test_diff_escapes_what_people_typed():
    pieces = diff_text("safe", "<script>alert(1)</script>")
    from coalition.policy.templatetags.policy_markup import diff_html

    assert "<script>" not in diff_html(pieces)


def test_members_comment_on_sections_and_reply_in_threads(client, representative, organisation):
    section = SectionFactory()
    joint = section.response
    client.force_login(representative)
    url = reverse("policy:comment", args=[joint.slug, section.pk])
    response = client.post(
        url,
        {
            "body": "Add small groups. <script>alert('x')</script>",
            "proposed_wording": "Small community groups need core funding.",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.organisation == organisation
    assert "<script>" not in comment.body_html
    client.post(url, {"body": "And a reply.", "parent": comment.pk})
    reply = Comment.objects.exclude(pk=comment.pk).get()
    assert reply.parent == comment
    # A reply to a reply joins the same thread.
    client.post(url, {"body": "Reply again.", "parent": reply.pk})
    assert Comment.objects.filter(parent=comment).count() == 2
    page = client.get(joint.get_absolute_url()).content.decode()
    assert "Small community groups need core funding." in page
    assert "And a reply." in page and "&lt;script&gt;" not in page.split("comment-list")[1][:50]


def test_an_empty_comment_is_refused_beside_the_field(client, representative):
    section = SectionFactory()
    client.force_login(representative)
    response = client.post(
        reverse("policy:comment", args=[section.response.slug, section.pk]),
        {"body": "", "proposed_wording": "kept"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write your comment before sending it." in page
    assert ">kept</textarea>" in page
    assert not Comment.objects.exists()


def test_staff_resolve_comments(client, staff):
    comment = CommentFactory()
    client.force_login(staff)
    client.post(reverse("policy:staff_resolve", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == staff
    client.post(reverse("policy:staff_resolve", args=[comment.pk]), {"resolved": "0"})
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_drafts_are_for_members_and_staff_only(client, outsider):
    joint = ResponseFactory()
    assert client.get(joint.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(joint.get_absolute_url()).status_code == 404
    assert client.get(reverse("policy:responses")).content.decode().count(joint.title) == 0


def test_an_organisation_signing_twice_is_recorded_once(client, representative, organisation):
    joint = ResponseFactory()
    client.force_login(representative)
    url = reverse("policy:sign", args=[joint.slug])
    assert client.post(url, {"organisation": organisation.pk}).status_code == 302
    # Another representative of the same organisation signs too.
    other = UserFactory()
    AffiliationFactory(
        person=PersonFactory(email=other.email, user=other),
        organisation=organisation,
        is_representative=True,
    )
    client.force_login(other)
    response = client.post(url, {"organisation": organisation.pk}, follow=True)
    assert "had already signed" in response.content.decode()
    assert Signature.objects.filter(response=joint).count() == 1


def test_a_signature_after_the_deadline_is_refused(client, representative, organisation):
    joint = ResponseFactory(sign_until=timezone.now() - timedelta(minutes=1))
    client.force_login(representative)
    response = client.post(
        reverse("policy:sign", args=[joint.slug]), {"organisation": organisation.pk}
    )
    assert response.status_code == 409
    assert "Signing closed on" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_representative_signs_only_for_their_own_organisation(
    client, representative, other_organisation
):
    joint = ResponseFactory()
    client.force_login(representative)
    response = client.post(
        reverse("policy:sign", args=[joint.slug]), {"organisation": other_organisation.pk}
    )
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_a_signature_can_be_withdrawn_while_signing_is_open(client, representative, organisation):
    joint = ResponseFactory()
    Signature.objects.create(response=joint, organisation=organisation)
    client.force_login(representative)
    client.post(reverse("policy:withdraw", args=[joint.slug]), {"organisation": organisation.pk})
    assert not Signature.objects.exists()


def test_staff_publish_with_signatories_and_a_pdf(client, staff, organisation):
    section = SectionFactory(heading="Neighbourhood governance", body="Devolve budgets.")
    joint = section.response
    Signature.objects.create(response=joint, organisation=organisation)
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_publish", args=[joint.pk]), {"submitted_on": "2026-11-30"}
    )
    assert response.status_code == 302
    joint.refresh_from_db()
    assert joint.is_published and joint.submitted_on == date(2026, 11, 30)
    assert joint.development.__class__.objects.get(pk=joint.development_id).status == (
        Development.Status.RESPONDED
    )
    client.logout()
    page = client.get(joint.get_absolute_url()).content.decode()
    assert organisation.name in page and "Submitted on 30 November 2026" in page
    pdf = client.get(reverse("policy:response_pdf", args=[joint.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    # Signing is closed once published.
    assert not joint.signing_open()


def test_publishing_needs_the_date_submitted(client, staff):
    joint = SectionFactory().response
    client.force_login(staff)
    response = client.post(reverse("policy:staff_publish", args=[joint.pk]), {})
    assert response.status_code == 400
    assert "Enter the date the response was submitted." in response.content.decode()
    joint.refresh_from_db()
    assert not joint.is_published


def test_staff_record_the_outcome(client, staff):
    joint = ResponseFactory(status=Response.Status.PUBLISHED, submitted_on=date(2026, 1, 5))
    client.force_login(staff)
    client.post(
        reverse("policy:staff_outcome", args=[joint.pk]),
        {"outcome": "The Bill was amended.", "outcome_on": "2026-03-01"},
    )
    joint.refresh_from_db()
    assert joint.outcome == "The Bill was amended."
    assert "The Bill was amended." in client.get(joint.get_absolute_url()).content.decode()


def test_a_new_comment_shows_at_once_although_comments_are_cached(client, representative, commit):
    section = SectionFactory()
    joint = section.response
    client.force_login(representative)
    assert "First thought." not in client.get(joint.get_absolute_url()).content.decode()
    with commit():
        client.post(
            reverse("policy:comment", args=[joint.slug, section.pk]), {"body": "First thought."}
        )
    assert "First thought." in client.get(joint.get_absolute_url()).content.decode()
