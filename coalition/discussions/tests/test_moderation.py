"""Reports hide a post after enough of them; staff lock, move and remove with a reason, audited."""

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from coalition.discussions.models import Post, Report, Thread
from coalition.discussions.tests.factories import PostFactory, ThreadFactory
from coalition.members.tests.factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_enough_reports_hide_a_post_and_tell_its_author(client, settings, commit):
    settings.DISCUSSIONS_REPORTS_TO_HIDE = 2
    author = UserFactory()
    post = PostFactory(author=author, body="Something rude.")
    url = reverse("discussions:report", args=[post.pk])
    first = UserFactory()
    client.force_login(first)
    client.post(url, {"reason": "Rude."})
    client.post(url, {"reason": "Rude again."})  # once per person
    assert Report.objects.count() == 1
    post.refresh_from_db()
    assert not post.is_hidden
    client.force_login(UserFactory())
    with commit():
        client.post(url, {"reason": "Offensive."})
    post.refresh_from_db()
    assert post.is_hidden
    assert [m.to for m in mail.outbox] == [[author.email]]
    client.logout()
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "hidden until staff review it" in page and "Something rude." not in page


def test_a_report_needs_a_reason(client, outsider):
    post = PostFactory()
    client.force_login(outsider)
    response = client.post(reverse("discussions:report", args=[post.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Tell us what is wrong" in response.content.decode()


def test_staff_review_a_hidden_post_with_a_reason_kept_in_the_audit_log(client, staff):
    post = PostFactory(is_hidden=True)
    Report.objects.create(post=post, reporter=UserFactory(), reason="Spam")
    client.force_login(staff)
    assert "Spam" in client.get(reverse("discussions:staff_home")).content.decode()
    url = reverse("discussions:staff_post", args=[post.pk])
    client.post(url, {"decision": "remove", "reason": ""})
    post.refresh_from_db()
    assert post.is_hidden and not post.is_removed  # no reason, nothing done
    client.post(url, {"decision": "remove", "reason": "Advertising"})
    post.refresh_from_db()
    assert post.is_removed and not post.is_hidden
    assert Report.objects.get().reviewed_at is not None
    entry = LogEntry.objects.get_for_object(post).latest("timestamp")
    assert entry.additional_data == {"reason": "Advertising"}


def test_staff_lock_move_and_remove_threads(client, staff, representative):
    thread = ThreadFactory()
    PostFactory(thread=thread)
    elsewhere = ThemeFactory(name="Local governance")
    client.force_login(staff)
    url = reverse("discussions:staff_thread", args=[thread.pk])
    response = client.post(url, {"action": "lock", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    client.post(url, {"action": "lock", "reason": "Said all there is to say"})
    thread.refresh_from_db()
    assert thread.is_locked
    entry = LogEntry.objects.get_for_object(thread).latest("timestamp")
    assert entry.additional_data == {"reason": "lock: Said all there is to say"}
    client.force_login(representative)
    response = client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "One more"})
    assert response.status_code == 409
    assert Post.objects.filter(thread=thread).count() == 1

    client.force_login(staff)
    assert client.post(url, {"action": "move", "reason": "Wrong theme"}).status_code == 400
    client.post(url, {"action": "move", "theme": elsewhere.pk, "reason": "Wrong theme"})
    thread.refresh_from_db()
    assert thread.theme == elsewhere
    client.post(url, {"action": "remove", "reason": "Duplicate"})
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert Thread.objects.filter(pk=thread.pk, is_removed=True).exists()
