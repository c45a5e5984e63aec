"""Personal data of accounts: the sign-in, its email addresses, two-factor, the audit log,
and email waiting in the task queue. Erased last (the other apps find rows by account)."""

import secrets

from django.db.models import Q

from coalition.privacy.registry import (
    EMAIL,
    Collects,
    Table,
    by_email,
    by_user,
    either,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Accounts: email addresses (and whether verified), name, password (hashed), "
        "two-factor devices, last sign-in",
        why="To let representatives, researchers and staff sign in and do their work",
        kept="While the account is used; erased on request",
    ),
    Collects(
        what="The audit log: who changed what and when, with the IP address of the change",
        why="Accountability for changes to members' records and decisions",
        kept="IP addresses are removed after {PRIVACY_IP_ADDRESS_DAYS} days; the log is kept",
    ),
]


def _account(email, user):
    return Q(pk=user.pk) if user is not None else Q(email__iexact=email)


def _queued_email(email, user):
    return Q(args_kwargs__icontains=email) & ~Q(status="RUNNING")


TABLES = [
    Table("account.EmailAddress", match=either(by_email("email"), by_user("user")), delete=True),
    Table("mfa.Authenticator", match=by_user("user"), delete=True, export=False),
    Table(
        "auditlog.LogEntry",
        name="audit log (changes made by them)",
        match=either(by_user("actor"), by_email("actor_email")),
        erase={"actor_email": EMAIL, "remote_addr": None, "remote_port": None},
    ),
    Table("django_tasks_database.DBTaskResult", match=_queued_email, delete=True, export=False),
    Table(
        "auth.User",
        match=_account,
        erase={
            "username": EMAIL,
            "email": EMAIL,
            "first_name": "",
            "last_name": "",
            "is_active": False,
            "password": lambda row: "!" + secrets.token_urlsafe(30),
        },
    ),
]
SCRUB = ["auditlog.LogEntry", "core.CoalitionProfile"]

export = exporter(TABLES)
erase = eraser(TABLES)
