"""CSV import (with consent; a report of refused rows) and export (safe in spreadsheets)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coalition.mailings.models import ConsentRecord, Subscription, Suppression
from coalition.mailings.services.importing import (
    BAD_ADDRESS,
    DUPLICATE_IN_FILE,
    DUPLICATE_ON_LIST,
    NO_CONSENT,
    SUPPRESSED,
    UNSUBSCRIBED,
    import_subscribers,
)
from coalition.mailings.tests.factories import MailingListFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

CSV = b"""email,name,consent
ann@example.org,Ann,yes
not-an-address,Bob,yes
cat@example.org,Cat,
blocked@example.org,Dee,yes
ANN@example.org,Ann again,yes
already@example.org,Eve,2010-03-01
left@example.org,Fay,yes
gus@example.org,=HYPERLINK("http://evil.example"),yes
"""


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_suppression_beats_import_and_every_refusal_is_reported():
    mailing_list = MailingListFactory()
    Suppression.objects.create(email="blocked@example.org", reason="complaint")
    SubscriptionFactory(mailing_list=mailing_list, subscriber__email="already@example.org")
    SubscriptionFactory(
        mailing_list=mailing_list, subscriber__email="left@example.org", status="unsubscribed"
    )
    report = import_subscribers(CSV, mailing_list, "AGM sign-up sheet", "Email me the bulletin.")
    assert report.added == 2
    assert [(r.row, r.email, r.reason) for r in report.refused] == [
        (3, "not-an-address", BAD_ADDRESS),
        (4, "cat@example.org", NO_CONSENT),
        (5, "blocked@example.org", SUPPRESSED),
        (6, "ann@example.org", DUPLICATE_IN_FILE),
        (7, "already@example.org", DUPLICATE_ON_LIST),
        (8, "left@example.org", UNSUBSCRIBED),
    ]
    assert not Subscription.objects.filter(subscriber__email="blocked@example.org").exists()
    record = ConsentRecord.objects.get(email="ann@example.org")
    assert record.source.startswith("import: AGM sign-up sheet")
    assert record.wording == "Email me the bulletin."


def test_the_import_page_shows_the_report(staff_client):
    mailing_list = MailingListFactory()
    Suppression.objects.create(email="blocked@example.org", reason="staff")
    response = staff_client.post(
        reverse("mailings:staff_import"),
        {
            "mailing_list": mailing_list.pk,
            "source": "AGM sign-up sheet",
            "wording": "Email me the bulletin.",
            "file": SimpleUploadedFile("people.csv", CSV, "text/csv"),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "4 added" in content
    assert "on the suppression list" in content
    assert "not a valid email address" in content


def test_a_file_without_the_columns_is_refused_next_to_the_field(staff_client):
    mailing_list = MailingListFactory()
    response = staff_client.post(
        reverse("mailings:staff_import"),
        {
            "mailing_list": mailing_list.pk,
            "source": "x",
            "wording": "y",
            "file": SimpleUploadedFile("people.csv", b"address\nann@example.org\n", "text/csv"),
        },
    )
    assert response.status_code == 400
    assert "at least “email” and “consent”" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_export_cannot_run_formulas(staff_client):
    mailing_list = MailingListFactory()
    SubscriptionFactory(mailing_list=mailing_list, subscriber__name='=HYPERLINK("x")')
    response = staff_client.get(reverse("mailings:staff_list_export", args=[mailing_list.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["email", "name", "status"]
    assert rows[1][1] == '\'=HYPERLINK("x")'
