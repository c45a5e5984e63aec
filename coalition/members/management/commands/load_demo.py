"""Load the demo coalition from the seeds. Safe to run again: it updates, never duplicates.

The members, people and accounts are loaded here. Every other app that has a
`demo` module with a `load(today)` function is then loaded in INSTALLED_APPS
order; `load` must be idempotent too and returns a one-line summary.
"""

import importlib
import os
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.models import Aim, CoalitionProfile, Region, Theme, Value
from coalition.members.demo import seed
from coalition.members.models import (
    Affiliation,
    Application,
    ExecutiveSeat,
    Membership,
    MembershipType,
    Organisation,
    Person,
    StaffRole,
    Subscription,
)
from coalition.members.services import one_year_after

STAFF_EMAIL = "naomi.alexander@example.org"
REPRESENTATIVE_EMAIL = "david.tyler@example.org"
# A published secret is fine for a demo and nowhere else: the demo prints it.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPCOALITIONDEMOAAA"  # noqa: S105
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "coalition-demo-2026")


def person_email(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@example.org"


def app_demo_modules():
    """The `demo` module of every Coalition app after members that has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith("coalition.") or config.label in {"core", "members"}:
            continue
        name = f"{config.name}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        yield module


class Command(BaseCommand):
    help = "Load the Community Sector Coalition demo (from the seeds). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        CoalitionProfile.objects.update_or_create(pk=1, defaults=seed.PROFILE)
        for order, (title, programme, goal, summary) in enumerate(seed.AIMS):
            Aim.objects.update_or_create(
                title=title,
                defaults={"programme": programme, "goal": goal, "summary": summary, "order": order},
            )
        for order, (name, description) in enumerate(seed.VALUES):
            Value.objects.update_or_create(
                name=name, defaults={"description": description, "order": order}
            )
        regions = {}
        for order, name in enumerate(seed.REGIONS):
            regions[name], _ = Region.objects.update_or_create(
                slug=slugify(name), defaults={"name": name, "order": order}
            )
        themes = {}
        for name in seed.THEMES:
            themes[name], _ = Theme.objects.update_or_create(
                slug=slugify(name), defaults={"name": name}
            )
        types = {}
        for order, (name, slug, fee, eligibility) in enumerate(seed.MEMBERSHIP_TYPES):
            types[slug], _ = MembershipType.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "annual_fee": Decimal(fee),
                    "eligibility": eligibility,
                    "order": order,
                },
            )

        members = [(*row[:3], row[4], row[5], "full") for row in seed.EXECUTIVE]
        members += [(*row, "full") for row in seed.FULL_MEMBERS]
        members += [(*row, "associate") for row in seed.ASSOCIATES]
        organisations = {}
        for index, (name, short, person_name, theme_names, description, type_slug) in enumerate(
            members
        ):
            organisation, _ = Organisation.objects.update_or_create(
                slug=slugify(short or name),
                defaults={
                    "name": name,
                    "short_name": short,
                    "description": description,
                    "website": f"https://www.example.org/{slugify(short or name)}",
                    "contact_email": f"info@{slugify(short or name)}.example.org",
                    "status": Organisation.Status.ACTIVE,
                },
            )
            organisation.themes.set([themes[t] for t in theme_names])
            organisation.regions.set(
                [regions["England-wide"]]
                + ([regions[seed.REGIONS[1 + index % 9]]] if index % 3 == 0 else [])
            )
            organisations[name] = organisation
            started = (
                today.replace(year=2007, month=4, day=1)
                if type_slug == "full"
                else today.replace(year=today.year - 1)
            )
            # Renewal dates spread over the year so the dashboard has something due.
            renewal = today + timedelta(days=(index * 17) % 365 - 20)
            membership = Membership.objects.filter(organisation=organisation).first()
            if membership is None:
                membership = Membership(organisation=organisation)
            membership.type = types[type_slug]
            membership.status = Membership.Status.ACTIVE
            membership.started_on = started
            membership.renewal_date = renewal
            membership.save()
            self.demo_subscriptions(membership, index, today)
            if person_name:
                person, _ = Person.objects.update_or_create(
                    email=person_email(person_name),
                    defaults={"name": person_name, "listed_publicly": True},
                )
                Affiliation.objects.update_or_create(
                    person=person,
                    organisation=organisation,
                    defaults={"role": "Chief Officer", "is_representative": True},
                )

        for name, _short, person_name, office, _themes, _description in seed.EXECUTIVE:
            ExecutiveSeat.objects.update_or_create(
                organisation=organisations[name],
                defaults={
                    "person": Person.objects.get(email=person_email(person_name)),
                    "office": office or "",
                    "term_start": today.replace(year=2007, month=4, day=1),
                    "term_end": None,
                },
            )

        for order, (name, title, hours) in enumerate(seed.STAFF):
            person, _ = Person.objects.update_or_create(
                email=person_email(name), defaults={"name": name, "listed_publicly": True}
            )
            StaffRole.objects.update_or_create(
                person=person, defaults={"title": title, "hours": hours, "order": order}
            )
            Affiliation.objects.update_or_create(
                person=person,
                organisation=organisations[
                    "British Association of Settlements and Social Action Centres"
                ],
                defaults={"role": f"Coalition {title} (hosted)", "is_representative": False},
            )

        for data in seed.PENDING_APPLICATIONS:
            data = dict(data)
            type_slug, theme_names, region_names = (
                data.pop("type"),
                data.pop("themes"),
                data.pop("regions"),
            )
            application, _ = Application.objects.update_or_create(
                organisation_name=data.pop("organisation_name"),
                defaults={
                    **data,
                    "membership_type": types[type_slug],
                    "is_voluntary_or_charitable": True,
                    "works_england_wide": True,
                    "works_mainly_for_community_sector": type_slug == "full",
                    "supports_community_sector": True,
                    "declaration": True,
                },
            )
            application.themes.set([themes[t] for t in theme_names])
            application.regions.set([regions[r] for r in region_names])

        staff_secret, codes = self.demo_accounts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo coalition loaded: {Organisation.objects.count()} organisations, "
                f"{Person.objects.count()} people, "
                f"{Application.objects.filter(status='pending').count()} applications waiting."
            )
        )
        for module in app_demo_modules():
            summary = module.load(today=today)
            if summary:
                self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(
            "\n  Staff sign-in (coordinator):\n"
            f"    email:    {STAFF_EMAIL}\n    password: {DEMO_PASSWORD}\n"
            f"    two-factor: add the secret {staff_secret} to an authenticator app,\n"
            f"      or use a recovery code: {', '.join(codes[:3])}\n"
            "\n  Member representative (Community Matters, Chair of the Coalition):\n"
            f"    email:    {REPRESENTATIVE_EMAIL}\n    password: {DEMO_PASSWORD}\n"
        )

    def demo_subscriptions(self, membership, index, today):
        """Last year's paid; this year's paid, due soon or overdue, by turns."""
        fee = membership.type.annual_fee
        this_year_start = membership.renewal_date.replace(year=membership.renewal_date.year - 1)
        last_year_start = this_year_start.replace(year=this_year_start.year - 1)
        Subscription.objects.update_or_create(
            membership=membership,
            period_start=last_year_start,
            defaults={
                "period_end": this_year_start - timedelta(days=1),
                "amount": fee,
                "due_date": last_year_start + timedelta(days=30),
                "paid_on": last_year_start + timedelta(days=12),
                "method": Subscription.Method.BACS,
                "reference": f"CSC-{index:03d}-A",
            },
        )
        state = index % 4
        due = {
            0: today - timedelta(days=5),
            1: today - timedelta(days=40),
            2: today + timedelta(days=12),
            3: today + timedelta(days=20),
        }[state]
        paid = state in (0, 3) and index % 2 == 0
        Subscription.objects.update_or_create(
            membership=membership,
            period_start=this_year_start,
            defaults={
                "period_end": one_year_after(this_year_start) - timedelta(days=1),
                "amount": fee,
                "due_date": due,
                "paid_on": due - timedelta(days=3) if paid else None,
                "method": Subscription.Method.BACS if paid else "",
                "reference": f"CSC-{index:03d}-B" if paid else "",
            },
        )

    def demo_accounts(self):
        User = get_user_model()
        staff, _ = User.objects.update_or_create(
            username="naomi",
            defaults={
                "email": STAFF_EMAIL,
                "is_staff": True,
                "is_superuser": True,
                "first_name": "Naomi",
                "last_name": "Alexander",
            },
        )
        staff.set_password(DEMO_PASSWORD)
        staff.save()
        rep, _ = User.objects.update_or_create(
            username="david",
            defaults={"email": REPRESENTATIVE_EMAIL, "first_name": "David", "last_name": "Tyler"},
        )
        rep.set_password(DEMO_PASSWORD)
        rep.save()
        for user in (staff, rep):
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            Person.objects.filter(email=user.email).update(user=user)
        if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(staff, DEMO_TOTP_SECRET)
        codes = RecoveryCodes.activate(staff).get_unused_codes()
        return DEMO_TOTP_SECRET, codes
