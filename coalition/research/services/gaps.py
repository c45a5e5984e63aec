"""Research gaps: support once per person (a second press takes it back), comments, and
staff setting the status (answered links to library items)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coalition.research.models import GapComment, GapSupport, ResearchGap


@transaction.atomic
def support(gap: ResearchGap, user) -> bool:
    """Add this person's support; False if they had already supported it."""
    try:
        with transaction.atomic():
            GapSupport.objects.create(gap=gap, user=user)
    except IntegrityError:
        return False
    ResearchGap.objects.filter(pk=gap.pk).update(support_count=F("support_count") + 1)
    return True


@transaction.atomic
def withdraw(gap: ResearchGap, user) -> bool:
    deleted, _ = GapSupport.objects.filter(gap=gap, user=user).delete()
    if deleted:
        ResearchGap.objects.filter(pk=gap.pk).update(support_count=F("support_count") - 1)
    return bool(deleted)


@transaction.atomic
def propose(gap: ResearchGap, user, form) -> ResearchGap:
    gap.proposed_by = user
    gap.save()
    form.save_m2m()
    support(gap, user)  # proposing a gap counts as supporting it
    return gap


def comment(gap: ResearchGap, user, body: str) -> GapComment:
    name = user.get_full_name() or user.email.split("@")[0]
    person = getattr(user, "person", None)
    if person is not None:
        name = person.name
    return GapComment.objects.create(gap=gap, author=user, author_name=name[:200], body=body)


@transaction.atomic
def set_status(gap: ResearchGap, form) -> ResearchGap:
    gap = form.save(commit=False)
    if gap.status == ResearchGap.Status.ANSWERED and gap.answered_at is None:
        gap.answered_at = timezone.now()
    if gap.status != ResearchGap.Status.ANSWERED:
        gap.answered_at = None
    gap.save()
    gap.items.set(form.cleaned_data.get("items_text") or [])
    return gap
