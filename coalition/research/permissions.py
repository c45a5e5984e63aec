"""Who may do what in research, decided here and nowhere else.

- Anyone: the library, item pages, exports, the gaps board, the network's public
  profiles, the learning programme.
- Anyone signed in: propose, support (once) and comment on gaps; ask for evidence and
  follow their own requests; ask to join the research network.
- Contributors (member representatives and researchers in the network): submit items and
  import RIS/BibTeX files; they go to staff for review.
- Researchers in the network: requests for evidence routed to them; answer them.
- Staff (with two-factor, enforced for /staff/ by the middleware): moderation, publishing,
  gap status, routing requests, the learning programme, research briefings.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.members.permissions import roles_for
from coalition.news.permissions import is_trusted_staff
from coalition.research.models import EvidenceRequest, ImportBatch, Researcher, ResearchItem


def researcher_for(user) -> Researcher | None:
    """The person's researcher profile if they are in the network (active)."""
    if not user.is_authenticated:
        return None
    return Researcher.objects.active().filter(user=user).first()


def can_contribute(user) -> bool:
    if not user.is_authenticated:
        return False
    if is_trusted_staff(user) or roles_for(user).is_representative:
        return True
    return researcher_for(user) is not None


def require_contributor(request) -> None:
    if not can_contribute(request.user):
        raise Http404("Member representatives and researchers in the network submit research.")


def require_researcher(request) -> Researcher:
    researcher = researcher_for(request.user)
    if researcher is None:
        raise Http404("Only researchers in the network answer requests for evidence.")
    return researcher


def item_for_contributor(request, pk: int) -> ResearchItem:
    """An item this person submitted (staff: any); else 404."""
    item = get_object_or_404(ResearchItem, pk=pk)
    require_contributor(request)
    if is_trusted_staff(request.user) or item.submitted_by_id == request.user.pk:
        return item
    raise Http404("No research item of yours has this address.")


def batch_for(request, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch, pk=pk)
    require_contributor(request)
    if is_trusted_staff(request.user) or batch.user_id == request.user.pk:
        return batch
    raise Http404("No import of yours has this address.")


def can_edit_submission(item: ResearchItem) -> bool:
    return item.status in (
        ResearchItem.Status.DRAFT,
        ResearchItem.Status.SUBMITTED,
        ResearchItem.Status.REJECTED,
    )


def request_for(request, pk: int) -> tuple[EvidenceRequest, str]:
    """A request for evidence and the person's part in it: asker, researcher or staff."""
    evidence = get_object_or_404(EvidenceRequest, pk=pk)
    user = request.user
    if evidence.asker_id == user.pk:
        return evidence, "asker"
    researcher = researcher_for(user)
    if researcher and evidence.researchers.filter(pk=researcher.pk).exists():
        return evidence, "researcher"
    if is_trusted_staff(user):
        return evidence, "staff"
    raise Http404("No request for evidence of yours has this address.")


def contributor_required(view):
    """Signed in, and a contributor (else 404) — checked before the HTTP method, so people
    without the role learn nothing from a 405."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_contributor(request)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def thread_required(view):
    """Signed in and part of this request for evidence (else 404), before the HTTP method."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        request.evidence, request.evidence_role = request_for(request, pk)
        return view(request, pk, *args, **kwargs)

    return login_required(wrapper)
