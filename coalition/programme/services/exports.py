"""CSV and XLSX exports for the treasurer. CSV cells go through spreadsheet_safe."""

import csv
import io

from django.http import HttpResponse

from coalition.lib.spreadsheet import spreadsheet_safe
from coalition.programme.models import FundingApplication, Income, Project, Tender

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def income_rows(year=None):
    rows = Income.objects.select_related("application__funder", "tender").order_by(
        "received_on", "pk"
    )
    if year is not None:
        rows = rows.filter(financial_year=year)
    yield ["Received", "Financial year", "Source", "Earned", "Amount (£)", "Description"]
    for income in rows.iterator(chunk_size=2000):
        yield [
            income.received_on,
            income.year_label,
            income.get_source_display(),
            "yes" if income.source in Income.EARNED else "no",
            income.amount,
            income.description,
        ]


def application_rows(year=None):
    yield [
        "Funder",
        "Application",
        "Project",
        "Status",
        "Amount asked (£)",
        "Amount granted (£)",
        "Deadline",
        "Submitted",
        "Decided",
    ]
    for a in FundingApplication.objects.select_related("funder", "project").order_by("pk"):
        yield [
            a.funder.name,
            a.title,
            a.project.title if a.project else "",
            a.get_status_display(),
            a.amount_asked,
            a.amount_granted if a.amount_granted is not None else "",
            a.deadline or "",
            a.submitted_on or "",
            a.decided_on or "",
        ]


def tender_rows(year=None):
    yield [
        "Tender",
        "Commissioner",
        "Status",
        "Contract value (£)",
        "Management fee (£)",
        "Fee %",
        "Cluster",
        "Bid due",
    ]
    for t in Tender.objects.prefetch_related("cluster").order_by("pk"):
        yield [
            t.title,
            t.client,
            t.get_status_display(),
            t.contract_value,
            t.management_fee,
            t.fee_percent,
            "; ".join(o.name for o in t.cluster.all()),
            t.bid_due or "",
        ]


def project_rows(year=None):
    yield ["Project", "Status", "Lead", "Partners", "Starts", "Ends"]
    for p in Project.objects.select_related("lead").prefetch_related("partners").order_by("title"):
        yield [
            p.title,
            p.get_status_display(),
            p.lead.name if p.lead else "",
            "; ".join(o.name for o in p.partners.all()),
            p.starts_on or "",
            p.ends_on or "",
        ]


EXPORTS = {
    "income": ("Income", income_rows),
    "applications": ("Funding applications", application_rows),
    "tenders": ("Tenders", tender_rows),
    "projects": ("Projects", project_rows),
}


def as_csv(what: str, year=None) -> HttpResponse:
    _title, rows = EXPORTS[what]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows(year):
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{what}{_suffix(year)}.csv"'
    return response


def as_xlsx(what: str, year=None) -> HttpResponse:
    from openpyxl import Workbook

    title, rows = EXPORTS[what]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows(year):
        # Text that looks like a formula is stored as text: openpyxl writes str as a string
        # cell unless it starts with "=", so guard those the same way as in CSV.
        sheet.append([spreadsheet_safe(c) if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{what}{_suffix(year)}.xlsx"'
    return response


def _suffix(year) -> str:
    return f"-{year}" if year is not None else ""
