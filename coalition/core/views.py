from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from coalition.core.cache import public_page
from coalition.core.dashboard import app_panels
from coalition.core.models import Aim, ScheduledJob, Value
from coalition.core.permissions import staff_required
from coalition.members.models import (
    Application,
    ExecutiveSeat,
    Membership,
    MembershipType,
    Organisation,
    StaffRole,
    Subscription,
)
from coalition.members.permissions import roles_for
from coalition.members.views.public import current_memberships


@public_page
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "aims": Aim.objects.all(),
            "values": Value.objects.all(),
            "member_count": Organisation.objects.listed().count(),
            "recent_members": Organisation.objects.listed()
            .prefetch_related(current_memberships())
            .order_by("-created")[:6],
            "types": MembershipType.objects.all(),
        },
    )


@public_page
def about(request):
    today = timezone.localdate()
    executive = ExecutiveSeat.objects.filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today), term_start__lte=today
    ).select_related("organisation", "person")
    return render(
        request,
        "core/about.html",
        {
            "executive": executive,
            "staff": StaffRole.objects.select_related("person"),
            "types": MembershipType.objects.all(),
            "values": Value.objects.all(),
        },
    )


@never_cache
def health(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when not."""
    checks = {"version": settings.VERSION}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure means unhealthy; the message helps operators
        checks["database"] = f"error: {error.__class__.__name__}"
        healthy = False
    if healthy:
        from django_tasks_db.models import DBTaskResult

        checks["pending_tasks"] = DBTaskResult.objects.ready().count()
        failed_jobs = ScheduledJob.objects.filter(last_outcome=ScheduledJob.Outcome.FAILED)
        checks["failed_jobs"] = sorted(failed_jobs.values_list("name", flat=True))
    checks["status"] = "ok" if healthy else "unhealthy"
    return JsonResponse(checks, status=200 if healthy else 503)


@login_required
def account_home(request):
    """Where sign-in lands: send each person to the page they most likely want."""
    roles = roles_for(request.user)
    if roles.is_staff:
        return redirect("core:staff_dashboard")
    if roles.is_representative:
        return redirect("members:my_organisation")
    return render(request, "core/account_home.html", {})


DASHBOARD_ROWS = 10


@staff_required
def staff_dashboard(request):
    """What needs attention: the first few of each list, with counts and links to all of it."""
    today = timezone.localdate()
    soon = today + timedelta(days=30)
    unpaid = (
        Subscription.objects.filter(paid_on__isnull=True)
        .select_related("membership__organisation")
        .only("amount", "due_date", "membership__organisation__name")
    )
    renewals = Membership.objects.filter(
        status=Membership.Status.ACTIVE, renewal_date__gte=today, renewal_date__lte=soon
    )
    counts = Subscription.objects.filter(paid_on__isnull=True).aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon)),
    )
    context = {
        "types": MembershipType.objects.annotate(
            active=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
        ),
        "pending_applications": Application.objects.filter(
            status=Application.Status.PENDING
        ).select_related("membership_type"),
        "overdue": unpaid.filter(due_date__lt=today).order_by("due_date")[:DASHBOARD_ROWS],
        "overdue_count": counts["overdue"],
        "due_soon": unpaid.filter(due_date__gte=today, due_date__lte=soon).order_by("due_date")[
            :DASHBOARD_ROWS
        ],
        "due_soon_count": counts["due_soon"],
        "renewals_soon": renewals.select_related("organisation", "type")
        .only("renewal_date", "organisation__name", "type__name")
        .order_by("renewal_date")[:DASHBOARD_ROWS],
        "renewals_count": renewals.count(),
        "recent_changes": LogEntry.objects.select_related("actor", "content_type").order_by(
            "-timestamp"
        )[:12],
        "jobs": ScheduledJob.objects.all(),
        "panels": app_panels(today),
    }
    return render(request, "core/staff_dashboard.html", context)


def media(request, path):
    """An uploaded file, unless it is in a folder only some people may see (404 then)."""
    from django.views.static import serve

    if path.lstrip("/").startswith(settings.PRIVATE_MEDIA_PREFIXES):
        raise Http404("Not a public file.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
