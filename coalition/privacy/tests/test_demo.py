"""The demo: one answered export and one erasure, in the audit log; loading twice adds none."""

import pytest
from auditlog.models import LogEntry

from coalition.campaigns.models import Participation
from coalition.members.tests.factories import UserFactory
from coalition.privacy import demo
from coalition.privacy.models import Erasure, ExportRequest
from coalition.privacy.tests.people import build, where_address_appears

pytestmark = pytest.mark.django_db


def test_demo_loads_once(client):
    world = build(client)
    UserFactory(email=demo.STAFF_EMAIL)
    UserFactory(email=demo.EXPORTED_EMAIL)
    demo.load(today=None)
    count = Participation.objects.filter(action=world.action, status="confirmed").count()
    demo.load(today=None)
    assert Participation.objects.filter(action=world.action, status="confirmed").count() == count
    erasure = Erasure.objects.get()
    export = ExportRequest.objects.get()
    assert export.status == "downloaded" and export.tables["auth.User"] == 1
    assert LogEntry.objects.get_for_object(erasure).count() == 1
    assert LogEntry.objects.get_for_object(export).count() == 2
    assert where_address_appears(demo.ERASED_EMAIL) == ["mailings.Suppression.email"]
