"""Letters to decision-makers: matching by postcode, the letter form, sending and throttling.

How a letter travels:

1. The supporter fills in the action form; `LetterForm` holds the subject and the
   letter (the action's template, edited within its limits).
2. In the transaction that stores the participation, `prepare_letters` makes one
   WAITING letter per decision-maker who covers the supporter's postcode district.
3. Once the supporter confirms their email address, `send_letters` moves each
   waiting letter on: QUEUED if the decision-maker has had fewer than their daily
   limit of letters today, HELD if not. A queued letter is sent by the
   `send_letter` task after commit; held letters wait for `release_held_letters`,
   which runs each morning and queues as many as each recipient's limit allows.
4. `send_letter` claims the letter with one conditional UPDATE (QUEUED -> SENT),
   so a task that runs twice, or two workers, can never send the same letter
   twice. If the mail server refuses it, the letter is marked FAILED with the
   error and staff can queue it again from the admin.

Letters go from the platform's own address (DEFAULT_FROM_EMAIL) with the
supporter's address as Reply-To, so the decision-maker can answer them directly
and the platform never pretends to be the supporter's mail server.
"""

import logging
import re
import unicodedata
from datetime import datetime, time

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import task

from coalition.campaigns.models import Action, DecisionMaker, Letter, Participation
from coalition.core.forms import CoalitionForm
from coalition.core.models import CoalitionProfile
from coalition.core.scheduler import periodic
from coalition.lib.email import render_email, send_message

log = logging.getLogger(__name__)

# A letter may carry this many web links (or as many as the template has, if more).
MAX_LINKS = 2
LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# The closing lines a letter may already end with; otherwise one is added.
CLOSINGS = ("yours", "best wishes", "kind regards", "regards", "with thanks", "thank you")


# --- Who a letter goes to --------------------------------------------------------------------


def matching_decision_makers(action: Action, postcode_district: str) -> list[DecisionMaker]:
    """The action's decision-makers who cover this postcode district.

    A decision-maker with no districts covers everyone (a minister, a national body).
    """
    district = (postcode_district or "").strip().upper()
    return [dm for dm in action.decision_makers.all() if dm.covers(district)]


NO_RECIPIENT_MESSAGE = (
    "None of the people this letter goes to covers the postcode {postcode}. "
    "Check your postcode, or print the letter and send it to your own representative."
)


def no_recipient_error(action: Action, postcode_district: str, postcode: str = "") -> str:
    """A message for the postcode field when nobody covers it, or "" when someone does."""
    if matching_decision_makers(action, postcode_district):
        return ""
    return NO_RECIPIENT_MESSAGE.format(postcode=postcode or postcode_district)


# --- The letter form -------------------------------------------------------------------------


def normalise_text(value: str) -> str:
    """Browsers send textareas with CRLF line ends: count and keep plain newlines."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))


class LetterForm(CoalitionForm):
    """The subject and letter a supporter sends, starting from the action's template.

    Editable only if the action allows it (otherwise the template is sent as it is,
    whatever is posted), at most `action.letter_max_length` characters.
    """

    subject = forms.CharField(
        label="Subject", error_messages={"required": "Enter a subject for your letter."}
    )
    body = forms.CharField(
        label="Your letter",
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "Write your letter, or start again from our template."},
    )

    def __init__(self, action: Action, data=None, prefix: str = "letter", **kwargs):
        self.action = action
        kwargs.setdefault("initial", {"subject": action.letter_subject, "body": action.letter_body})
        super().__init__(data=data, prefix=prefix, **kwargs)
        limit = action.letter_max_length
        self.fields["subject"].help_text = "At most 200 characters."
        self.fields["body"].help_text = (
            f"Change it as much as you like, up to {limit:,} characters. Your letter is "
            "addressed to each person by name and signed with your name and postcode."
        )
        if not action.letter_editable:
            # Disabled fields take their value from `initial`, never from the post.
            for field in self.fields.values():
                field.disabled = True
                field.help_text = ""

    @property
    def editable(self) -> bool:
        return self.action.letter_editable

    def allowed_links(self) -> int:
        template = f"{self.action.letter_subject}\n{self.action.letter_body}"
        return max(MAX_LINKS, count_links(template))

    def clean_subject(self) -> str:
        subject = " ".join(self.cleaned_data.get("subject", "").split())
        if not subject:
            raise forms.ValidationError("Enter a subject for your letter.")
        if len(subject) > 200:
            raise forms.ValidationError(
                f"The subject is {len(subject):,} characters long; it can be at most 200."
            )
        return subject

    def clean_body(self) -> str:
        body = normalise_text(self.cleaned_data.get("body", ""))
        limit = self.action.letter_max_length
        if not body:
            raise forms.ValidationError("Write your letter, or start again from our template.")
        if len(body) > limit:
            raise forms.ValidationError(
                f"Your letter is {len(body):,} characters long; it can be at most {limit:,}. "
                "Shorten it a little."
            )
        return body

    def clean(self):
        data = super().clean()
        links = count_links(data.get("subject", "")) + count_links(data.get("body", ""))
        allowed = self.allowed_links()
        if links > allowed and "body" in data:
            self.add_error(
                "body",
                f"Your letter has {links} web links; it can have at most {allowed}. "
                "Letters full of links are caught by spam filters.",
            )
        return data

    def letter_text(self) -> tuple[str, str]:
        """(subject, body) as they will be sent; call after is_valid()."""
        return self.cleaned_data["subject"], self.cleaned_data["body"]


# --- Preparing and sending -------------------------------------------------------------------


def prepare_letters(participation: Participation, cleaned_data: dict) -> list[Letter]:
    """One WAITING letter per matching decision-maker; call in the participation's transaction.

    `cleaned_data` is a valid LetterForm's; for an action that is not editable the
    action's own template is used whatever it holds.
    """
    action = participation.action
    if action.letter_editable:
        subject = cleaned_data.get("subject") or action.letter_subject
        body = cleaned_data.get("body") or action.letter_body
    else:
        subject, body = action.letter_subject, action.letter_body
    recipients = matching_decision_makers(action, participation.postcode_district)
    return [
        Letter.objects.create(
            participation=participation,
            decision_maker=decision_maker,
            subject=subject,
            body=normalise_text(body),
        )
        for decision_maker in recipients
    ]


def daily_limit(decision_maker: DecisionMaker) -> int:
    if decision_maker.daily_limit is not None:
        return decision_maker.daily_limit
    return settings.LETTER_DAILY_LIMIT_PER_TARGET


def start_of_day(moment: datetime | None = None) -> datetime:
    today = timezone.localdate(moment or timezone.now())
    return timezone.make_aware(datetime.combine(today, time.min))


def letters_used_today(decision_maker: DecisionMaker, now: datetime | None = None) -> int:
    """Letters sent to them since midnight, and letters queued that will go out today."""
    return Letter.objects.filter(
        Q(status=Letter.Status.SENT, sent_at__gte=start_of_day(now))
        | Q(status=Letter.Status.QUEUED),
        decision_maker=decision_maker,
    ).count()


def send_letters(participation: Participation) -> list[Letter]:
    """Queue the participation's waiting letters, or hold those over a recipient's daily limit.

    Called once the supporter has confirmed. Safe to call twice: only WAITING letters
    move, each with a conditional UPDATE. Returns the letters with their new status.
    """
    confirmed = Participation.objects.filter(
        pk=participation.pk, status=Participation.Status.CONFIRMED
    ).exists()
    if not confirmed:
        return []
    moved = []
    with transaction.atomic():
        waiting = participation.letters.filter(status=Letter.Status.WAITING).order_by("pk")
        for letter in waiting:
            # Locking the recipient makes two confirmations at once count one after the
            # other, so a limit of 100 means 100 (PostgreSQL; SQLite writes one at a time).
            recipient = DecisionMaker.objects.select_for_update().get(pk=letter.decision_maker_id)
            under_limit = letters_used_today(recipient) < daily_limit(recipient)
            status = Letter.Status.QUEUED if under_limit else Letter.Status.HELD
            if Letter.objects.filter(pk=letter.pk, status=Letter.Status.WAITING).update(
                status=status
            ):
                letter.status = status
                moved.append(letter)
                if status == Letter.Status.QUEUED:
                    enqueue_letter(letter.pk)
    return moved


def enqueue_letter(letter_id: int) -> None:
    transaction.on_commit(lambda: send_letter.enqueue(letter_id=letter_id))


def needs_greeting(body: str) -> bool:
    return not body.lstrip().lower().startswith("dear ")


def needs_closing(body: str) -> bool:
    lines = [line.strip().lower() for line in body.strip().splitlines() if line.strip()]
    return not lines or not lines[-1].startswith(CLOSINGS)


def letter_context(letter: Letter) -> dict:
    participation = letter.participation
    return {
        "coalition": CoalitionProfile.current(),
        "letter": letter,
        "decision_maker": letter.decision_maker,
        "participation": participation,
        "action": participation.action,
        "campaign": participation.action.campaign,
        "greeting": needs_greeting(letter.body),
        "closing": needs_closing(letter.body),
    }


@task()
def send_letter(letter_id: int) -> str:
    """Send one queued letter, at most once."""
    # The claim: only one run can move the letter from QUEUED, so only one sends it.
    # Claiming before sending means a crash mid-send leaves it SENT rather than sending
    # it twice: a decision-maker flooded with duplicates stops reading them.
    claimed = Letter.objects.filter(pk=letter_id, status=Letter.Status.QUEUED).update(
        status=Letter.Status.SENT, sent_at=timezone.now()
    )
    if not claimed:
        return "not queued (already sent, or not ready)"
    letter = Letter.objects.select_related("decision_maker", "participation__action__campaign").get(
        pk=letter_id
    )
    subject, text, html = render_email("campaigns/emails/letter", letter_context(letter))
    try:
        send_message(
            to=[letter.decision_maker.email],
            subject=subject,
            text=text,
            html=html,
            reply_to=letter.participation.email,
        )
    except Exception as error:  # any refusal from the mail server: record it, staff retry
        log.warning("Letter %s to %s failed: %s", letter_id, letter.decision_maker.email, error)
        Letter.objects.filter(pk=letter_id).update(
            status=Letter.Status.FAILED,
            sent_at=timezone.now(),
            error=f"{error.__class__.__name__}: {error}"[:2000],
        )
        return "failed"
    return "sent"


def retry_letters(letters) -> int:
    """Queue failed letters again (from the admin). Returns how many were queued."""
    count = 0
    with transaction.atomic():
        for letter in letters:
            if Letter.objects.filter(pk=letter.pk, status=Letter.Status.FAILED).update(
                status=Letter.Status.QUEUED, error=""
            ):
                enqueue_letter(letter.pk)
                count += 1
    return count


@periodic("campaigns.release_held_letters", at=time(7, 0))
def release_held_letters(now: datetime | None = None) -> str:
    """Each morning, queue held letters (oldest first) up to each recipient's daily limit."""
    now = now or timezone.now()
    released = still_held = 0
    recipient_ids = (
        Letter.objects.filter(status=Letter.Status.HELD)
        .values_list("decision_maker_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipient_ids):
        with transaction.atomic():
            recipient = DecisionMaker.objects.select_for_update().get(pk=recipient_id)
            room = max(0, daily_limit(recipient) - letters_used_today(recipient, now))
            held = Letter.objects.filter(decision_maker=recipient, status=Letter.Status.HELD)
            for letter_id in held.order_by("created", "pk").values_list("pk", flat=True)[:room]:
                if Letter.objects.filter(pk=letter_id, status=Letter.Status.HELD).update(
                    status=Letter.Status.QUEUED
                ):
                    enqueue_letter(letter_id)
                    released += 1
            still_held += held.count()
    return f"{released} held letters queued, {still_held} still held."


# --- The printable letter --------------------------------------------------------------------

# The PDF core fonts know only Latin-1: typographic punctuation is written plainly and
# anything else outside it is spelt with the nearest letters.
PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u20ac": "EUR ",
    }
)


def pdf_safe(text: str) -> str:
    text = (text or "").translate(PLAIN)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", text)
        return decomposed.encode("latin-1", "ignore").decode("latin-1")


def printable_letter(action: Action, decision_makers: list[DecisionMaker]) -> bytes:
    """The template letter as a PDF, one page per decision-maker, ready to sign and post."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(pdf_safe(action.letter_subject))
    pdf.set_author(pdf_safe(action.campaign.title))
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=20)
    recipients = decision_makers or [None]
    for recipient in recipients:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        # The sender writes their own name and address at the top right.
        for label in ("Your name", "Your address", "", "Postcode", "Date"):
            pdf.set_x(120)
            pdf.set_text_color(110, 110, 110)
            pdf.cell(68, 9, label, border="B", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(8)
        if recipient is not None:
            for line in (recipient.name, recipient.role, recipient.body):
                pdf.cell(0, 6, pdf_safe(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("helvetica", style="B", size=12)
        pdf.multi_cell(0, 7, pdf_safe(action.letter_subject), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("helvetica", size=11)
        body = normalise_text(action.letter_body)
        if needs_greeting(body):
            name = recipient.name if recipient is not None else "Sir or Madam"
            pdf.multi_cell(0, 6, pdf_safe(f"Dear {name},"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        for paragraph in body.split("\n\n"):
            pdf.multi_cell(0, 6, pdf_safe(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        if needs_closing(body):
            pdf.multi_cell(0, 6, "Yours sincerely,", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(16)
        pdf.cell(70, 6, "Signature", border="T", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("helvetica", size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(
            0,
            4,
            pdf_safe(
                f'Part of the campaign "{action.campaign.title}": '
                f"{settings.SITE_URL}{action.get_absolute_url()}"
            ),
        )
        pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())


def letter_statuses(action: Action) -> dict[str, int]:
    """How many of the action's letters are in each status (for the staff view)."""
    rows = (
        Letter.objects.filter(participation__action=action)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(Letter.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
