"""Membership workflows that touch several models and send email."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.lib.email import queue_email
from coalition.members.models import (
    Affiliation,
    Application,
    Invitation,
    Membership,
    Organisation,
    Person,
    Subscription,
    unique_slug,
)


class AlreadyDecided(Exception):
    """Another member of staff decided this application first."""


class NameTaken(Exception):
    """An organisation with the applicant's name already exists."""


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def notify_application_received(application: Application) -> None:
    queue_email(
        application.contact_email,
        "members/emails/application_received",
        {"application": application},
    )


def _claim_decision(application: Application, status: str, user, reason: str = "") -> None:
    """Move a pending application to `status` exactly once, whoever clicks first."""
    updated = Application.objects.filter(
        pk=application.pk, status=Application.Status.PENDING
    ).update(status=status, decided_at=timezone.now(), decided_by=user, rejection_reason=reason)
    if not updated:
        raise AlreadyDecided(application.pk)
    application.refresh_from_db()


@transaction.atomic
def approve_application(application: Application, user) -> Invitation:
    """Create the organisation, its membership and first subscription, and invite the contact."""
    _claim_decision(application, Application.Status.APPROVED, user)
    if Organisation.objects.filter(name__iexact=application.organisation_name).exists():
        raise NameTaken(application.organisation_name)
    try:
        organisation = Organisation.objects.create(
            name=application.organisation_name,
            slug=unique_slug(application.organisation_name),
            website=application.website,
            description=application.description,
            charity_number=application.charity_number,
            company_number=application.company_number,
            contact_email=application.contact_email_public,
        )
    except IntegrityError:
        raise NameTaken(application.organisation_name) from None
    organisation.regions.set(application.regions.all())
    organisation.themes.set(application.themes.all())

    today = timezone.localdate()
    membership = Membership.objects.create(
        organisation=organisation,
        type=application.membership_type,
        status=Membership.Status.ACTIVE,
        started_on=today,
        renewal_date=one_year_after(today),
    )
    Subscription.objects.create(
        membership=membership,
        period_start=today,
        period_end=one_year_after(today) - timedelta(days=1),
        amount=application.membership_type.annual_fee,
        due_date=today + timedelta(days=30),
    )
    person, _ = Person.objects.get_or_create(
        email=application.contact_email.strip().lower(),
        defaults={"name": application.contact_name},
    )
    Affiliation.objects.update_or_create(
        person=person,
        organisation=organisation,
        defaults={"role": application.contact_role, "is_representative": True, "since": today},
    )
    application.organisation = organisation
    application.save(update_fields=["organisation"])
    invitation = Invitation.objects.create(person=person, organisation=organisation)
    queue_email(
        person.email,
        "members/emails/application_approved",
        {
            "application": application,
            "organisation": organisation,
            "invitation": invitation,
            "membership": membership,
        },
    )
    return invitation


@transaction.atomic
def reject_application(application: Application, user, reason: str) -> None:
    _claim_decision(application, Application.Status.REJECTED, user, reason)
    queue_email(
        application.contact_email,
        "members/emails/application_rejected",
        {"application": application, "reason": reason},
    )


def link_person_to_user(user, email: str) -> Person | None:
    """After an email address is verified, connect the account to the person it belongs to."""
    person = Person.objects.filter(email=email.strip().lower(), user__isnull=True).first()
    if person is None:
        return None
    person.user = user
    person.save(update_fields=["user"])
    Invitation.objects.filter(person=person, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    return person
