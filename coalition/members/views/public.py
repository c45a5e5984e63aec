from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coalition.core.cache import public_page
from coalition.lib import ratelimit
from coalition.members.forms import ApplicationForm, DirectoryFilterForm
from coalition.members.models import (
    Affiliation,
    Application,
    Membership,
    MembershipType,
    Organisation,
)
from coalition.members.services import notify_application_received
from coalition.policy.services.activity import recent_activity

PAGE_SIZE = 24


def current_memberships() -> Prefetch:
    """Prefetch each organisation's active membership and its type (for the member badge)."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(status=Membership.Status.ACTIVE).select_related("type"),
    )


@public_page
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    organisations = Organisation.objects.listed().prefetch_related(current_memberships())
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    if q := filters.get("q"):
        organisations = organisations.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(description__icontains=q)
        )
    if membership_type := filters.get("type"):
        organisations = organisations.filter(
            memberships__status=Membership.Status.ACTIVE, memberships__type=membership_type
        )
    if region := filters.get("region"):
        organisations = organisations.filter(regions=region)
    if theme := filters.get("theme"):
        organisations = organisations.filter(themes=theme)
    page = Paginator(organisations.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/directory.html",
        {"form": form, "page": page, "filters": filters, "is_filtered": bool(filters)},
    )


@public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(
            "regions",
            "themes",
            Prefetch("memberships", queryset=Membership.objects.select_related("type")),
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.filter(person__listed_publicly=True).select_related(
                    "person"
                ),
                to_attr="public_people",
            ),
        ),
        slug=slug,
    )
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": organisation.current_membership(),
            # Its public threads, signatures on published joint responses and news.
            "activity": recent_activity(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def join(request):
    types = MembershipType.objects.all()
    if request.method == "POST":
        # Only applications that would be saved count (each one sends an email), so
        # correcting mistakes in the form never uses up a visitor's allowance.
        rate = settings.JOIN_RATE_LIMIT
        if ratelimit.is_limited(request, "join", rate):
            return ratelimit.too_many_requests(request, "join", rate)
        form = ApplicationForm(request.POST)
        if form.is_valid():
            if not ratelimit.consume(request, "join", rate):
                return ratelimit.too_many_requests(request, "join", rate)
            application = form.save()
            notify_application_received(application)
            request.session["application_id"] = application.pk
            return redirect("members:join_thanks")
    else:
        initial = {}
        if chosen := types.filter(slug=request.GET.get("type")).first():
            initial["membership_type"] = chosen
        form = ApplicationForm(initial=initial)
    return render(request, "members/join.html", {"form": form, "types": types})


def join_thanks(request):
    application = None
    if application_id := request.session.get("application_id"):
        application = Application.objects.filter(pk=application_id).first()
    if application is None:
        messages.info(request, "Fill in the form below to apply to join.")
        return redirect("members:join")
    return render(request, "members/join_thanks.html", {"application": application})
