"""Who may open each governance page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC = {
    "governance:decisions",
    "governance:minutes_list",
    "governance:meeting",
    "governance:paper",
    "governance:priorities",
    "governance:round",
}
PROTECTED = {
    "governance:my_actions": SIGNED_IN,
    "governance:action_status": EDITOR,
    "governance:propose": EDITOR,
    "governance:vote": EDITOR,
    "governance:comment": EDITOR,
    "governance:staff_home": STAFF,
    "governance:staff_body_new": STAFF,
    "governance:staff_body": STAFF,
    "governance:staff_body_member_remove": STAFF,
    "governance:staff_meeting_new": STAFF,
    "governance:staff_meeting": STAFF,
    "governance:staff_meeting_publish": STAFF,
    "governance:staff_agenda_item_new": STAFF,
    "governance:staff_agenda_item": STAFF,
    "governance:staff_paper_delete": STAFF,
    "governance:staff_attendance": STAFF,
    "governance:staff_minutes": STAFF,
    "governance:staff_minutes_approve": STAFF,
    "governance:staff_action_new": STAFF,
    "governance:staff_action": STAFF,
    "governance:staff_decision_new": STAFF,
    "governance:staff_decision": STAFF,
    "governance:staff_round_new": STAFF,
    "governance:staff_round": STAFF,
    "governance:staff_round_close": STAFF,
    "governance:staff_round_publish": STAFF,
    "governance:staff_proposal": STAFF,
}
POST_ONLY = {
    "governance:action_status",
    "governance:comment",
    "governance:staff_body_member_remove",
    "governance:staff_meeting_publish",
    "governance:staff_paper_delete",
    "governance:staff_minutes_approve",
    "governance:staff_round_close",
    "governance:staff_round_publish",
}
PUBLIC_STATUS = {}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from coalition.governance.models import BodyMember, Paper
    from coalition.governance.tests.factories import (
        ActionFactory,
        AgendaItemFactory,
        DecisionFactory,
        MeetingFactory,
        ProposalFactory,
        RoundFactory,
    )
    from coalition.members.tests.factories import PersonFactory

    meeting = MeetingFactory(agenda_published_at=timezone.now())
    item = AgendaItemFactory(meeting=meeting)
    paper = Paper(agenda_item=item, title="Paper", kind="pdf")
    paper.file.save("paper.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    seat = BodyMember.objects.create(body=meeting.body, person=PersonFactory())
    action = ActionFactory(meeting=meeting)
    decision = DecisionFactory(meeting=meeting)
    round = RoundFactory(
        slug="access-round",
        proposals_close_at=timezone.now() + timedelta(days=5),
        voting_opens_at=timezone.now() + timedelta(days=6),
        voting_closes_at=timezone.now() + timedelta(days=9),
    )
    proposal = ProposalFactory(round=round)
    return {
        "governance:meeting": {"pk": meeting.pk},
        "governance:paper": {"pk": paper.pk},
        "governance:action_status": {"pk": action.pk},
        "governance:round": {"slug": round.slug},
        "governance:propose": {"slug": round.slug},
        "governance:vote": {"slug": round.slug},
        "governance:comment": {"slug": round.slug, "pk": proposal.pk},
        "governance:staff_body": {"pk": meeting.body_id},
        "governance:staff_body_member_remove": {"pk": meeting.body_id, "member": seat.pk},
        "governance:staff_meeting": {"pk": meeting.pk},
        "governance:staff_meeting_publish": {"pk": meeting.pk},
        "governance:staff_agenda_item_new": {"pk": meeting.pk},
        "governance:staff_agenda_item": {"pk": meeting.pk, "item": item.pk},
        "governance:staff_paper_delete": {"pk": paper.pk},
        "governance:staff_attendance": {"pk": meeting.pk},
        "governance:staff_minutes": {"pk": meeting.pk},
        "governance:staff_minutes_approve": {"pk": meeting.pk},
        "governance:staff_action_new": {"pk": meeting.pk},
        "governance:staff_action": {"pk": action.pk},
        "governance:staff_decision_new": {"pk": meeting.pk},
        "governance:staff_decision": {"pk": decision.pk},
        "governance:staff_round": {"pk": round.pk},
        "governance:staff_round_close": {"pk": round.pk},
        "governance:staff_round_publish": {"pk": round.pk},
        "governance:staff_proposal": {"pk": proposal.pk},
    }
