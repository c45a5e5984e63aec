"""Income: the earned-income figures against the target, subscriptions brought in from the
members app, grant payments."""

import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from coalition.members.models import Subscription
from coalition.programme.models import (
    FundingApplication,
    Income,
    financial_year_label,
    financial_year_of,
)

ZERO = Decimal("0")


@dataclass
class YearFigures:
    year: int
    by_source: dict[str, Decimal]
    total: Decimal
    earned: Decimal

    @property
    def label(self) -> str:
        return financial_year_label(self.year)

    @property
    def percent(self) -> float:
        return float(100 * self.earned / self.total) if self.total else 0.0

    @property
    def percent_text(self) -> str:
        return f"{self.percent:.1f}%"

    @property
    def meets_target(self) -> bool:
        return self.total > 0 and self.percent >= settings.EARNED_INCOME_TARGET_PERCENT

    @property
    def target_amount(self) -> Decimal:
        return (self.total * settings.EARNED_INCOME_TARGET_PERCENT / 100).quantize(Decimal("0.01"))

    def cells(self) -> list[str]:
        """The row of the figures table, formatted here (formatting numbers in the template
        costs more than the query): each source, turnover, earned, earned %, target met."""
        amounts = [self.by_source.get(source, ZERO) for source in Income.Source.values]
        met = "Yes" if self.meets_target else ("No" if self.total else "–")
        return [
            *(f"{amount:,.0f}" for amount in amounts),
            f"{self.total:,.0f}",
            f"{self.earned:,.0f}",
            self.percent_text,
            met,
        ]

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.target_amount - self.earned)


VERSION_KEY = "programme:income-version"
CLOSED_YEARS_TTL = 24 * 3600


def income_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns() // 1000
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    return version


def bump_income_version(**kwargs) -> None:
    """Any income saved or deleted makes the cached totals of closed years stale."""

    def bump():
        cache.set(VERSION_KEY, time.time_ns() // 1000, None)

    transaction.on_commit(bump)


def _sums(first: int, last: int) -> dict[int, dict[str, Decimal]]:
    sums: dict[int, dict[str, Decimal]] = {year: {} for year in range(first, last + 1)}
    rows = (
        Income.objects.filter(financial_year__gte=first, financial_year__lte=last)
        .values_list("financial_year", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for year, source, total in rows:
        sums[year][source] = Decimal(total or 0)
    return sums


def yearly_figures(years: int = 10, today=None) -> list[YearFigures]:
    """Income by financial year and source for the last `years` years, oldest first.

    One GROUP BY over the (financial_year, source, amount) covering index. The current
    year is always summed live; the closed years before it are cached until any income
    is saved or deleted (a version key in the shared cache, bumped by a signal), so the
    page reads about a tenth of the rows on most requests.
    """
    current = financial_year_of(today or timezone.localdate())
    first = current - years + 1
    sums: dict[int, dict[str, Decimal]] = {}
    if first < current:
        key = f"programme:closed-years:{first}:{current - 1}:{income_version()}"
        closed = cache.get(key)
        if closed is None:
            closed = {
                year: {source: str(amount) for source, amount in by_source.items()}
                for year, by_source in _sums(first, current - 1).items()
            }
            cache.set(key, closed, CLOSED_YEARS_TTL)
        for year, by_source in closed.items():
            sums[int(year)] = {source: Decimal(amount) for source, amount in by_source.items()}
    sums.update(_sums(current, current))
    figures = []
    for year in range(first, current + 1):
        by_source = sums.get(year, {})
        total = sum(by_source.values(), ZERO)
        earned = sum((by_source.get(source, ZERO) for source in Income.EARNED), ZERO)
        figures.append(YearFigures(year, by_source, total, earned))
    return figures


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    label: str
    value: str
    meets: bool


def _n(value: float) -> str:
    """A coordinate for SVG: plain digits, never localised."""
    return f"{value:.1f}"


def chart(figures: list[YearFigures]) -> dict:
    """Geometry for the SVG bar chart: earned income as a share of turnover per year,
    with the target as a dashed line. The same figures are in the table beside it."""
    width, height, left, bottom, top = 720, 300, 48, 40, 16
    target = settings.EARNED_INCOME_TARGET_PERCENT
    highest = max([target, *(f.percent for f in figures)], default=target)
    scale_max = max(10, int((highest * 1.15 + 9) // 10 * 10))
    plot_h = height - bottom - top
    slot = (width - left - 8) / max(1, len(figures))
    bars = []
    for index, f in enumerate(figures):
        h = plot_h * f.percent / scale_max
        bars.append(
            Bar(
                x=_n(left + index * slot + slot * 0.15),
                y=_n(top + plot_h - h),
                width=_n(slot * 0.7),
                height=_n(h),
                label=f.label,
                value=f"{f.percent:.0f}%",
                meets=f.meets_target,
            )
        )
    ticks = [
        {"value": v, "y": _n(top + plot_h - plot_h * v / scale_max)}
        for v in range(0, scale_max + 1, max(10, scale_max // 5 // 10 * 10))
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - 8,
        "baseline": top + plot_h,
        "label_y": top + plot_h + 18,
        "target_y": _n(top + plot_h - plot_h * target / scale_max),
        "target_label_y": _n(top + plot_h - plot_h * target / scale_max - 6),
        "tick_label_x": left - 6,
        "target": target,
        "bars": bars,
        "ticks": ticks,
    }


def import_paid_subscriptions() -> int:
    """Record each paid subscription (not waived, more than £0) as income, once."""
    paid = (
        Subscription.objects.filter(paid_on__isnull=False, amount__gt=0, income__isnull=True)
        .exclude(method=Subscription.Method.WAIVED)
        .select_related("membership__organisation")
    )
    created = 0
    for subscription in paid:
        try:
            with transaction.atomic():
                Income.objects.create(
                    source=Income.Source.SUBSCRIPTION,
                    amount=subscription.amount,
                    received_on=subscription.paid_on,
                    subscription=subscription,
                    description=f"Subscription: {subscription.membership.organisation.name}",
                )
        except IntegrityError:
            continue  # recorded by another process meanwhile
        created += 1
    return created


def record_payment(application: FundingApplication, amount: Decimal, received_on) -> Income:
    """A grant payment against a granted application, never more than was granted."""
    if application.status != FundingApplication.Status.GRANTED:
        raise ValidationError("Record payments only against a granted application.")
    with transaction.atomic():
        FundingApplication.objects.select_for_update().filter(pk=application.pk).first()
        paid = application.payments.aggregate(total=Sum("amount"))["total"] or ZERO
        if paid + amount > (application.amount_granted or ZERO):
            raise ValidationError(
                f"Payments would come to £{paid + amount:,.2f}, more than the "
                f"£{application.amount_granted:,.2f} granted."
            )
        return Income.objects.create(
            source=Income.Source.GRANT,
            amount=amount,
            received_on=received_on,
            application=application,
            description=f"{application.funder.name}: {application.title}",
        )
