"""Priority-setting rounds: propose, discuss, vote (one ballot per member organisation), results."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coalition.governance.forms import BallotForm, CommentForm, ProposalForm
from coalition.governance.models import Ballot, PriorityRound, Proposal
from coalition.governance.permissions import is_trusted_staff, voting_organisations
from coalition.governance.services.priorities import (
    BallotRefused,
    cast_ballot,
    count_for_display,
)
from coalition.members.permissions import roles_for


def priorities(request):
    rounds = PriorityRound.objects.order_by("-voting_opens_at")
    return render(request, "governance/priorities.html", {"rounds": rounds})


def participant(request) -> tuple[list, bool]:
    """(organisations this person takes part for, is trusted staff); 404 for anyone else.
    Staff add proposals and comments for the coalition itself, and never vote."""
    if is_trusted_staff(request.user):
        return [], True
    return voting_organisations(request), False


def _member_state(request, round):
    """The representative's organisations and whether each has voted."""
    if not request.user.is_authenticated:
        return [], {}
    represented = [o for o in roles_for(request.user).represented if o.status == o.Status.ACTIVE]
    ballots = {
        b.organisation_id: b
        for b in Ballot.objects.filter(round=round, organisation__in=represented)
    }
    return represented, ballots


def round_detail(request, slug):
    round = get_object_or_404(PriorityRound, slug=slug)
    proposals = (
        round.proposals.select_related("organisation", "campaign", "project")
        .prefetch_related("comments__organisation")
        .order_by("pk")
    )
    represented, ballots = _member_state(request, round)
    show_count = round.results_published or is_trusted_staff(request.user)
    return render(
        request,
        "governance/round.html",
        {
            "round": round,
            "stage": round.stage(),
            "proposals": proposals,
            "represented": represented,
            "ballots": ballots,
            "member_rows": [(o, ballots.get(o.pk)) for o in represented],
            "count": count_for_display(round) if show_count else None,
            "ballot_total": round.ballots.count(),
            "comment_form": CommentForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, slug):
    round = get_object_or_404(PriorityRound, slug=slug)
    organisations, _staff = participant(request)
    status = HTTPStatus.OK
    if round.stage() != "proposing":
        messages.error(request, "Proposals for this round have closed.")
        return redirect(round)
    if request.method == "POST":
        form = ProposalForm(request.POST, round=round, organisations=organisations)
        if form.is_valid():
            proposal = form.save(commit=False)
            proposal.round = round
            proposal.organisation = form.cleaned_data.get("organisation") or (
                organisations[0] if organisations else None
            )
            proposal.proposed_by = request.user
            try:
                proposal.save()
            except IntegrityError:
                form.add_error("title", "A priority with this title is already proposed.")
            else:
                messages.success(request, f"Your priority “{proposal.title}” is proposed.")
                return redirect(round)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ProposalForm(round=round, organisations=organisations)
    return render(request, "governance/propose.html", {"round": round, "form": form}, status=status)


@login_required
def comment(request, slug, pk):
    round = get_object_or_404(PriorityRound, slug=slug)
    proposal = get_object_or_404(Proposal, round=round, pk=pk)
    organisations, _staff = participant(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if round.stage() not in ("proposing", "discussing", "voting"):
        messages.error(request, "Discussion of this round has closed.")
        return redirect(round)
    form = CommentForm(request.POST)
    if form.is_valid():
        form.instance.proposal = proposal
        form.instance.author = request.user
        form.instance.organisation = organisations[0] if organisations else None
        form.save()
        messages.success(request, "Your comment is added.")
    else:
        messages.error(request, "Write a comment before sending it.")
    return redirect(f"{round.get_absolute_url()}#proposal-{proposal.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def vote(request, slug):
    round = get_object_or_404(PriorityRound, slug=slug)
    organisations, staff = participant(request)
    proposals = list(round.proposals.order_by("pk"))
    stage = round.stage()
    status = HTTPStatus.OK
    existing = {
        b.organisation_id: b
        for b in Ballot.objects.filter(
            round=round, organisation__in=organisations
        ).prefetch_related("rankings")
    }
    if request.method == "POST" and staff:
        messages.error(
            request, "Staff do not vote: each member organisation's representative does."
        )
        return redirect(round)
    if request.method == "POST":
        form = BallotForm(request.POST, proposals=proposals, organisations=organisations)
        if form.is_valid():
            organisation = form.organisation()
            try:
                ballot, replaced = cast_ballot(
                    round, organisation, request.user, form.cleaned_data["ranked_ids"]
                )
            except BallotRefused as refusal:
                form.add_error(None, str(refusal))
                status = refusal.status
            else:
                messages.success(
                    request,
                    f"{'The ballot is changed' if replaced else 'Your ballot is recorded'} "
                    f"for {organisation.name}. Receipt {ballot.receipt}.",
                )
                return redirect(round)
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        initial = {}
        if len(organisations) == 1 and organisations[0].pk in existing:
            for ranking in existing[organisations[0].pk].rankings.all():
                initial[f"rank_{ranking.proposal_id}"] = ranking.rank
        form = BallotForm(initial=initial, proposals=proposals, organisations=organisations)
    return render(
        request,
        "governance/vote.html",
        {
            "round": round,
            "stage": stage,
            "form": form,
            "existing": existing,
            "organisations": organisations,
            "staff": staff,
        },
        status=status,
    )
