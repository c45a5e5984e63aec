"""Joint responses: editing sections safely, comments, sign-on, publishing with a PDF.

An edit carries the section version it started from. The UPDATE only applies
when the section is still at that version, so two people editing at once can
never overwrite each other: the second is refused (EditConflict) and shown both
versions. Every accepted edit keeps a SectionRevision, from which the history's
diffs are made.
"""

import difflib
import re
from dataclasses import dataclass
from http import HTTPStatus

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coalition.lib.markup import render_markdown
from coalition.policy.models import (
    Comment,
    Development,
    Response,
    Section,
    SectionRevision,
    Signature,
)


class EditConflict(Exception):
    """Someone saved the section after this edit began."""

    def __init__(self, current: Section):
        super().__init__("This section was changed by someone else while you were editing it.")
        self.current = current


class SignRefused(Exception):
    status = HTTPStatus.CONFLICT


def add_section(response: Response, heading: str, body: str, user) -> Section:
    with transaction.atomic():
        last = response.sections.order_by("-position").values_list("position", flat=True).first()
        section = Section.objects.create(
            response=response, heading=heading, body=body, position=(last or 0) + 1
        )
        SectionRevision.objects.create(
            section=section, version=1, heading=heading, body=body, author=user, note="First draft"
        )
    return section


def edit_section(
    section: Section, heading: str, body: str, base_version: int, user, note: str = ""
) -> Section:
    """Save an edit made from `base_version`; EditConflict if the section moved on."""
    with transaction.atomic():
        updated = Section.objects.filter(pk=section.pk, version=base_version).update(
            heading=heading,
            body=body,
            body_html=render_markdown(body),
            version=F("version") + 1,
            updated=timezone.now(),
        )
        if not updated:
            raise EditConflict(Section.objects.get(pk=section.pk))
        section.refresh_from_db()
        SectionRevision.objects.create(
            section=section,
            version=section.version,
            heading=heading,
            body=body,
            author=user,
            note=note,
        )
    return section


# --- Readable diffs ----------------------------------------------------------------------------

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


def diff_text(old: str, new: str) -> list[Piece]:
    """Word by word: what was removed and what was added, in reading order."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def history(section: Section) -> list[dict]:
    """Each revision, newest first, with its diff from the one before."""
    revisions = list(section.revisions.select_related("author").order_by("version"))
    rows = []
    previous = None
    for revision in revisions:
        rows.append(
            {
                "revision": revision,
                "heading_diff": diff_text(previous.heading, revision.heading)
                if previous and previous.heading != revision.heading
                else None,
                "diff": diff_text(previous.body if previous else "", revision.body),
                "first": previous is None,
            }
        )
        previous = revision
    rows.reverse()
    return rows


# --- Comments ----------------------------------------------------------------------------------


def add_comment(
    section: Section, user, organisation, body: str, proposed_wording: str = "", parent=None
) -> Comment:
    if parent is not None and parent.parent_id:
        parent = parent.parent  # one level of replies: a reply to a reply joins its thread
    return Comment.objects.create(
        section=section,
        parent=parent,
        author=user,
        organisation=organisation,
        body=body,
        proposed_wording=proposed_wording,
    )


def resolve_comment(comment: Comment, user, resolved: bool = True) -> None:
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])


# --- Sign-on -----------------------------------------------------------------------------------


def sign(response: Response, organisation, user, now=None) -> tuple[Signature, bool]:
    """(the signature, whether it is new). Signing twice is recorded once."""
    now = now or timezone.now()
    if response.is_published:
        raise SignRefused("This response has been submitted; it can no longer be signed.")
    if now > response.sign_until:
        raise SignRefused(
            f"Signing closed on {timezone.localtime(response.sign_until):%d %B %Y at %H:%M}."
        )
    existing = Signature.objects.filter(response=response, organisation=organisation).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return (
                Signature.objects.create(
                    response=response, organisation=organisation, signed_by=user, created=now
                ),
                True,
            )
    except IntegrityError:  # two representatives at the same moment: one signature
        return Signature.objects.get(response=response, organisation=organisation), False


def withdraw(response: Response, organisation) -> bool:
    if not response.signing_open():
        raise SignRefused("Signatures can no longer be changed.")
    deleted, _ = Signature.objects.filter(response=response, organisation=organisation).delete()
    return bool(deleted)


# --- Publishing --------------------------------------------------------------------------------


def publish(response: Response, submitted_on, user) -> Response:
    """Submitted: fix the text, make the PDF, show it publicly with its signatories."""
    from coalition.policy.services.pdf import response_pdf

    with transaction.atomic():
        response.status = Response.Status.PUBLISHED
        response.submitted_on = submitted_on
        response.published_at = timezone.now()
        response.pdf.save(f"{response.slug}.pdf", ContentFile(response_pdf(response)), save=False)
        response.save()
        Development.objects.filter(pk=response.development_id).update(
            status=Development.Status.RESPONDED
        )
    return response
