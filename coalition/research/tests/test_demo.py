"""The demo's research loads, loads again without duplicates, and shows on the dashboard."""

import pytest
from django.utils import timezone

from coalition.research import dashboard, demo
from coalition.research.models import (
    GapSupport,
    Institution,
    LearningOpportunity,
    Researcher,
    ResearchGap,
    ResearchItem,
)

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (
            ResearchItem,
            Researcher,
            Institution,
            ResearchGap,
            GapSupport,
            LearningOpportunity,
        )
    ]


def test_the_demo_loads_twice_to_the_same_rows():
    today = timezone.localdate()
    summary = demo.load(today)
    assert "8 research items" in summary
    first = counts()
    demo.load(today)
    assert counts() == first
    assert {i.slug for i in Institution.objects.all()} == {
        "birkbeck", "roehampton", "nottingham-trent", "essex",
    }  # fmt: skip
    answered = ResearchGap.objects.get(status="answered")
    assert answered.items.exists() and answered.support_count == answered.supports.count()
    item = ResearchItem.objects.get(slug="commissioning-in-west-sussex")
    assert item.author_names == ["Adur Voluntary Action", "Okafor, Ruth"]


def test_the_dashboard_panel_counts_what_waits():
    demo.load(timezone.localdate())
    (panel,) = dashboard.panels(timezone.localdate())
    assert panel.attention >= 1 and panel.context["waiting"]


def test_unconfirmed_imports_are_discarded_after_a_week():
    from datetime import timedelta

    from coalition.research.jobs import discard_old_previews
    from coalition.research.models import ImportBatch

    old = ImportBatch.objects.create(filename="old.bib", format="bibtex", entries=[{"n": 1}])
    ImportBatch.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=8))
    new = ImportBatch.objects.create(filename="new.bib", format="bibtex", entries=[{"n": 1}])
    assert discard_old_previews() == "1 unconfirmed imports discarded"
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == "discarded" and old.entries == [] and new.status == "preview"
