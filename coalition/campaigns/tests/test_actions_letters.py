"""Letter actions through the action form: matching the postcode, confirming, sending."""

import pytest
from django.core import mail
from django.urls import reverse

from coalition.campaigns.models import Letter, Participation
from coalition.campaigns.tests.factories import DecisionMakerFactory, LetterActionFactory
from coalition.campaigns.tests.test_actions import confirm_link, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter_action():
    action = LetterActionFactory()
    DecisionMakerFactory(
        action=action,
        name="Cllr David Mellen",
        email="leader@nottingham.example.gov.uk",
        postcode_districts="NG1 NG2 NG7",
    )
    return action


def letter_data(action, **overrides):
    data = form_data(
        action,
        **{
            "letter-subject": "Keep our community centre open",
            "letter-body": "Dear Councillor,\n\nThe Meadows centre matters to us.\n\nYours,",
        },
    )
    data.update(overrides)
    return data


def test_the_form_includes_the_letter(client, letter_action):
    html = client.get(letter_action.get_absolute_url()).content.decode()
    assert 'name="letter-body"' in html
    assert "Cllr David Mellen" in html
    assert "Send my letter" in html


def test_a_postcode_nobody_covers_is_refused_beside_the_postcode(client, letter_action):
    response = client.post(
        letter_action.get_absolute_url(), letter_data(letter_action, postcode="M1 1AE")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_postcode_error"' in html
    assert "M1 1AE" in html
    assert "The Meadows centre matters to us." in html  # the letter typed is kept
    assert not Participation.objects.exists()


def test_letter_errors_are_shown_with_the_rest(client, letter_action):
    response = client.post(
        letter_action.get_absolute_url(), letter_data(letter_action, **{"letter-body": ""})
    )
    assert response.status_code == 400
    assert b'id="id_letter-body_error"' in response.content
    assert not Participation.objects.exists()


def test_the_letter_is_sent_once_the_supporter_confirms(client, letter_action, commit):
    with commit():
        response = client.post(letter_action.get_absolute_url(), letter_data(letter_action))
    assert response.status_code == 200
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.WAITING
    assert letter.subject == "Keep our community centre open"
    assert len(mail.outbox) == 1  # only the confirmation so far
    path = confirm_link(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    with commit():
        response = client.post(path)
    assert b"Cllr David Mellen" in response.content
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    sent = mail.outbox[-1]
    assert sent.to == ["leader@nottingham.example.gov.uk"]
    assert sent.reply_to == ["asha.patel@example.net"]
    assert "The Meadows centre matters to us." in sent.body


def test_a_duplicate_makes_no_second_letter(client, letter_action):
    client.post(letter_action.get_absolute_url(), letter_data(letter_action))
    client.post(letter_action.get_absolute_url(), letter_data(letter_action))
    assert Letter.objects.count() == 1
    assert reverse("campaigns:confirm", args=[Participation.objects.get().token])
