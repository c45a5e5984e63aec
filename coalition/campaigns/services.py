"""Taking part in actions: recording, confirming, counting and invalidating participations.

The public count. Counting a million rows on every page view is slow, and adding
one to the action's row at every confirmation makes that row the hottest in the
database when a campaign takes off (the UK petitions site's trouble in 2019). So:

- a confirmation only sets the participation's own `confirmed_at`;
- `reconcile_counts()` (every few seconds, `jobs.py`) adds what was confirmed up
  to a moment a little in the past to `Action.confirmed_count` and moves
  `Action.counted_up_to` to that moment, in one short update per action;
- `public_count()` is `confirmed_count` plus the confirmations after
  `counted_up_to`, counted on the index (action, confirmed_at): a few seconds'
  worth of index entries, so it is exact and cheap;
- `recount()` counts everything again (nightly, and after loading data).

The moment reconciled up to lags behind the clock (RECONCILE_LAG) so that a
confirmation whose transaction started earlier but commits later is never
skipped. A participation has `confirmed_at` if and only if it is confirmed:
invalidating one clears it (and takes it off `confirmed_count` when it was
already counted), under a lock on the action's row that reconcile takes too.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from coalition.campaigns.models import Action, Campaign, Participation, PartnerLink
from coalition.campaigns.regions import REGIONS, region_for_area
from coalition.lib.postcodes import normalise_postcode, postcode_area, postcode_district

log = logging.getLogger(__name__)

RECONCILE_LAG = timedelta(seconds=30)
GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


# --- who took part ------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """One person, one form of their address: lower case, without a +tag, and for
    Gmail without dots (Gmail ignores them) and with googlemail.com as gmail.com.

    "+tags" are dropped at every provider: Gmail, Outlook, iCloud, Fastmail and others
    deliver alice+petition@ to alice@, so keeping them would let one person sign twice.
    """
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


@dataclass
class Outcome:
    """What happened to a form: the page says the same in every case ("check your email")."""

    participation: Participation
    created: bool


def take_part(
    action: Action,
    data: dict,
    partner: PartnerLink | None = None,
    consent_wording: str = "",
    letter_data: dict | None = None,
) -> Outcome:
    """Store a participation and queue its confirmation email after the commit.

    A second attempt with an address that already took part stores nothing; it
    re-sends that person's email (at most every ACTION_CONFIRMATION_RESEND_MINUTES)
    and looks exactly the same from outside.
    """
    postcode = normalise_postcode(data["postcode"])
    email = data["email"].strip()
    participation = Participation(
        action=action,
        partner=partner,
        name=data["name"],
        email=email,
        email_normalised=normalise_email(email),
        postcode=postcode,
        postcode_district=postcode_district(postcode),
        postcode_area=postcode_area(postcode),
        organisation_name=data.get("organisation_name", ""),
        on_behalf_of_organisation=bool(data.get("on_behalf_of_organisation")),
        list_publicly=bool(data.get("list_publicly")),
        contact_by_coalition=bool(data.get("contact_by_coalition")),
        contact_by_partner=bool(data.get("contact_by_partner")) and partner is not None,
        consent_wording=consent_wording,
    )
    if action.kind == Action.Kind.LETTER:
        from coalition.campaigns.letters import prepare_letters

        try:
            with transaction.atomic():
                participation.save(force_insert=True)
                prepare_letters(participation, letter_data or {})
        except IntegrityError:
            return _second_attempt(participation)
    elif not insert_participation(participation):
        return _second_attempt(participation)
    queue_new_confirmation(participation.pk)
    return Outcome(participation, created=True)


def _second_attempt(participation: Participation) -> Outcome:
    existing = Participation.objects.filter(
        action_id=participation.action_id, email_normalised=participation.email_normalised
    ).first()
    if existing is None:  # some other constraint: not a duplicate, so not ours to hide
        raise IntegrityError("The participation could not be stored.")
    resend_confirmation(existing)
    return Outcome(existing, created=False)


class ActionClosed(Exception):
    """The action closed (or its campaign stopped) before the participation was stored."""


_INSERT_SQL: dict[str, tuple[str, list]] = {}


def _insert_sql() -> tuple[str, list]:
    vendor = connection.vendor
    if vendor not in _INSERT_SQL:
        meta = Participation._meta
        fields = [field for field in meta.concrete_fields if not field.primary_key]
        quote = connection.ops.quote_name
        action_meta, campaign_meta = Action._meta, Campaign._meta

        def column(meta, name):
            return quote(meta.get_field(name).column)

        # Built only from the models' own table and column names; every value is a parameter.
        _INSERT_SQL[vendor] = (
            f"INSERT INTO {quote(meta.db_table)} "  # nosec B608
            f"({', '.join(quote(field.column) for field in fields)}) "
            f"SELECT {', '.join(['%s'] * len(fields))} "
            # Only while the action is open: checked by the database in the same
            # statement, so a post racing with staff closing the action stores nothing.
            f"WHERE EXISTS (SELECT 1 FROM {quote(action_meta.db_table)} a "
            f"INNER JOIN {quote(campaign_meta.db_table)} c "
            f"ON c.{column(campaign_meta, 'id')} = a.{column(action_meta, 'campaign')} "
            f"WHERE a.{column(action_meta, 'id')} = %s AND a.{column(action_meta, 'status')} = %s "
            f"AND c.{column(campaign_meta, 'status')} = %s "
            f"AND (a.{column(action_meta, 'closes_at')} IS NULL "
            f"OR a.{column(action_meta, 'closes_at')} > %s)) "
            f"ON CONFLICT ({column(meta, 'action')}, {column(meta, 'email_normalised')}) "
            f"DO NOTHING RETURNING {quote(meta.pk.column)}",
            fields,
        )
    return _INSERT_SQL[vendor]


def insert_participation(participation: Participation) -> bool:
    """Store a new participation in one statement; False if the address already took part.

    `INSERT ... SELECT ... WHERE <the action is open> ON CONFLICT (action,
    email_normalised) DO NOTHING RETURNING id` (PostgreSQL and SQLite): one round trip,
    its own transaction outside a caller's (so the row is committed before the answer
    goes out), no exception and no savepoint for a duplicate, and none of the ORM's
    per-save work on the busiest path. Raises ActionClosed if the action is no longer
    open; any other constraint still raises IntegrityError.
    """
    sql, fields = _insert_sql()
    params = [
        field.get_db_prep_save(field.pre_save(participation, True), connection) for field in fields
    ]
    closes_after = Action._meta.get_field("closes_at").get_db_prep_save(timezone.now(), connection)
    params += [participation.action_id, Action.Status.OPEN, Campaign.Status.ACTIVE, closes_after]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is not None:
        participation.pk = row[0]
        participation._state.adding = False
        participation._state.db = connection.alias
        return True
    action = Action.objects.select_related("campaign").get(pk=participation.action_id)
    if not action.is_open():
        raise ActionClosed
    return False


def queue_new_confirmation(participation_id: int) -> None:
    """After the commit, have the new participation's email sent (see tasks.py: the rows
    without `confirmation_sent_at` are the outbox, sent in batches)."""
    from coalition.campaigns.tasks import request_confirmations

    transaction.on_commit(lambda: request_confirmations(participation_id))


def queue_confirmation(participation_id: int) -> None:
    """Send this one participation's email again, after the commit (a resend)."""
    from coalition.campaigns.tasks import send_confirmation

    transaction.on_commit(lambda: send_confirmation.enqueue(participation_id))


def resend_confirmation(participation: Participation) -> bool:
    """Email this person again (the link, or "you already took part"), if not too recently.

    The claim is one conditional UPDATE, so two attempts at once send one email.
    """
    if participation.status == Participation.Status.INVALIDATED:
        return False
    now = timezone.now()
    since = now - timedelta(minutes=settings.ACTION_CONFIRMATION_RESEND_MINUTES)
    claimed = (
        Participation.objects.filter(pk=participation.pk)
        .exclude(status=Participation.Status.INVALIDATED)
        .annotate(last_email=Coalesce("confirmation_sent_at", "created"))
        .filter(last_email__lt=since)
        .update(confirmation_sent_at=now)
    )
    if claimed:
        queue_confirmation(participation.pk)
    return bool(claimed)


def resend_for_email(action: Action, email: str) -> None:
    """The "send my email again" form: whatever the address, the answer is the same."""
    participation = Participation.objects.filter(
        action=action, email_normalised=normalise_email(email)
    ).first()
    if participation is not None:
        resend_confirmation(participation)


class ConfirmResult:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    INVALIDATED = "invalidated"
    CLOSED = "closed"


def confirm(participation: Participation) -> str:
    """Confirm from the emailed link. Works once; a second time says it is already done."""
    if participation.status == Participation.Status.CONFIRMED:
        return ConfirmResult.ALREADY
    if participation.status == Participation.Status.INVALIDATED:
        return ConfirmResult.INVALIDATED
    if not participation.action.is_open():
        return ConfirmResult.CLOSED
    now = timezone.now()
    with transaction.atomic():
        updated = Participation.objects.filter(
            pk=participation.pk, status=Participation.Status.PENDING
        ).update(status=Participation.Status.CONFIRMED, confirmed_at=now)
        if not updated:  # confirmed (or invalidated) by another request just now
            participation.refresh_from_db(fields=["status", "confirmed_at"])
            if participation.status == Participation.Status.CONFIRMED:
                return ConfirmResult.ALREADY
            return ConfirmResult.INVALIDATED
        participation.status = Participation.Status.CONFIRMED
        participation.confirmed_at = now
        if participation.action.kind == Action.Kind.LETTER:
            from coalition.campaigns.letters import send_letters

            send_letters(participation)
    return ConfirmResult.CONFIRMED


def invalidate(participation: Participation, reason: str, user=None) -> bool:
    """Take a participation out of every count (staff: a fake or abusive signature)."""
    from auditlog.models import LogEntry

    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=participation.action_id)
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if current.status == Participation.Status.INVALIDATED:
            return False
        was_counted = (
            current.confirmed_at is not None
            and action.counted_up_to is not None
            and current.confirmed_at <= action.counted_up_to
        )
        now = timezone.now()
        Participation.objects.filter(pk=current.pk).update(
            status=Participation.Status.INVALIDATED,
            confirmed_at=None,
            invalidated_at=now,
            invalidated_reason=reason[:200],
        )
        if was_counted:
            Action.objects.filter(pk=action.pk, confirmed_count__gt=0).update(
                confirmed_count=F("confirmed_count") - 1
            )
        LogEntry.objects.log_create(
            current,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"status": [current.status, Participation.Status.INVALIDATED]},
            additional_data={"reason": reason},
            actor=user if user is not None and user.is_authenticated else None,
        )
    participation.refresh_from_db()
    return True


# --- counting -----------------------------------------------------------------------------


def public_count(action: Action) -> int:
    """Confirmed participations: the reconciled total plus those confirmed since."""
    recent = Participation.objects.filter(action_id=action.pk)
    if action.counted_up_to is None:
        recent = recent.filter(confirmed_at__isnull=False)
    else:
        recent = recent.filter(confirmed_at__gt=action.counted_up_to)
    return action.confirmed_count + recent.count()


def reconcile_action(action_id: int, now=None) -> int:
    """Add the confirmations up to now - RECONCILE_LAG to the action's count."""
    cutoff = (now or timezone.now()) - RECONCILE_LAG
    with transaction.atomic():
        action = (
            Action.objects.select_for_update()
            .only("pk", "confirmed_count", "counted_up_to")
            .get(pk=action_id)
        )
        start = action.counted_up_to
        if start is not None and start >= cutoff:
            return 0
        batch = Participation.objects.filter(action_id=action_id, confirmed_at__lte=cutoff)
        if start is None:
            batch = batch.filter(confirmed_at__isnull=False)
        else:
            batch = batch.filter(confirmed_at__gt=start)
        added = batch.count()
        if added or start is None:
            Action.objects.filter(pk=action_id).update(
                confirmed_count=F("confirmed_count") + added, counted_up_to=cutoff
            )
        return added


def reconcile_counts(now=None) -> str:
    """The periodic job: one short transaction per action, nothing written when idle."""
    total = 0
    actions = Action.objects.exclude(status=Action.Status.DRAFT).values_list("pk", flat=True)
    for action_id in actions:
        total += reconcile_action(action_id, now=now)
    return f"Added {total} confirmations to the public counts."


def recount(action: Action, now=None) -> int:
    """Count every confirmation again (nightly, and after bulk loading)."""
    cutoff = (now or timezone.now()) - RECONCILE_LAG
    with transaction.atomic():
        Action.objects.select_for_update().filter(pk=action.pk).first()
        counted = Participation.objects.filter(
            action_id=action.pk, confirmed_at__isnull=False, confirmed_at__lte=cutoff
        ).count()
        Action.objects.filter(pk=action.pk).update(confirmed_count=counted, counted_up_to=cutoff)
    action.confirmed_count, action.counted_up_to = counted, cutoff
    return counted


def recount_all() -> str:
    counted = [recount(action) for action in Action.objects.exclude(status=Action.Status.DRAFT)]
    return f"Recounted {len(counted)} actions ({sum(counted)} confirmations)."


def progress(action: Action, count: int | None = None) -> dict:
    """The count and how far it is towards the action's goal, for the progress bar."""
    count = public_count(action) if count is None else count
    goal = action.goal or 0
    percent = min(100, round(count * 100 / goal)) if goal else None
    return {"count": count, "goal": goal, "percent": percent}


def listed_pledgers(action: Action, limit: int | None = None) -> list[str]:
    """Organisations that pledged, confirmed, and agreed to be listed (each name once)."""
    names = (
        Participation.objects.filter(
            action=action,
            list_publicly=True,
            status=Participation.Status.CONFIRMED,
        )
        .exclude(organisation_name="")
        .order_by("organisation_name")
        .values_list("organisation_name", flat=True)
        .distinct()
    )
    return list(names[:limit] if limit else names)


# --- closing and the hand-in --------------------------------------------------------------


def close_action(action: Action, handed_in_on=None, hand_in_note: str = "") -> None:
    """Close an action (no one can take part any more) and record when it was handed in."""
    action.status = Action.Status.CLOSED
    if handed_in_on is not None:
        action.handed_in_on = handed_in_on
    if hand_in_note:
        action.hand_in_note = hand_in_note
    action.save(update_fields=["status", "handed_in_on", "hand_in_note", "updated"])
    recount(action)


# --- figures for staff and partners -------------------------------------------------------


def _breakdown(queryset, field):
    return queryset.values(field).annotate(
        taken=Count("pk"),
        confirmed=Count("pk", filter=Q(status=Participation.Status.CONFIRMED)),
    )


def _rate(confirmed: int, taken: int) -> float | None:
    return round(confirmed * 100 / taken, 1) if taken else None


def action_figures(participations) -> dict:
    """Actions over time, by partner and by region, and the confirmation rate.

    `participations` is a queryset (one action, or a whole campaign's).
    """
    totals = participations.aggregate(
        taken=Count("pk"),
        confirmed=Count("pk", filter=Q(status=Participation.Status.CONFIRMED)),
        invalidated=Count("pk", filter=Q(status=Participation.Status.INVALIDATED)),
    )
    totals["rate"] = _rate(totals["confirmed"], totals["taken"])

    days = [
        {**row, "rate": _rate(row["confirmed"], row["taken"])}
        for row in _breakdown(
            participations.annotate(day=TruncDate("created")).order_by(), "day"
        ).order_by("day")
    ]
    peak = max((row["taken"] for row in days), default=0)
    for index, row in enumerate(days):
        # Bar heights for the chart (0-100, from the top of a 100-high SVG).
        row["index"] = index
        row["percent"] = round(row["taken"] * 100 / peak, 1) if peak else 0
        row["confirmed_percent"] = round(row["confirmed"] * 100 / peak, 1) if peak else 0
        row["top"] = round(100 - row["percent"], 1)
        row["confirmed_top"] = round(100 - row["confirmed_percent"], 1)

    partners = [
        {
            "name": row["partner__organisation__name"] or "Directly (no partner)",
            "is_direct": row["partner__organisation__name"] is None,
            "taken": row["taken"],
            "confirmed": row["confirmed"],
            "rate": _rate(row["confirmed"], row["taken"]),
        }
        for row in _breakdown(participations.order_by(), "partner__organisation__name").order_by(
            "-taken"
        )
    ]

    by_region: dict[str, dict] = {}
    for row in _breakdown(participations.order_by(), "postcode_area"):
        region = region_for_area(row["postcode_area"])
        entry = by_region.setdefault(region, {"name": region, "taken": 0, "confirmed": 0})
        entry["taken"] += row["taken"]
        entry["confirmed"] += row["confirmed"]
    regions = []
    for name in REGIONS:
        if name in by_region:
            entry = by_region[name]
            entry["rate"] = _rate(entry["confirmed"], entry["taken"])
            regions.append(entry)
    for rows in (partners, regions):
        most = max((row["taken"] for row in rows), default=0)
        for row in rows:
            row["percent"] = round(row["taken"] * 100 / most, 1) if most else 0
            row["confirmed_percent"] = round(row["confirmed"] * 100 / most, 1) if most else 0
    return {"totals": totals, "days": days, "partners": partners, "regions": regions}


def partner_figures(links) -> list[dict]:
    """For a partner's own page: per link, how many took part and confirmed through it."""
    counts = {
        row["partner"]: row
        for row in _breakdown(Participation.objects.filter(partner__in=links).order_by(), "partner")
    }
    return [
        {
            "link": link,
            "taken": counts.get(link.pk, {}).get("taken", 0),
            "confirmed": counts.get(link.pk, {}).get("confirmed", 0),
        }
        for link in links
    ]


def get_partner_link(action: Action, organisation) -> PartnerLink:
    link, _ = PartnerLink.objects.get_or_create(action=action, organisation=organisation)
    return link
