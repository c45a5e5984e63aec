"""Demo policy work from the seeds: developments and deadlines, a published joint response
with signatories, PDF and outcome, a draft being commented on and signed, positions adopted
by governance decisions with research evidence, publications and others' positions."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from coalition.core.models import Theme
from coalition.members.models import Organisation
from coalition.policy.demo_content import (
    DEVELOPMENTS,
    DRAFT_RESPONSE,
    POSITIONS,
    PUBLICATIONS,
    PUBLISHED_RESPONSE,
    STATEMENTS,
)
from coalition.policy.models import (
    Comment,
    Development,
    MonitoredStatement,
    OtherBody,
    Position,
    Publication,
    Response,
    Section,
    SectionRevision,
    Signature,
)
from coalition.policy.services.pdf import response_pdf

STAFF_EMAIL = "naomi.alexander@example.org"
# Who signs and comments in the demo, by organisation slug (missing ones are skipped).
SIGNERS_2007 = ["community-matters", "navca", "urban-forum", "acre", "bassac", "cdx", "dta"]
SIGNERS_NOW = ["urban-forum", "acre", "navca"]


def _date(value, today: date) -> date:
    if isinstance(value, int):
        return today + timedelta(days=value)
    return date.fromisoformat(value)


def _moment(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _themes(names):
    return list(Theme.objects.filter(name__in=names))


def _organisations(slugs):
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def load_developments(today: date) -> dict[str, Development]:
    developments = {}
    for (
        slug,
        title,
        kind,
        issuer_kind,
        issuer,
        published,
        closes,
        status,
        themes,
        summary,
        link,
    ) in DEVELOPMENTS:
        development, _ = Development.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "issuer_kind": issuer_kind,
                "issuer": issuer,
                "published_on": _date(published, today),
                "closes_on": _date(closes, today) if closes is not None else None,
                "status": status,
                "summary": summary,
                "link": link,
            },
        )
        development.themes.set(_themes(themes))
        developments[slug] = development
    return developments


def _sections(response, rows, staff):
    sections = []
    for position, row in enumerate(rows, start=1):
        heading, body = row[0], row[1]
        section, created = Section.objects.get_or_create(
            response=response, position=position, defaults={"heading": heading, "body": body}
        )
        if created:
            SectionRevision.objects.create(
                section=section, version=1, heading=heading, body=body, author=staff,
                note="First draft", created=response.created,
            )  # fmt: skip
            if len(row) > 2 and row[2]:
                section.body = row[2]
                section.version = 2
                section.save()
                SectionRevision.objects.create(
                    section=section, version=2, heading=heading, body=row[2], author=staff,
                    note="Budgets, after members' comments",
                )  # fmt: skip
        sections.append(section)
    return sections


def load_responses(today: date, developments, staff) -> tuple[Response, Response]:
    data = PUBLISHED_RESPONSE
    published, _ = Response.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "development": developments["local-government-white-paper-2006"],
            "title": data["title"],
            "introduction": data["introduction"],
            "sign_until": _moment(date(2007, 1, 17), 17),
            "status": Response.Status.PUBLISHED,
            "submitted_on": date.fromisoformat(data["submitted_on"]),
            "published_at": _moment(date(2007, 1, 19)),
            "outcome": data["outcome"],
            "outcome_on": date.fromisoformat(data["outcome_on"]),
            "created_by": staff,
        },
    )
    _sections(published, data["sections"], staff)
    for index, organisation in enumerate(_organisations(SIGNERS_2007)):
        Signature.objects.get_or_create(
            response=published,
            organisation=organisation,
            defaults={"created": _moment(date(2007, 1, 8) + timedelta(days=index))},
        )
    if not published.pdf:
        published.pdf.save(f"{published.slug}.pdf", ContentFile(response_pdf(published)))

    data = DRAFT_RESPONSE
    draft, _ = Response.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "development": developments["devolving-decisions-to-neighbourhoods"],
            "title": data["title"],
            "introduction": data["introduction"],
            "sign_until": _moment(today + timedelta(days=14), 17),
            "status": Response.Status.DRAFTING,
            "created_by": staff,
        },
    )
    sections = _sections(draft, data["sections"], staff)
    signers = _organisations(SIGNERS_NOW)
    for organisation in signers[:2]:
        Signature.objects.get_or_create(response=draft, organisation=organisation)
    if signers and not Comment.objects.filter(section__response=draft).exists():
        first = Comment.objects.create(
            section=sections[0],
            organisation=signers[0],
            body="Parish level leaves out urban neighbourhoods without parish councils.",
            proposed_wording="...taken at neighbourhood or parish level, with budgets to match.",
            resolved_at=timezone.now(),
            resolved_by=staff,
        )
        Comment.objects.create(
            section=sections[0],
            parent=first,
            body="Agreed: the wording is changed in version 2.",
            author=staff,
        )
        Comment.objects.create(
            section=sections[2],
            organisation=signers[-1],
            body="Could we cite the **West Sussex** findings here? Our members see the same.",
            proposed_wording="Small, volunteer-run groups are shut out of contracts that are "
            "too large for them (Adur Voluntary Action, 2010).",
        )
    return published, draft


def load_positions(today: date, developments) -> int:
    from coalition.governance.models import Decision

    try:
        from coalition.research.models import ResearchItem
    except ImportError:  # pragma: no cover (research is installed with policy)
        ResearchItem = None
    for (
        slug,
        title,
        statement,
        rationale,
        decision,
        adopted,
        review,
        themes,
        evidence,
        devs,
    ) in POSITIONS:
        position, _ = Position.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "statement": statement,
                "rationale": rationale,
                "decision": Decision.objects.filter(title=decision).first() if decision else None,
                "adopted_on": date.fromisoformat(adopted),
                "review_on": date.fromisoformat(review) if review else None,
            },
        )
        position.themes.set(_themes(themes))
        position.developments.set([developments[d] for d in devs if d in developments])
        if ResearchItem is not None:
            position.evidence.set(ResearchItem.objects.filter(slug__in=evidence))
    return len(POSITIONS)


def _publication_pdf(title: str, text: str) -> bytes:
    from fpdf import FPDF

    from coalition.campaigns.letters import pdf_safe

    pdf = FPDF(format="A4")
    pdf.set_title(pdf_safe(title))
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=16)
    pdf.multi_cell(0, 8, pdf_safe(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, pdf_safe(text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def load_publications(today: date) -> int:
    for slug, title, kind, summary, published, themes, downloads, text, url in PUBLICATIONS:
        publication, _ = Publication.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "summary": summary,
                "published_on": date.fromisoformat(published),
                "external_url": url,
                "download_count": downloads,
            },
        )
        publication.themes.set(_themes(themes))
        if text and not publication.file:
            publication.file.save(f"{slug}.pdf", ContentFile(_publication_pdf(title, text)))
            Publication.objects.filter(pk=publication.pk).update(file_kind="pdf")
    return len(PUBLICATIONS)


def load_statements(developments, staff) -> int:
    for name, kind, text, is_quote, source, said, themes, development in STATEMENTS:
        body, _ = OtherBody.objects.get_or_create(name=name, defaults={"kind": kind})
        statement, _ = MonitoredStatement.objects.update_or_create(
            body=body,
            said_on=date.fromisoformat(said),
            defaults={
                "text": text,
                "is_quote": is_quote,
                "source_url": source,
                "development": developments.get(development),
                "added_by": staff,
            },
        )
        statement.themes.set(_themes(themes))
    return len(STATEMENTS)


@transaction.atomic
def load(today: date) -> str:
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    developments = load_developments(today)
    load_responses(today, developments, staff)
    positions = load_positions(today, developments)
    publications = load_publications(today)
    statements = load_statements(developments, staff)
    return (
        f"{len(developments)} policy developments, 2 joint responses (1 published with its PDF, "
        f"1 open for comments and signatures), {positions} positions, {publications} "
        f"publications, {statements} statements by others"
    )
