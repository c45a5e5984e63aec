"""Taking part in an action: the form, duplicates, confirming, closed actions, bad input."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from coalition.campaigns.models import Action, Campaign, Participation
from coalition.campaigns.services import public_count
from coalition.campaigns.tests.factories import (
    ActionFactory,
    CampaignFactory,
    ParticipationFactory,
    PledgeFactory,
)
from coalition.campaigns.views.actions import FORM_TOKEN_SALT, form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return ActionFactory(goal=100)


def url(action) -> str:
    return action.get_absolute_url()


def form_data(action, **overrides) -> dict:
    data = {
        "name": "Asha Patel",
        "email": "asha.patel@example.net",
        "postcode": "ng1 5fs",
        "organisation_name": "",
        "form_token": form_token(action),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def confirm_link(message) -> str:
    return re.search(r"http://[^\s]+/campaigns/confirm/[^\s/]+/", message.body)[0]


def test_it_shows_the_petition_and_an_empty_form(client, petition):
    response = client.get(url(petition))
    assert response.status_code == 200
    html = response.content.decode()
    assert petition.target in html and petition.text in html
    assert 'name="contact_by_coalition"' in html
    assert not re.search(r'name="contact_by_coalition"[^>]*checked', html)
    # No cookie, no CSRF token: the page can be shared from the cache.
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html


def test_signing_stores_a_pending_signature_and_emails_a_link_after_commit(
    client, petition, commit
):
    with commit():
        response = client.post(url(petition), form_data(petition, contact_by_coalition="on"))
        assert len(mail.outbox) == 0  # not before the transaction commits
    assert response.status_code == 200
    assert b"Check your email" in response.content
    signature = Participation.objects.get()
    assert signature.status == Participation.Status.PENDING
    assert signature.postcode == "NG1 5FS"
    assert (signature.postcode_district, signature.postcode_area) == ("NG1", "NG")
    assert signature.contact_by_coalition and not signature.contact_by_partner
    assert "may email me about this campaign" in signature.consent_wording
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["asha.patel@example.net"]
    assert f"/campaigns/confirm/{signature.token}/" in mail.outbox[0].body
    assert public_count(petition) == 0


def test_unticked_consent_keeps_no_wording(client, petition):
    client.post(url(petition), form_data(petition))
    signature = Participation.objects.get()
    assert not signature.contact_by_coalition
    assert signature.consent_wording == ""


def test_confirming_works_once_and_then_says_already_confirmed(client, petition, commit):
    with commit():
        client.post(url(petition), form_data(petition))
    link = confirm_link(mail.outbox[0])
    path = link.replace("http://127.0.0.1:8000", "")
    page = client.get(path)
    assert page.status_code == 200
    assert b"Confirm my signature" in page.content
    assert Participation.objects.get().status == Participation.Status.PENDING  # GET changes nothing

    response = client.post(path)
    assert response.status_code == 200
    assert b"Thank you, Asha Patel" in response.content
    signature = Participation.objects.get()
    assert signature.status == Participation.Status.CONFIRMED
    assert signature.confirmed_at is not None
    assert public_count(petition) == 1

    again = client.post(path)
    assert again.status_code == 200
    assert b"You have already confirmed" in again.content
    assert client.get(path).status_code == 200
    assert public_count(petition) == 1


def test_an_unknown_confirmation_link_is_not_found(client):
    assert client.get(reverse("campaigns:confirm", args=["nope"])).status_code == 404


@pytest.mark.parametrize(
    "second_email",
    ["asha.patel@example.net", "Asha.Patel@Example.NET", "asha.patel+again@example.net"],
)
def test_a_second_attempt_looks_the_same_and_stores_nothing(client, petition, commit, second_email):
    with commit():
        first = client.post(url(petition), form_data(petition, email="asha.patel@example.net"))
    with commit():
        second = client.post(url(petition), form_data(petition, email=second_email))
    assert first.status_code == second.status_code == 200
    assert first.content.decode().replace("asha.patel@example.net", "X") == (
        second.content.decode().replace(second_email, "X")
    )
    assert Participation.objects.count() == 1
    # Re-sending is rate limited: the first email went a moment ago.
    assert len(mail.outbox) == 1


def test_gmail_dots_and_googlemail_are_the_same_person(client, petition):
    client.post(url(petition), form_data(petition, email="Sam.Jones@gmail.com"))
    client.post(url(petition), form_data(petition, email="samjones+x@googlemail.com"))
    assert Participation.objects.count() == 1
    assert Participation.objects.get().email_normalised == "samjones@gmail.com"


def test_a_second_attempt_later_sends_the_link_again(client, petition, commit):
    with commit():
        client.post(url(petition), form_data(petition))
    with freeze_time(timezone.now() + timedelta(minutes=11)), commit():
        client.post(url(petition), form_data(petition, email="ASHA.PATEL@example.net"))
    assert len(mail.outbox) == 2
    assert confirm_link(mail.outbox[0]) == confirm_link(mail.outbox[1])
    assert mail.outbox[1].to == ["asha.patel@example.net"]  # the address that signed


def test_a_second_attempt_after_confirming_is_told_by_email_not_on_the_page(
    client, petition, commit
):
    signature = ParticipationFactory(
        action=petition,
        email="asha.patel@example.net",
        status=Participation.Status.CONFIRMED,
        created=timezone.now() - timedelta(days=1),
    )
    with commit():
        response = client.post(url(petition), form_data(petition))
    assert b"Check your email" in response.content
    assert len(mail.outbox) == 1
    assert "already" in mail.outbox[0].subject
    assert signature.token not in mail.outbox[0].body


def test_the_resend_page_says_the_same_for_any_address(client, petition, commit):
    ParticipationFactory(
        action=petition,
        email="known@example.net",
        created=timezone.now() - timedelta(hours=1),
    )
    resend = reverse("campaigns:resend", args=[petition.campaign.slug, petition.slug])
    with commit():
        known = client.post(resend, {"email": "known@example.net"})
    with commit():
        unknown = client.post(resend, {"email": "stranger@example.net"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert [m.to for m in mail.outbox] == [["known@example.net"]]
    assert client.post(resend, {"email": "not an email"}).status_code == 400


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("postcode", "12345", "Enter a UK postcode, like SW1A 1AA."),
        ("postcode", "", "Enter your postcode."),
        ("name", "", "This field is required."),
        ("name", "=HYPERLINK(1)", "cannot start with =, +, - or @"),
        ("name", "+44 spam", "cannot start with =, +, - or @"),
        ("name", "Buy now at https://spam.example", "cannot contain a web address"),
        ("name", "cheap-pills.com", "cannot contain a web address"),
    ],
)
def test_bad_input_is_refused_beside_the_field_keeping_what_was_typed(
    client, petition, field, value, message
):
    data = form_data(petition, organisation_name="Hill Street Tenants", **{field: value})
    response = client.post(url(petition), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'id="id_{field}_error"' in html
    assert message in html.replace("&#x27;", "'")
    assert 'value="Hill Street Tenants"' in html
    assert Participation.objects.count() == 0


def test_the_honeypot_pretends_to_work_and_stores_nothing(client, petition, commit):
    with commit():
        response = client.post(url(petition), form_data(petition, leave_empty="http://spam"))
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert Participation.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "close",
    [
        lambda a: Action.objects.filter(pk=a.pk).update(status=Action.Status.CLOSED),
        lambda a: Action.objects.filter(pk=a.pk).update(
            closes_at=timezone.now() - timedelta(minutes=1)
        ),
        lambda a: Campaign.objects.filter(pk=a.campaign_id).update(status=Campaign.Status.CLOSED),
    ],
    ids=["closed", "past-closing-time", "campaign-not-active"],
)
def test_a_closed_action_stores_nothing_and_says_so(client, petition, close):
    close(petition)
    page = client.get(url(petition))
    assert page.status_code == 200
    assert b"has closed" in page.content
    assert b'name="email"' not in page.content
    response = client.post(url(petition), form_data(petition))
    assert response.status_code == 409
    assert b"has closed" in response.content
    assert Participation.objects.count() == 0


def test_confirming_after_the_action_closed_does_not_count(client, petition):
    signature = ParticipationFactory(action=petition)
    Action.objects.filter(pk=petition.pk).update(status=Action.Status.CLOSED)
    response = client.post(reverse("campaigns:confirm", args=[signature.token]))
    assert response.status_code == 409
    signature.refresh_from_db()
    assert signature.status == Participation.Status.PENDING


def test_drafts_are_for_staff_only(client, staff):
    draft = ActionFactory(status=Action.Status.DRAFT)
    assert client.get(url(draft)).status_code == 404
    client.force_login(staff)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert b"This action is a draft" in response.content


def test_rate_limits_answer_429_and_only_accepted_forms_count(client, petition, settings):
    settings.ACTION_RATE_LIMIT_BURST = "2/1m"
    for _ in range(3):  # invalid forms do not use up the allowance
        assert client.post(url(petition), form_data(petition, email="bad")).status_code == 400
    for n in range(2):
        response = client.post(url(petition), form_data(petition, email=f"p{n}@example.net"))
        assert response.status_code == 200
    response = client.post(url(petition), form_data(petition, email="p9@example.net"))
    assert response.status_code == 429
    assert response["Retry-After"]
    assert Participation.objects.count() == 2


def test_the_sustained_limit_applies_too(client, petition, settings):
    settings.ACTION_RATE_LIMIT_BURST = ""
    settings.ACTION_RATE_LIMIT_SUSTAINED = "1/1h"
    assert client.post(url(petition), form_data(petition)).status_code == 200
    second = client.post(url(petition), form_data(petition, email="other@example.net"))
    assert second.status_code == 429


def test_a_post_without_the_form_token_is_refused_like_a_csrf_failure(client, petition, caplog):
    response = client.post(url(petition), form_data(petition, form_token=None))
    assert response.status_code == 403
    assert any(r.name == "django.security.csrf" for r in caplog.records)
    other = ActionFactory()
    response = client.post(url(petition), form_data(petition, form_token=form_token(other)))
    assert response.status_code == 403
    assert Participation.objects.count() == 0


def test_an_old_form_is_sent_back_to_send_again(client, petition):
    with freeze_time(timezone.now() - timedelta(days=2)):
        old = signing.dumps(petition.pk, salt=FORM_TOKEN_SALT)
    response = client.post(url(petition), form_data(petition, form_token=old))
    assert response.status_code == 400
    assert b"send it again" in response.content
    assert b'value="Asha Patel"' in response.content
    assert Participation.objects.count() == 0


def test_a_post_from_another_site_is_refused(petition):
    client = Client(HTTP_ORIGIN="https://evil.example")
    assert client.post(url(petition), form_data(petition)).status_code == 403
    ours = Client(HTTP_ORIGIN="http://testserver")
    assert ours.post(url(petition), form_data(petition)).status_code == 200
    assert Participation.objects.count() == 1


def test_anonymous_visitors_get_the_page_from_a_short_cache(client, petition, settings, commit):
    settings.ACTION_PAGE_CACHE_SECONDS = 10
    assert client.get(url(petition)).get("X-Page-Cache") != "hit"
    assert client.get(url(petition))["X-Page-Cache"] == "hit"
    petition.title = "A new title"
    with commit():
        petition.save()  # an edit shows at once
    response = client.get(url(petition))
    assert response.get("X-Page-Cache") != "hit"
    assert b"A new title" in response.content


def test_the_page_shows_progress_towards_the_goal(client, petition):
    ParticipationFactory.create_batch(3, action=petition, status=Participation.Status.CONFIRMED)
    ParticipationFactory(action=petition)  # pending: not counted
    html = client.get(url(petition)).content.decode()
    assert re.search(r"<strong[^>]*>3</strong> signatures", html)
    assert 'max="100" value="3"' in html


def test_pledges_list_organisations_that_agreed(client, commit, settings):
    settings.ACTION_PAGE_CACHE_SECONDS = 0  # see the page change at once
    pledge = PledgeFactory()
    response = client.post(
        url(pledge), form_data(pledge, on_behalf_of_organisation="on", list_publicly="on")
    )
    assert response.status_code == 400
    assert b"Enter your organisation" in response.content
    with commit():
        client.post(
            url(pledge),
            form_data(
                pledge,
                organisation_name="Hill Street Tenants",
                on_behalf_of_organisation="on",
                list_publicly="on",
            ),
        )
    ParticipationFactory(
        action=pledge,
        organisation_name="Quiet Trust",
        list_publicly=False,
        status=Participation.Status.CONFIRMED,
    )
    pledged = Participation.objects.get(organisation_name="Hill Street Tenants")
    assert pledged.on_behalf_of_organisation and pledged.list_publicly
    assert b"Hill Street Tenants" not in client.get(url(pledge)).content  # not confirmed yet
    client.post(reverse("campaigns:confirm", args=[pledged.token]))
    page = client.get(url(pledge)).content
    assert b"Hill Street Tenants" in page and b"Quiet Trust" not in page
    listing = client.get(reverse("campaigns:pledgers", args=[pledge.campaign.slug, pledge.slug]))
    assert b"Hill Street Tenants" in listing.content


def test_other_kinds_do_not_list_pledgers(client, petition):
    response = client.get(
        reverse("campaigns:pledgers", args=[petition.campaign.slug, petition.slug])
    )
    assert response.status_code == 404


def test_the_hand_in_is_shown_publicly(client, petition):
    Action.objects.filter(pk=petition.pk).update(
        status=Action.Status.CLOSED,
        handed_in_on=timezone.localdate(),
        hand_in_note="Handed to the minister's office at Marsham Street.",
    )
    html = client.get(url(petition)).content.decode()
    assert "Handed in on" in html
    assert "Marsham Street" in html


def test_a_campaign_slug_called_confirm_does_not_hide_confirmation(client):
    campaign = CampaignFactory(slug="confirm")
    signature = ParticipationFactory(action=ActionFactory(campaign=campaign))
    assert client.get(reverse("campaigns:confirm", args=[signature.token])).status_code == 200


# --- the outbox: confirmation emails in batches -------------------------------------------


@pytest.fixture
def deferred_tasks(settings):
    """A task backend that can run tasks later, like the database worker in production."""
    from django_tasks import task_backends

    from coalition.campaigns import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    tasks._batch_due = 0.0
    yield task_backends["default"]
    tasks._batch_due = 0.0


def test_signatures_are_stored_owing_their_email_and_one_task_sends_a_batch(
    client, petition, commit, deferred_tasks
):
    from coalition.campaigns.tasks import send_confirmations, send_pending_confirmations

    for number in range(3):
        with commit():
            client.post(url(petition), form_data(petition, email=f"signer{number}@example.net"))
    assert Participation.objects.filter(confirmation_sent_at__isnull=True).count() == 3
    assert mail.outbox == []
    # One task for the three signatures, to run a moment later (not one per signature).
    assert len(deferred_tasks.results) == 1
    result = deferred_tasks.results[0]
    assert result.task.name == send_confirmations.name
    assert result.task.run_after is not None and result.task.run_after > timezone.now()

    assert send_pending_confirmations() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"signer{n}@example.net" for n in range(3)]
    assert not Participation.objects.filter(confirmation_sent_at__isnull=True).exists()
    # Sent once: a second run (another worker, the periodic job) finds nothing owed.
    assert send_pending_confirmations() == 0
    assert len(mail.outbox) == 3


def test_after_the_batch_is_due_the_next_signature_asks_for_another(
    client, petition, commit, deferred_tasks
):
    with commit():
        client.post(url(petition), form_data(petition, email="first@example.net"))
    with freeze_time(timezone.now() + timedelta(seconds=5)) as later:
        later.tick()
        from coalition.campaigns import tasks

        tasks._batch_due = 0.0  # the process clock moved past the enqueued batch
        with commit():
            client.post(url(petition), form_data(petition, email="second@example.net"))
    assert len(deferred_tasks.results) == 2


def test_the_periodic_job_sends_what_is_owed_after_a_crash(client, petition, commit):
    from coalition.core.scheduler import run_due_jobs

    # As if the web process died between its commit and asking for the email.
    owed = ParticipationFactory(action=petition, email="owed@example.net")
    confirmed = ParticipationFactory(action=petition, status=Participation.Status.CONFIRMED)
    run_due_jobs(only="campaigns.send_confirmations")
    assert [m.to for m in mail.outbox] == [["owed@example.net"]]
    assert f"/campaigns/confirm/{owed.token}/" in mail.outbox[0].body
    owed.refresh_from_db()
    confirmed.refresh_from_db()
    assert owed.confirmation_sent_at is not None
    assert confirmed.confirmation_sent_at is None  # confirmed people are owed nothing


def test_a_failed_send_stays_owed_and_is_sent_by_the_next_run(petition, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    from coalition.campaigns.tasks import send_pending_confirmations

    ParticipationFactory(action=petition, email="a@example.net")
    ParticipationFactory(action=petition, email="b@example.net")
    real_send = EmailMultiAlternatives.send

    def refused(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    assert send_pending_confirmations() == 0
    assert Participation.objects.filter(confirmation_sent_at__isnull=True).count() == 2
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert send_pending_confirmations() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.net", "b@example.net"]


def test_a_second_attempt_while_the_first_email_is_owed_sends_nothing_more(
    client, petition, commit, deferred_tasks
):
    from coalition.campaigns.tasks import send_pending_confirmations

    with commit():
        client.post(url(petition), form_data(petition))
    with commit():
        response = client.post(url(petition), form_data(petition, email="Asha.Patel@example.net"))
    assert response.status_code == 200 and b"Check your email" in response.content
    assert Participation.objects.count() == 1
    assert send_pending_confirmations() == 1
    assert len(mail.outbox) == 1


def test_a_petition_closed_after_it_was_looked_up_stores_nothing(client, petition):
    # The first post keeps the open action for a moment; staff then close it.
    assert client.post(url(petition), form_data(petition)).status_code == 200
    Action.objects.filter(pk=petition.pk).update(status=Action.Status.CLOSED)
    response = client.post(url(petition), form_data(petition, email="late@example.net"))
    assert response.status_code == 409
    assert b"has closed" in response.content
    assert not Participation.objects.filter(email="late@example.net").exists()


def test_a_petition_past_its_closing_time_stores_nothing_even_when_kept(client, petition):
    assert client.post(url(petition), form_data(petition)).status_code == 200
    with freeze_time(timezone.now() + timedelta(days=400)):
        Action.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(days=1))
        response = client.post(url(petition), form_data(petition, email="late@example.net"))
    assert response.status_code == 409
    assert not Participation.objects.filter(email="late@example.net").exists()


def test_a_form_token_for_another_action_is_refused_even_once_checked(client, petition):
    other = ActionFactory()
    token = form_token(other)
    assert client.post(url(other), form_data(other, form_token=token)).status_code == 200
    response = client.post(url(petition), form_data(petition, form_token=token))
    assert response.status_code == 403
    assert not Participation.objects.filter(action=petition).exists()
