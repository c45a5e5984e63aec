"""The work programme back office, for staff and the treasurer."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.governance.views.staff import form_page
from coalition.programme.forms import (
    ApplicationForm,
    FunderForm,
    IncomeForm,
    MilestoneForm,
    OutputForm,
    PaymentForm,
    ProjectForm,
    ReportForm,
    TenderForm,
    YearFilterForm,
)
from coalition.programme.models import (
    Funder,
    FundingApplication,
    GrantReport,
    Income,
    Project,
    Tender,
    financial_year_label,
)
from coalition.programme.services import exports
from coalition.programme.services.income import (
    chart,
    import_paid_subscriptions,
    record_payment,
    yearly_figures,
)


def crumb():
    return ("Work programme", reverse("programme:home"))


def _status(request):
    return HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK


@staff_required
def home(request):
    projects = Project.objects.select_related("lead").annotate(
        n_partners=Count("partners", distinct=True)
    )
    status = request.GET.get("status", "")
    if status in Project.Status.values:
        projects = projects.filter(status=status)
    today = timezone.localdate()
    return render(
        request,
        "programme/home.html",
        {
            "projects": projects.order_by("status", "title"),
            "statuses": Project.Status.choices,
            "status": status,
            "reports_due": GrantReport.objects.filter(received_on__isnull=True)
            .select_related("application__funder")
            .order_by("due")[:10],
            "deadlines": FundingApplication.objects.filter(
                status=FundingApplication.Status.DRAFTING, deadline__gte=today
            )
            .select_related("funder")
            .order_by("deadline")[:10],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, f"“{project.title}” is added.")
        return redirect(project.get_staff_url())
    return form_page(
        request,
        form,
        title="Add a project",
        crumbs=[crumb()],
        submit="Add the project",
        status=_status(request),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def project(request, pk):
    project = get_object_or_404(Project.objects.select_related("lead"), pk=pk)
    form = ProjectForm(instance=project)
    milestone_form = MilestoneForm(prefix="milestone")
    output_form = OutputForm(prefix="output")
    status = HTTPStatus.OK
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "milestone":
            milestone_form = MilestoneForm(request.POST, prefix="milestone")
            if milestone_form.is_valid():
                milestone = milestone_form.save(commit=False)
                milestone.project = project
                milestone.save()
                messages.success(request, "The milestone is added.")
                return redirect(project.get_staff_url())
        elif which == "output":
            output_form = OutputForm(request.POST, prefix="output")
            if output_form.is_valid():
                output = output_form.save(commit=False)
                output.project = project
                output.save()
                messages.success(request, "The output is added.")
                return redirect(project.get_staff_url())
        else:
            form = ProjectForm(request.POST, instance=project)
            if form.is_valid():
                form.save()
                messages.success(request, "The project is saved.")
                return redirect(project.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "programme/project.html",
        {
            "project": project,
            "form": form,
            "milestone_form": milestone_form,
            "output_form": output_form,
            "milestones": project.milestones.all(),
            "outputs": project.outputs.select_related("event"),
            "applications": project.applications.select_related("funder"),
            "priorities": project.priorities.select_related("round"),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def funders(request):
    form = FunderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        funder = form.save()
        messages.success(request, f"{funder.name} is added.")
        return redirect(funder.get_staff_url())
    rows = Funder.objects.annotate(
        n_applications=Count("applications", distinct=True),
        granted=Sum("applications__amount_granted"),
    ).order_by("name")
    return render(
        request,
        "programme/funders.html",
        {"funders": rows, "form": form},
        status=_status(request),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def funder(request, pk):
    funder = get_object_or_404(Funder, pk=pk)
    form = FunderForm(request.POST or None, instance=funder)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect(funder.get_staff_url())
    return render(
        request,
        "programme/funder.html",
        {
            "funder": funder,
            "form": form,
            "applications": funder.applications.select_related("project"),
        },
        status=_status(request),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def application_new(request):
    initial = {}
    if request.GET.get("funder", "").isdigit():
        initial["funder"] = int(request.GET["funder"])
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        application = form.save()
        messages.success(request, f"The application “{application.title}” is added.")
        return redirect(application.get_staff_url())
    return form_page(
        request,
        form,
        title="Add a funding application",
        crumbs=[crumb()],
        submit="Add the application",
        status=_status(request),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def application(request, pk):
    application = get_object_or_404(
        FundingApplication.objects.select_related("funder", "project"), pk=pk
    )
    form = ApplicationForm(instance=application)
    payment_form = PaymentForm(prefix="payment")
    report_form = ReportForm(prefix="report")
    status = HTTPStatus.OK
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "payment":
            payment_form = PaymentForm(request.POST, prefix="payment")
            if payment_form.is_valid():
                try:
                    record_payment(
                        application,
                        payment_form.cleaned_data["amount"],
                        payment_form.cleaned_data["received_on"],
                    )
                except ValidationError as error:
                    payment_form.add_error("amount", error.messages[0])
                else:
                    messages.success(request, "The payment is recorded as grant income.")
                    return redirect(application.get_staff_url())
        elif which == "report":
            report_form = ReportForm(request.POST, prefix="report")
            if report_form.is_valid():
                report = report_form.save(commit=False)
                report.application = application
                report.save()
                messages.success(request, f"The report “{report.title}” is expected.")
                return redirect(application.get_staff_url())
        else:
            form = ApplicationForm(request.POST, instance=application)
            if form.is_valid():
                form.save()
                messages.success(request, "The application is saved.")
                return redirect(application.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    payments = application.payments.order_by("received_on")
    return render(
        request,
        "programme/application.html",
        {
            "application": application,
            "form": form,
            "payment_form": payment_form,
            "report_form": report_form,
            "payments": payments,
            "paid": payments.aggregate(total=Sum("amount"))["total"] or 0,
            "reports": application.reports.all(),
        },
        status=status,
    )


@staff_required
@require_POST
def report_received(request, pk):
    report = get_object_or_404(GrantReport.objects.select_related("application"), pk=pk)
    if report.received_on is None:
        report.received_on = timezone.localdate()
        report.save(update_fields=["received_on"])
        messages.success(request, f"“{report.title}” is marked as sent to the funder.")
    return redirect(report.application.get_staff_url())


@staff_required
@require_http_methods(["GET", "POST"])
def income(request):
    form = IncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(request, f"£{record.amount:,.2f} is recorded for {record.year_label}.")
        return redirect(f"{reverse('programme:income')}?year={record.financial_year}")
    filters = YearFilterForm(request.GET)
    rows = Income.objects.select_related("application__funder", "tender", "subscription")
    year = None
    if filters.is_valid():
        year = filters.cleaned_data.get("year")
        if year:
            rows = rows.filter(financial_year=year)
        if filters.cleaned_data.get("source"):
            rows = rows.filter(source=filters.cleaned_data["source"])
    page = Paginator(rows.order_by("-received_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/income.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "year": year,
            "year_label": financial_year_label(year) if year else "",
        },
        status=_status(request),
    )


@staff_required
@require_POST
def import_subscriptions(request):
    created = import_paid_subscriptions()
    messages.success(
        request, f"{created} paid subscription{'s' if created != 1 else ''} brought in."
    )
    return redirect("programme:income")


@staff_required
def dashboard(request):
    """Earned income against the target: subscriptions and tender fees as a share of turnover."""
    figures = yearly_figures(10)
    current = figures[-1]
    return render(
        request,
        "programme/dashboard.html",
        {
            "figures": figures,
            "rows": [(f, f.cells()) for f in figures],
            "current": current,
            "chart": chart(figures),
            "target": settings.EARNED_INCOME_TARGET_PERCENT,
            "sources": Income.Source.choices,
            "source_rows": [
                (label, current.by_source.get(value, 0), value in Income.EARNED)
                for value, label in Income.Source.choices
            ],
        },
    )


@staff_required
def tenders(request):
    rows = Tender.objects.prefetch_related("cluster").order_by("-bid_due", "pk")
    totals = Tender.objects.filter(
        status__in=[Tender.Status.WON, Tender.Status.COMPLETE]
    ).aggregate(value=Sum("contract_value"), fee=Sum("management_fee"))
    return render(request, "programme/tenders.html", {"tenders": rows, "totals": totals})


@staff_required
@require_http_methods(["GET", "POST"])
def tender_new(request):
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tender = form.save()
        messages.success(request, f"The tender “{tender.title}” is added.")
        return redirect(tender.get_staff_url())
    return form_page(
        request,
        form,
        title="Add a tender",
        crumbs=[crumb(), ("Tenders", reverse("programme:tenders"))],
        submit="Add the tender",
        status=_status(request),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def tender(request, pk):
    tender = get_object_or_404(Tender, pk=pk)
    form = TenderForm(request.POST or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The tender is saved.")
        return redirect(tender.get_staff_url())
    fees = tender.fees.aggregate(total=Sum("amount"))["total"] or 0
    return form_page(
        request,
        form,
        title=tender.title,
        crumbs=[crumb(), ("Tenders", reverse("programme:tenders"))],
        submit="Save the tender",
        status=_status(request),
        intro=f"Management fee received so far: £{fees:,.2f} of £{tender.management_fee:,.2f}.",
    )


@staff_required
def export(request, what, fmt):
    if what not in exports.EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else None
    if fmt == "csv":
        return exports.as_csv(what, year)
    return exports.as_xlsx(what, year)
