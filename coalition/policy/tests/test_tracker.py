"""The tracker: developments, filters, deadlines and the weekly digest email."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coalition.members.tests.factories import ThemeFactory
from coalition.policy.jobs import weekly_deadline_digest
from coalition.policy.models import DeadlineSubscriber, Development
from coalition.policy.tests.factories import DevelopmentFactory

pytestmark = pytest.mark.django_db


def test_staff_add_a_consultation(client, staff):
    theme = ThemeFactory(name="Local governance")
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["developments"]),
        {
            "title": "Local Government White Paper",
            "kind": "white_paper",
            "issuer_kind": "government",
            "issuer": "Department for Communities and Local Government",
            "published_on": "2026-10-26",
            "closes_on": "2027-01-15",
            "summary": "Devolution to neighbourhoods.",
            "themes": [theme.pk],
            "status": "watching",
        },
    )
    assert response.status_code == 302
    development = Development.objects.get()
    assert development.slug == "local-government-white-paper"
    assert list(development.themes.all()) == [theme]
    page = client.get(reverse("policy:index")).content.decode()
    assert "Local Government White Paper" in page


def test_a_consultation_closing_before_it_opens_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["developments"]),
        {
            "title": "Backwards",
            "kind": "consultation",
            "issuer_kind": "government",
            "issuer": "Cabinet Office",
            "published_on": "2026-10-26",
            "closes_on": "2026-10-01",
            "summary": "x",
            "status": "watching",
        },
    )
    assert response.status_code == 400
    assert "cannot close before it is published" in response.content.decode()
    assert not Development.objects.exists()


def test_filters_and_the_deadlines_view(client):
    today = timezone.localdate()
    soon = DevelopmentFactory(title="Closes soon", closes_on=today + timedelta(days=3))
    DevelopmentFactory(title="Closed already", closes_on=today - timedelta(days=3))
    DevelopmentFactory(title="A bill", kind="bill", closes_on=None)
    page = client.get(reverse("policy:deadlines")).content.decode()
    assert soon.title in page and "Closed already" not in page and "A bill" not in page
    page = client.get(reverse("policy:index"), {"kind": "bill"}).content.decode()
    assert "A bill" in page and "Closes soon</a></h3>" not in page


def test_the_weekly_digest_goes_to_staff_and_subscribers(client, staff, outsider, commit):
    today = timezone.localdate()
    DevelopmentFactory(title="Personalisation guidance", closes_on=today + timedelta(days=5))
    DevelopmentFactory(title="Far away", closes_on=today + timedelta(days=200))
    client.force_login(outsider)
    client.post(reverse("policy:digest"), {"subscribe": "1"})
    assert DeadlineSubscriber.objects.filter(user=outsider).exists()
    with commit():
        weekly_deadline_digest()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([staff.email, outsider.email])
    assert "Personalisation guidance" in mail.outbox[0].body
    assert "Far away" not in mail.outbox[0].body
    assert "5 days left" in mail.outbox[0].body


def test_no_digest_when_nothing_closes(staff, commit):
    with commit():
        weekly_deadline_digest()
    assert mail.outbox == []


def test_unsubscribing_from_the_digest(client, outsider):
    DeadlineSubscriber.objects.create(user=outsider)
    client.force_login(outsider)
    client.post(reverse("policy:digest"), {"subscribe": "0"})
    assert not DeadlineSubscriber.objects.exists()


def test_public_pages_are_cached_for_visitors_and_refreshed_on_change(client, commit):
    DevelopmentFactory(title="Compact consultation")
    assert client.get(reverse("policy:index"))["X-Page-Cache"] == "miss"
    assert client.get(reverse("policy:index"))["X-Page-Cache"] == "hit"
    with commit():
        DevelopmentFactory(title="Personalisation guidance")
    page = client.get(reverse("policy:index"))
    assert page["X-Page-Cache"] == "miss" and "Personalisation guidance" in page.content.decode()
