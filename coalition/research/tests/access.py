"""Who may open each research page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC = {
    "research:library",
    "research:item",
    "research:item_ris",
    "research:item_bibtex",
    "research:item_csl",
    "research:export_ris",
    "research:export_bibtex",
    "research:export_csl",
    "research:gaps",
    "research:gap",
    "research:network",
    "research:researcher",
    "research:learning",
    "research:learning_item",
}
# EDITOR here: member representatives and researchers in the network (anyone else: 404).
PROTECTED = {
    "research:submit": EDITOR,
    "research:my_research": EDITOR,
    "research:my_item": EDITOR,
    "research:import": EDITOR,
    "research:import_batch": EDITOR,
    "research:import_confirm": EDITOR,
    "research:import_discard": EDITOR,
    "research:gap_new": SIGNED_IN,
    "research:gap_support": SIGNED_IN,
    "research:gap_comment": SIGNED_IN,
    "research:join": SIGNED_IN,
    "research:ask": SIGNED_IN,
    "research:my_requests": SIGNED_IN,
    "research:request": EDITOR,
    "research:request_reply": EDITOR,
    "research:staff_home": STAFF,
    "research:staff_item_new": STAFF,
    "research:staff_item": STAFF,
    "research:staff_item_approve": STAFF,
    "research:staff_item_reject": STAFF,
    "research:staff_item_publish": STAFF,
    "research:staff_approve_batch": STAFF,
    "research:staff_gaps": STAFF,
    "research:staff_gap": STAFF,
    "research:staff_requests": STAFF,
    "research:staff_request": STAFF,
    "research:staff_request_route": STAFF,
    "research:staff_request_close": STAFF,
    "research:staff_network": STAFF,
    "research:staff_researcher": STAFF,
    "research:staff_institution_new": STAFF,
    "research:staff_institution": STAFF,
    "research:staff_learning": STAFF,
    "research:staff_learning_new": STAFF,
    "research:staff_learning_item": STAFF,
    "research:staff_material_add": STAFF,
    "research:staff_briefing": STAFF,
}
POST_ONLY = {
    "research:import_confirm",
    "research:import_discard",
    "research:request_reply",
    "research:staff_item_approve",
    "research:staff_item_reject",
    "research:staff_item_publish",
    "research:staff_approve_batch",
    "research:staff_request_route",
    "research:staff_request_close",
    "research:staff_material_add",
}
PUBLIC_STATUS = {}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from coalition.research.models import ImportBatch
    from coalition.research.tests.factories import (
        EvidenceRequestFactory,
        InstitutionFactory,
        LearningFactory,
        ResearcherFactory,
        ResearchGapFactory,
        ResearchItemFactory,
    )

    item = ResearchItemFactory(slug="access-research", organisation=organisation)
    waiting = ResearchItemFactory(status="submitted", published_at=None)
    gap = ResearchGapFactory()
    researcher = ResearcherFactory(slug="access-researcher")
    institution = InstitutionFactory()
    evidence = EvidenceRequestFactory()
    learning = LearningFactory(slug="access-learning")
    batch = ImportBatch.objects.create(filename="refs.ris", format="ris", entries=[])
    return {
        "research:item": {"slug": item.slug},
        "research:item_ris": {"slug": item.slug},
        "research:item_bibtex": {"slug": item.slug},
        "research:item_csl": {"slug": item.slug},
        "research:my_item": {"pk": waiting.pk},
        "research:import_batch": {"pk": batch.pk},
        "research:import_confirm": {"pk": batch.pk},
        "research:import_discard": {"pk": batch.pk},
        "research:gap": {"pk": gap.pk},
        "research:gap_support": {"pk": gap.pk},
        "research:gap_comment": {"pk": gap.pk},
        "research:researcher": {"slug": researcher.slug},
        "research:learning_item": {"slug": learning.slug},
        "research:request": {"pk": evidence.pk},
        "research:request_reply": {"pk": evidence.pk},
        "research:staff_item": {"pk": waiting.pk},
        "research:staff_item_approve": {"pk": waiting.pk},
        "research:staff_item_reject": {"pk": waiting.pk},
        "research:staff_item_publish": {"pk": waiting.pk},
        "research:staff_approve_batch": {"pk": batch.pk},
        "research:staff_gap": {"pk": gap.pk},
        "research:staff_request": {"pk": evidence.pk},
        "research:staff_request_route": {"pk": evidence.pk},
        "research:staff_request_close": {"pk": evidence.pk},
        "research:staff_researcher": {"pk": researcher.pk},
        "research:staff_institution": {"pk": institution.pk},
        "research:staff_learning_item": {"pk": learning.pk},
        "research:staff_material_add": {"pk": learning.pk},
    }
