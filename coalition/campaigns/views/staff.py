"""The staff view of actions: figures and charts, signatures, exports, closing and hand-in."""

import csv
import io
from http import HTTPStatus

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coalition.campaigns import services
from coalition.campaigns.forms import CloseForm, InvalidateForm, ParticipationSearchForm
from coalition.campaigns.models import Action, Campaign, Participation
from coalition.core.permissions import staff_required
from coalition.lib.postcodes import normalise_postcode
from coalition.lib.spreadsheet import spreadsheet_safe

PAGE_SIZE = 50
EXPORT_CHUNK_ROWS = 2000


def _campaign(slug) -> Campaign:
    return get_object_or_404(Campaign, slug=slug)


def _action(slug, action_slug) -> Action:
    return get_object_or_404(
        Action.objects.select_related("campaign"), campaign__slug=slug, slug=action_slug
    )


@staff_required
def index(request):
    campaigns = Campaign.objects.prefetch_related("actions").order_by("-starts_on", "title")
    rows = []
    for campaign in campaigns:
        actions = [
            {"action": action, "count": services.public_count(action)}
            for action in campaign.actions.all()
        ]
        rows.append({"campaign": campaign, "actions": actions})
    return render(request, "campaigns/staff/index.html", {"rows": rows})


@staff_required
def campaign_figures(request, slug):
    campaign = _campaign(slug)
    figures = services.action_figures(Participation.objects.filter(action__campaign=campaign))
    actions = [
        {"action": action, "count": services.public_count(action)}
        for action in campaign.actions.all()
    ]
    return render(
        request,
        "campaigns/staff/campaign.html",
        {"campaign": campaign, "figures": figures, "actions": actions},
    )


@staff_required
def action_figures(request, slug, action_slug, close_form=None, status=HTTPStatus.OK):
    action = _action(slug, action_slug)
    figures = services.action_figures(Participation.objects.filter(action=action))
    close_form = close_form or CloseForm(
        initial={"handed_in_on": action.handed_in_on, "hand_in_note": action.hand_in_note}
    )
    return render(
        request,
        "campaigns/staff/action.html",
        {
            "action": action,
            "campaign": action.campaign,
            "figures": figures,
            "count": services.public_count(action),
            "close_form": close_form,
        },
        status=status,
    )


@staff_required
@require_POST
def action_close(request, slug, action_slug):
    """Close the action and record the hand-in (both shown on the public page)."""
    action = _action(slug, action_slug)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return action_figures(
            request, slug, action_slug, close_form=form, status=HTTPStatus.BAD_REQUEST
        )
    was_open = action.status != Action.Status.CLOSED
    services.close_action(
        action,
        handed_in_on=form.cleaned_data["handed_in_on"],
        hand_in_note=form.cleaned_data["hand_in_note"],
    )
    messages.success(
        request,
        f"“{action.title}” is closed." if was_open else "The hand-in has been recorded.",
    )
    return redirect("campaigns:staff_action", slug, action_slug)


def _search(participations, query: str):
    query = query.strip()
    if "@" in query:
        return participations.filter(
            Q(email_normalised=services.normalise_email(query)) | Q(email__iexact=query)
        )
    try:
        return participations.filter(postcode=normalise_postcode(query))
    except ValueError:
        pass
    return participations.filter(
        Q(name__icontains=query)
        | Q(organisation_name__icontains=query)
        | Q(postcode_district=query.upper())
    )


@staff_required
def participations(request, slug, action_slug):
    """Who took part: search, filter by status, invalidate."""
    action = _action(slug, action_slug)
    form = ParticipationSearchForm(request.GET or None)
    found = Participation.objects.filter(action=action).select_related("partner__organisation")
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    if query := filters.get("q"):
        found = _search(found, query)
    if chosen := filters.get("status"):
        found = found.filter(status=chosen)
    page = Paginator(found.order_by("-created", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/staff/participations.html",
        {
            "action": action,
            "campaign": action.campaign,
            "form": form,
            "page": page,
            "is_filtered": bool(filters),
            "invalidate_form": InvalidateForm(),
        },
        status=HTTPStatus.BAD_REQUEST if form.is_bound and not form.is_valid() else HTTPStatus.OK,
    )


@staff_required
@require_POST
def participation_invalidate(request, slug, action_slug, pk):
    action = _action(slug, action_slug)
    participation = get_object_or_404(Participation, pk=pk, action=action)
    form = InvalidateForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "campaigns/staff/invalidate.html",
            {
                "action": action,
                "campaign": action.campaign,
                "participation": participation,
                "form": form,
            },
            status=HTTPStatus.BAD_REQUEST,
        )
    if services.invalidate(participation, form.cleaned_data["reason"], user=request.user):
        messages.success(request, f"{participation.name}'s participation no longer counts.")
    else:
        messages.info(request, f"{participation.name}'s participation was already invalidated.")
    return redirect("campaigns:staff_participations", slug, action_slug)


# --- exports ------------------------------------------------------------------------------

PARTICIPATION_COLUMNS = [
    ("id", "pk"),
    ("name", "name"),
    ("email", "email"),
    ("postcode", "postcode"),
    ("organisation", "organisation_name"),
    ("status", "status"),
    ("partner", "partner__organisation__name"),
    ("taken at", "created"),
    ("confirmed at", "confirmed_at"),
    ("on behalf of organisation", "on_behalf_of_organisation"),
    ("list publicly", "list_publicly"),
    ("contact by coalition", "contact_by_coalition"),
    ("contact by partner", "contact_by_partner"),
    ("consent wording", "consent_wording"),
    ("invalidated reason", "invalidated_reason"),
]


def _cell(value):
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return spreadsheet_safe(value)


def stream_csv(header: list[str], rows, chunk_rows: int = EXPORT_CHUNK_ROWS):
    """CSV text in pieces of `chunk_rows` rows: few writes to the socket, memory bounded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    pending = 1
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()


def _csv_response(content, filename: str):
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def participation_rows(action):
    """The export's rows, as Python values (any database)."""
    return (
        Participation.objects.filter(action=action)
        .order_by("pk")
        .values_list(*[field for _, field in PARTICIPATION_COLUMNS])
        .iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )


def _sql_safe(expression: str) -> str:
    """SQL for spreadsheet_safe: a leading apostrophe before = + - @ tab or CR."""
    return (
        f"CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
        f"THEN chr(39) || {expression} ELSE {expression} END"
    )


def _sql_yes_no(column: str) -> str:
    return f"CASE WHEN p.{column} THEN 'yes' ELSE 'no' END"


def _sql_iso(column: str) -> str:
    return f"""to_char(p.{column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""


# The columns of PARTICIPATION_COLUMNS, formatted by PostgreSQL as _cell formats them.
COPY_COLUMNS = [
    "p.id",
    _sql_safe("p.name"),
    _sql_safe("p.email"),
    _sql_safe("p.postcode"),
    _sql_safe("p.organisation_name"),
    "p.status",
    _sql_safe("o.name"),
    _sql_iso("created"),
    _sql_iso("confirmed_at"),
    _sql_yes_no("on_behalf_of_organisation"),
    _sql_yes_no("list_publicly"),
    _sql_yes_no("contact_by_coalition"),
    _sql_yes_no("contact_by_partner"),
    _sql_safe("p.consent_wording"),
    _sql_safe("p.invalidated_reason"),
]


def copy_participations_csv(action):
    """The same CSV made by PostgreSQL itself (COPY ... TO STDOUT), streamed in pieces.

    Formatting a million rows in Python takes longer than the 30 seconds a web worker
    may spend on a request; PostgreSQL writes them in a few seconds.
    """
    from django.db import connection
    from psycopg import sql

    # Only the fixed column expressions above and the action's integer id.
    statement = sql.SQL(
        "COPY (SELECT {columns} FROM campaigns_participation p "
        "LEFT JOIN campaigns_partnerlink l ON l.id = p.partner_id "
        "LEFT JOIN members_organisation o ON o.id = l.organisation_id "
        "WHERE p.action_id = {action} ORDER BY p.id) TO STDOUT WITH (FORMAT csv)"
    ).format(columns=sql.SQL(", ".join(COPY_COLUMNS)), action=sql.Literal(int(action.pk)))
    header = io.StringIO()
    csv.writer(header).writerow([label for label, _ in PARTICIPATION_COLUMNS])
    yield header.getvalue()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for data in copy:
            yield bytes(data)


@staff_required
def participations_csv(request, slug, action_slug):
    """Everyone who took part, streamed (a million rows is fine)."""
    from django.db import connection

    action = _action(slug, action_slug)
    if connection.vendor == "postgresql":
        content = copy_participations_csv(action)
    else:
        header = [label for label, _ in PARTICIPATION_COLUMNS]
        content = stream_csv(header, participation_rows(action))
    stamp = timezone.localdate().isoformat()
    return _csv_response(content, f"{action.slug}-participants-{stamp}.csv")


def _figures_rows(figures, action_title: str):
    for row in figures["days"]:
        yield ["day", action_title, row["day"].isoformat(), row["taken"], row["confirmed"]]
    for row in figures["partners"]:
        yield ["partner", action_title, row["name"], row["taken"], row["confirmed"]]
    for row in figures["regions"]:
        yield ["region", action_title, row["name"], row["taken"], row["confirmed"]]
    totals = figures["totals"]
    yield ["total", action_title, "", totals["taken"], totals["confirmed"]]


FIGURES_HEADER = ["breakdown", "action", "value", "taken part", "confirmed"]


@staff_required
def campaign_figures_csv(request, slug):
    campaign = _campaign(slug)

    def rows():
        for action in campaign.actions.all():
            figures = services.action_figures(Participation.objects.filter(action=action))
            yield from _figures_rows(figures, action.title)

    response = HttpResponse(
        "".join(stream_csv(FIGURES_HEADER, rows())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-figures.csv"'
    return response


@staff_required
def action_figures_csv(request, slug, action_slug):
    action = _action(slug, action_slug)
    figures = services.action_figures(Participation.objects.filter(action=action))
    response = HttpResponse(
        "".join(stream_csv(FIGURES_HEADER, _figures_rows(figures, action.title))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{action.slug}-figures.csv"'
    return response
