"""Composing: fill from the site, reorder, edit, trim, preview, test, schedule, progress."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.campaigns.tests.factories import ActionFactory
from coalition.events.tests.factories import EventFactory
from coalition.mailings.models import BulletinItem
from coalition.mailings.services import compose, sending
from coalition.mailings.tests.factories import (
    BulletinFactory,
    BulletinItemFactory,
    MailingListFactory,
    subscribed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_fill_from_the_site_adds_what_is_new_once():
    from coalition.events.models import Event

    mailing_list = MailingListFactory()
    old = EventFactory(title="Old workshop")
    Event.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=40))
    BulletinFactory(
        mailing_list=mailing_list, status="sent", sent_at=timezone.now() - timedelta(days=10)
    )
    EventFactory(title="Nottingham workshop")
    EventFactory(title="Draft event", status="draft")
    ActionFactory(title="Sign the funding petition")
    bulletin = BulletinFactory(mailing_list=mailing_list)
    assert compose.fill_from_site(bulletin) == 2
    titles = list(bulletin.items.values_list("kind", "title"))
    assert titles == [("event", "Nottingham workshop"), ("action", "Sign the funding petition")]
    assert compose.fill_from_site(bulletin) == 0  # pressing again adds nothing twice


def test_staff_reorder_edit_and_trim_items(staff_client):
    bulletin = BulletinFactory()
    first = BulletinItemFactory(bulletin=bulletin, title="First", order=1)
    second = BulletinItemFactory(bulletin=bulletin, title="Second", order=2)
    third = BulletinItemFactory(bulletin=bulletin, title="Third", order=3)
    staff_client.post(
        reverse("mailings:staff_item_move", args=[bulletin.pk, third.pk]), {"direction": "up"}
    )
    assert list(bulletin.items.values_list("title", flat=True)) == ["First", "Third", "Second"]
    response = staff_client.post(
        reverse("mailings:staff_item", args=[bulletin.pk, first.pk]),
        {"kind": "news", "title": "First, shorter", "summary": "", "url": "", "when": ""},
    )
    assert response.status_code == 302
    staff_client.post(reverse("mailings:staff_item_remove", args=[bulletin.pk, second.pk]))
    assert list(bulletin.items.values_list("title", flat=True)) == ["First, shorter", "Third"]
    bad = staff_client.post(
        reverse("mailings:staff_item_move", args=[bulletin.pk, third.pk]), {"direction": "sideways"}
    )
    assert bad.status_code == 400


def test_a_sending_bulletin_cannot_change(staff_client):
    bulletin = BulletinFactory(status="sending")
    item = BulletinItemFactory(bulletin=bulletin)
    response = staff_client.post(reverse("mailings:staff_item_remove", args=[bulletin.pk, item.pk]))
    assert response.status_code == 409
    assert BulletinItem.objects.filter(pk=item.pk).exists()
    response = staff_client.post(reverse("mailings:staff_bulletin_send", args=[bulletin.pk]))
    assert response.status_code == 409


def test_preview_shows_the_email_at_two_widths(staff_client):
    bulletin = BulletinFactory(subject="Bulletin, April 2010")
    BulletinItemFactory(bulletin=bulletin, title="Commissioning in West Sussex")
    response = staff_client.get(reverse("mailings:staff_bulletin_preview", args=[bulletin.pk]))
    content = response.content.decode()
    assert content.count("Commissioning in West Sussex") == 2
    assert "preview__frame--phone" in content and "preview__frame--desktop" in content
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_the_email_is_single_column_without_web_fonts():
    bulletin = BulletinFactory()
    BulletinItemFactory(bulletin=bulletin)
    rendered = compose.render(bulletin)
    assert "<link" not in rendered.html and "@import" not in rendered.html
    assert "font-family: Arial" in rendered.html
    assert compose.UNSUBSCRIBE_PLACEHOLDER in rendered.html
    assert compose.UNSUBSCRIBE_PLACEHOLDER in rendered.text


def test_send_a_test_to_yourself(staff_client, staff, smtp_server):
    bulletin = BulletinFactory(subject="Bulletin, May 2010")
    BulletinItemFactory(bulletin=bulletin)
    staff_client.post(reverse("mailings:staff_bulletin_test", args=[bulletin.pk]))
    message = smtp_server.last_to(staff.email)
    assert message["Subject"] == "[Test] Bulletin, May 2010"
    assert not bulletin.deliveries.exists()
    bulletin.refresh_from_db()
    assert bulletin.status == "draft"


def test_schedule_in_the_future_only(staff_client):
    bulletin = BulletinFactory()
    BulletinItemFactory(bulletin=bulletin)
    url = reverse("mailings:staff_bulletin_schedule", args=[bulletin.pk])
    past = staff_client.post(url, {"send_at": "2001-01-01T09:00"})
    assert past.status_code == 400
    assert b"Choose a time in the future" in past.content
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert staff_client.post(url, {"send_at": later}).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.status == "scheduled"
    staff_client.post(reverse("mailings:staff_bulletin_unschedule", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.status == "draft"


def test_progress_counts_and_the_archive(staff_client, client, commit):
    mailing_list = MailingListFactory()
    subscribed(mailing_list, 3)
    bulletin = BulletinFactory(mailing_list=mailing_list, subject="Bulletin, June 2010")
    BulletinItemFactory(bulletin=bulletin)
    sending.start_sending(bulletin)
    page = staff_client.get(bulletin.get_staff_url())
    assert b'hx-get="' in page.content and b"Refresh the counts" in page.content
    progress = staff_client.get(reverse("mailings:staff_bulletin_progress", args=[bulletin.pk]))
    assert (
        b'<span class="stat__value">3</span> <span class="stat__label">pending' in progress.content
    )
    assert client.get(bulletin.get_absolute_url()).status_code == 404  # not sent yet
    sending.work("worker")
    archive = client.get(reverse("mailings:archive"))
    assert b"Bulletin, June 2010" in archive.content
    assert client.get(bulletin.get_absolute_url()).status_code == 200


def test_staff_add_a_list(staff_client):
    response = staff_client.post(
        reverse("mailings:staff_list_new"),
        {
            "name": "Members' briefing",
            "slug": "members-briefing",
            "consent_wording": "Email me the members' briefing.",
            "is_public": "on",
            "order": 4,
        },
    )
    assert response.status_code == 302
    assert b"Email me the members" in Client().get(reverse("mailings:subscribe")).content


def test_long_lines_are_packed_and_split_under_the_smtp_limit():
    html = "<p>\n" + " ".join(["word"] * 600) + "\n</p>\n" + "<b>x</b>\n" * 300
    packed = compose.pack_lines(html)
    assert max(len(line) for line in packed.splitlines()) <= 900
    assert len(packed.splitlines()) < 10
    assert packed.split() == html.split()


def test_fill_from_the_site_takes_news_and_members_feeds_when_the_news_app_has_them():
    news = pytest.importorskip("coalition.news.tests.factories")
    news.NewsItemFactory(title="Grant from the Network for Social Change")
    news.MemberFeedEntryFactory(
        title="Our AGM report", published_at=timezone.now() - timedelta(minutes=5)
    )
    bulletin = BulletinFactory()
    compose.fill_from_site(bulletin)
    titles = set(bulletin.items.values_list("title", flat=True))
    assert "Grant from the Network for Social Change" in titles
    assert "Our AGM report" in titles
