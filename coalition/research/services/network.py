"""Requests for evidence: asked by a member, routed by staff to researchers suggested by
shared themes and expertise, answered with library items or a reply, kept as a thread.
Everyone in the thread is told by email of each new message."""

import re

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from coalition.core.models import CoalitionProfile
from coalition.lib.email import queue_email
from coalition.research.models import EvidenceMessage, EvidenceRequest, Researcher

WORD = re.compile(r"[a-z]{4,}")
STOP = {"what", "with", "that", "from", "this", "have", "about", "which", "their", "there", "they"}


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP}


def suggest_researchers(evidence: EvidenceRequest, limit: int = 8) -> list[tuple[Researcher, list]]:
    """Active researchers ranked by shared themes, then by expertise words in the request.

    Returns [(researcher, reasons)], best first; only those with something in common."""
    theme_ids = list(evidence.themes.values_list("pk", flat=True))
    request_words = words(f"{evidence.title} {evidence.description}")
    candidates = (
        Researcher.objects.active()
        .select_related("institution")
        .prefetch_related("themes")
        .annotate(shared=Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
    )
    ranked = []
    for researcher in candidates:
        reasons = [t.name for t in researcher.themes.all() if t.pk in theme_ids]
        expertise = researcher.expertise
        if researcher.institution:
            expertise += ", " + researcher.institution.expertise
        matched = sorted(
            area
            for area in (a.strip() for a in expertise.split(","))
            if area and words(area) & request_words
        )
        score = researcher.shared * 3 + len(matched)
        if score:
            ranked.append((score, researcher.name, researcher, reasons + matched))
    ranked.sort(key=lambda row: (-row[0], row[1]))
    return [(row[2], row[3]) for row in ranked[:limit]]


def _staff_inbox() -> str:
    return CoalitionProfile.current().email


@transaction.atomic
def ask(evidence: EvidenceRequest, user, form) -> EvidenceRequest:
    evidence.asker = user
    evidence.save()
    form.save_m2m()
    EvidenceMessage.objects.create(
        request=evidence,
        author=user,
        author_name=evidence.asker_name,
        role=EvidenceMessage.Role.ASKER,
        body=evidence.description,
    )
    if _staff_inbox():
        queue_email(
            _staff_inbox(),
            "research/emails/request_received",
            {"evidence": evidence},
            reply_to=user.email,
        )
    return evidence


@transaction.atomic
def route(evidence: EvidenceRequest, user, researchers, note: str = "") -> EvidenceRequest:
    evidence.researchers.add(*researchers)
    evidence.status = EvidenceRequest.Status.ROUTED
    evidence.routed_by = user
    evidence.routed_at = timezone.now()
    evidence.save()
    if note.strip():
        EvidenceMessage.objects.create(
            request=evidence,
            author=user,
            author_name="Coalition staff",
            role=EvidenceMessage.Role.STAFF,
            body=note.strip(),
        )
    for researcher in researchers:
        queue_email(
            researcher.email,
            "research/emails/request_routed",
            {"evidence": evidence, "researcher": researcher, "note": note},
        )
    if evidence.asker and evidence.asker.email:
        queue_email(
            evidence.asker.email,
            "research/emails/request_with_researchers",
            {"evidence": evidence, "count": len(researchers)},
        )
    return evidence


@transaction.atomic
def reply(evidence: EvidenceRequest, user, role: str, body: str, items=()) -> EvidenceMessage:
    """A message in the thread; a researcher's answer marks the request answered and the
    member is told; the others in the thread are told too."""
    if role == EvidenceMessage.Role.RESEARCHER:
        name = user.researcher.name
    elif role == EvidenceMessage.Role.ASKER:
        name = evidence.asker_name
    else:
        name = "Coalition staff"
    message = EvidenceMessage.objects.create(
        request=evidence, author=user, author_name=name, role=role, body=body.strip()
    )
    if items:
        message.items.set(items)
    if role == EvidenceMessage.Role.RESEARCHER and evidence.status != EvidenceRequest.Status.CLOSED:
        evidence.status = EvidenceRequest.Status.ANSWERED
    evidence.save()
    recipients = set()
    if role != EvidenceMessage.Role.ASKER and evidence.asker and evidence.asker.email:
        recipients.add(evidence.asker.email)
    if role != EvidenceMessage.Role.RESEARCHER:
        recipients.update(evidence.researchers.values_list("email", flat=True))
    elif _staff_inbox():
        recipients.add(_staff_inbox())
    recipients.discard(user.email)
    for address in sorted(recipients):
        queue_email(
            address,
            "research/emails/request_message",
            {"evidence": evidence, "message": message, "items": list(items)},
        )
    return message


def close(evidence: EvidenceRequest) -> None:
    evidence.status = EvidenceRequest.Status.CLOSED
    evidence.save(update_fields=["status", "updated"])
