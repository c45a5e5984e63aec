import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coalition.mailings.models import (
    Bulletin,
    ConsentRecord,
    Delivery,
    Subscriber,
    Suppression,
)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_demo_has_subscribers_consent_and_two_sent_bulletins(demo):
    assert Subscriber.objects.count() >= 40
    assert ConsentRecord.objects.filter(action="withdrawn").count() >= 4
    # The coordinator's own "do not contact", and the privacy demo's erased
    # supporter (erasure keeps the address suppressed so no import re-adds it).
    assert set(Suppression.objects.filter(reason="staff").values_list("email", flat=True)) == {
        "rhys.smith@example.org",
        "j.marsh.supporter@example.net",
    }
    assert Subscriber.objects.filter(suspended_at__isnull=False).count() == 1
    sent = Bulletin.objects.archived()
    assert sent.count() == 2
    assert Delivery.objects.filter(status="sent").count() > 60
    archive = Client().get(reverse("mailings:archive"))
    assert b"Coalition bulletin, March 2010" in archive.content
    march = sent.get(subject="Coalition bulletin, March 2010")
    page = Client().get(march.get_absolute_url())
    assert "Adur Voluntary Action" in page.content.decode()


def test_the_demo_loads_twice_without_duplicates(demo):
    counts = (Subscriber.objects.count(), ConsentRecord.objects.count(), Delivery.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (
        Subscriber.objects.count(),
        ConsentRecord.objects.count(),
        Delivery.objects.count(),
    )
