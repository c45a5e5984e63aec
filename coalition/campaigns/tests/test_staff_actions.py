"""The staff view: figures, who took part, exports, invalidating, closing and the hand-in."""

import csv
import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.campaigns.models import Action, Participation
from coalition.campaigns.services import public_count
from coalition.campaigns.tests.factories import (
    ActionFactory,
    ParticipationFactory,
    PartnerLinkFactory,
)
from coalition.campaigns.views.staff import spreadsheet_safe, stream_csv

pytestmark = pytest.mark.django_db
CONFIRMED = Participation.Status.CONFIRMED


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def args(action):
    return [action.campaign.slug, action.slug]


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode())))


def test_figures_by_day_partner_and_region(staff_client, organisation):
    action = ActionFactory()
    link = PartnerLinkFactory(action=action, organisation=organisation)
    ParticipationFactory(action=action, status=CONFIRMED, postcode="NG7 2RD", partner=link)
    ParticipationFactory(action=action, status=CONFIRMED, postcode="M1 1AE")
    ParticipationFactory(action=action, postcode="M4 5JD")
    ParticipationFactory(
        action=action, postcode="SW1A 1AA", created=timezone.now() - timedelta(days=3)
    )
    response = staff_client.get(reverse("campaigns:staff_action", args=args(action)))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["totals"]["taken"] == 4
    assert figures["totals"]["confirmed"] == 2
    assert figures["totals"]["rate"] == 50.0
    assert [row["taken"] for row in figures["days"]] == [1, 3]
    regions = {row["name"]: (row["taken"], row["confirmed"]) for row in figures["regions"]}
    assert regions == {"East Midlands": (1, 1), "North West": (2, 1), "London": (1, 0)}
    partners = {row["name"]: row["taken"] for row in figures["partners"]}
    assert partners == {organisation.name: 1, "Directly (no partner)": 3}
    html = response.content.decode()
    assert "<svg" in html and "<table" in html  # the chart and its data table


def test_the_campaign_page_adds_its_actions_together(staff_client):
    action = ActionFactory()
    other = ActionFactory(campaign=action.campaign)
    ParticipationFactory(action=action, status=CONFIRMED)
    ParticipationFactory(action=other, status=CONFIRMED)
    response = staff_client.get(reverse("campaigns:staff_campaign", args=[action.campaign.slug]))
    assert response.context["figures"]["totals"]["confirmed"] == 2
    rows = read_csv(
        staff_client.get(reverse("campaigns:staff_campaign_csv", args=[action.campaign.slug]))
    )
    assert rows[0] == ["breakdown", "action", "value", "taken part", "confirmed"]
    assert ["total", action.title, "", "1", "1"] in rows
    assert ["total", other.title, "", "1", "1"] in rows
    assert staff_client.get(reverse("campaigns:staff_index")).status_code == 200


def test_the_action_figures_export(staff_client):
    action = ActionFactory()
    ParticipationFactory(action=action, status=CONFIRMED, postcode="LS1 4AP")
    rows = read_csv(staff_client.get(reverse("campaigns:staff_action_csv", args=args(action))))
    assert ["region", action.title, "Yorkshire and the Humber", "1", "1"] in rows


def test_the_export_streams_everyone_safe_from_formula_injection(staff_client):
    action = ActionFactory()
    ParticipationFactory(action=action, name="Asha Patel", status=CONFIRMED)
    # Names are checked by the form, but rows can come from anywhere (an import, the admin).
    ParticipationFactory(action=action, name='=HYPERLINK("http://x")', organisation_name="@SUM")
    ParticipationFactory(action=action, name="-2+3", organisation_name="\tTabbed")
    ParticipationFactory()  # another action's
    response = staff_client.get(reverse("campaigns:staff_participations_csv", args=args(action)))
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["id", "name", "email"]
    assert len(rows) == 4
    names = [row[1] for row in rows[1:]]
    assert names == ["Asha Patel", '\'=HYPERLINK("http://x")', "'-2+3"]
    organisations = [row[4] for row in rows[1:]]
    assert organisations == ["", "'@SUM", "'\tTabbed"]
    assert rows[1][5] == "confirmed"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Asha", "Asha"),
        (3, 3),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_export_writes_in_chunks():
    chunks = list(stream_csv(["a"], ([n] for n in range(5)), chunk_rows=2))
    assert len(chunks) == 3
    assert "".join(chunks).split() == ["a", "0", "1", "2", "3", "4"]


def test_search_and_filter_who_took_part(staff_client):
    action = ActionFactory()
    ParticipationFactory(action=action, name="Asha Patel", email="asha@example.net")
    ParticipationFactory(action=action, name="Ben Okafor", postcode="M1 1AE", status=CONFIRMED)
    url = reverse("campaigns:staff_participations", args=args(action))

    def names(query):
        response = staff_client.get(url, query)
        return [p.name for p in response.context["page"].object_list]

    assert names({"q": "asha"}) == ["Asha Patel"]
    assert names({"q": "ASHA@example.net"}) == ["Asha Patel"]
    assert names({"q": "m11ae"}) == ["Ben Okafor"]
    assert names({"status": "confirmed"}) == ["Ben Okafor"]
    assert sorted(names({})) == ["Asha Patel", "Ben Okafor"]
    assert staff_client.get(url, {"status": "bogus"}).status_code == 400


def test_invalidating_needs_a_reason_and_is_logged(staff_client):
    action = ActionFactory()
    signature = ParticipationFactory(action=action, status=CONFIRMED)
    url = reverse("campaigns:staff_invalidate", args=[*args(action), signature.pk])
    response = staff_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert public_count(action) == 1
    response = staff_client.post(url, {"reason": "Made-up name"})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.status == Participation.Status.INVALIDATED
    assert signature.invalidated_reason == "Made-up name"
    assert public_count(action) == 0
    entry = LogEntry.objects.get_for_object(signature).get()
    assert entry.additional_data == {"reason": "Made-up name"}


def test_a_participation_of_another_action_cannot_be_invalidated_here(staff_client):
    action = ActionFactory()
    elsewhere = ParticipationFactory(status=CONFIRMED)
    url = reverse("campaigns:staff_invalidate", args=[*args(action), elsewhere.pk])
    assert staff_client.post(url, {"reason": "x"}).status_code == 404


def test_closing_and_recording_the_hand_in(staff_client, client):
    action = ActionFactory()
    url = reverse("campaigns:staff_action_close", args=args(action))
    assert staff_client.post(url, {"handed_in_on": "not a date"}).status_code == 400
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    response = staff_client.post(
        url, {"handed_in_on": "2026-03-02", "hand_in_note": "Handed in at Downing Street."}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.CLOSED
    assert action.handed_in_on == date(2026, 3, 2)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Handed in on 2 March 2026" in page
    assert "Downing Street" in page
    assert LogEntry.objects.get_for_object(action).exists()


def test_postgresql_writes_the_same_export_as_python(staff_client):
    """On PostgreSQL the export is made by COPY; it must match the Python-made CSV."""
    from django.db import connection

    from coalition.campaigns.tests.factories import PartnerLinkFactory
    from coalition.campaigns.views.staff import (
        PARTICIPATION_COLUMNS,
        participation_rows,
        stream_csv,
    )

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; SQLite exports through Python (tested above)")
    action = ActionFactory()
    partner = PartnerLinkFactory(action=action)
    ParticipationFactory(action=action, name="Asha Patel", status=CONFIRMED, partner=partner)
    ParticipationFactory(
        action=action,
        name='=HYPERLINK("x")',
        organisation_name="\tTabbed",
        contact_by_coalition=True,
        consent_wording='Keep me up to date, with a comma, and "quotes"',
    )
    ParticipationFactory(action=action, name="Zoë O'Neill", postcode="NG7 2RD")
    response = staff_client.get(reverse("campaigns:staff_participations_csv", args=args(action)))
    from_postgres = read_csv(response)
    header = [label for label, _ in PARTICIPATION_COLUMNS]
    from_python = list(
        csv.reader(io.StringIO("".join(stream_csv(header, participation_rows(action)))))
    )
    assert from_postgres == from_python
    assert len(from_postgres) == 4
