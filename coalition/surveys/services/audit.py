"""The independence audit: the built-in questions, scoring, bands, the sector benchmark,
versioned editing and the PDF report."""

from django.db import transaction
from django.db.models import Max

from coalition.surveys.models import (
    AuditBand,
    AuditOption,
    AuditQuestion,
    AuditResult,
    AuditSection,
    AuditVersion,
)

BENCHMARK_MINIMUM = 5
SCALE = [
    ("Not at all", 0),
    ("A little", 1),
    ("Mostly", 2),
    ("Fully", 3),
]
DEFAULT = [
    (
        "purpose",
        "Independence of purpose",
        "Whether your organisation sets its own mission and priorities, or has them set by "
        "funders and commissioners.",
        [
            "Our trustees and members decide our mission and priorities, not our funders.",
            "We have turned down funding that would have pulled us away from our purpose.",
            "The people we serve shape what we do and how we do it.",
            "We could stop any single service tomorrow without abandoning our purpose.",
        ],
    ),
    (
        "voice",
        "Independence of voice",
        "Whether you can speak out, campaign and criticise public policy, including the "
        "policies of those who fund you.",
        [
            "We speak publicly about policies that affect the people we work with.",
            "Nothing in our funding agreements stops us criticising the funder.",
            "We have spoken out in the last year even when it risked our funding.",
            "Our staff and volunteers know they may campaign as part of their work.",
        ],
    ),
    (
        "action",
        "Independence of action",
        "Whether you decide how to work: your methods, who you work with and how you measure "
        "success.",
        [
            "We choose our own ways of working rather than following a funder's model.",
            "Monitoring asks are proportionate and measure what matters to us.",
            "We can work with whichever partners we choose.",
            "We can respond to new needs without asking a funder's permission.",
        ],
    ),
    (
        "governance",
        "Governance",
        "Whether your board is independent, informed and in control of strategy and risk.",
        [
            "Our board includes people from the communities we serve.",
            "No funder or public body appoints or controls a place on our board.",
            "Our trustees regularly discuss the risks our funding poses to our independence.",
            "Our board, not our staff or funders, agrees our strategy.",
        ],
    ),
    (
        "funding",
        "Diversity of funding",
        "How far you depend on one funder, or on contracts rather than grants and your own income.",
        [
            "No single funder gives us more than a quarter of our income.",
            "Less than half of our income comes from contracts for public services.",
            "We have unrestricted reserves for at least three months.",
            "We raise some money of our own (donations, membership, trading).",
        ],
    ),
]
BANDS = [
    (
        0,
        "At risk",
        "Your independence is under real pressure here. Put it on the agenda of your next "
        "board meeting, name the one change that would help most, and talk to the coalition "
        "about support and peers who have been through the same.",
    ),
    (
        40,
        "Holding on",
        "You keep a good part of your independence, but it depends on goodwill that could "
        "change. Write down what you would not give up, and check new funding against it.",
    ),
    (
        70,
        "Strong",
        "Your independence is well protected here. Share how you do it: other groups in the "
        "coalition can learn from you, and review it once a year.",
    ),
]


def current_version() -> AuditVersion:
    """The version people take now; the built-in one is made the first time it is needed."""
    version = AuditVersion.objects.filter(is_current=True).first()
    if version is None:
        version = create_default()
    return version


@transaction.atomic
def create_default() -> AuditVersion:
    number = (AuditVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    version = AuditVersion.objects.create(number=number, is_current=True, note="Built-in")
    for order, (key, title, intro, questions) in enumerate(DEFAULT, 1):
        section = AuditSection.objects.create(
            version=version, key=key, title=title, intro=intro, order=order
        )
        for q_order, text in enumerate(questions, 1):
            question = AuditQuestion.objects.create(section=section, text=text, order=q_order)
            AuditOption.objects.bulk_create(
                AuditOption(question=question, label=label, score=score, order=n)
                for n, (label, score) in enumerate(SCALE)
            )
        AuditBand.objects.bulk_create(
            AuditBand(section=section, min_percent=m, label=label, guidance=guidance)
            for m, label, guidance in BANDS
        )
    return version


def load(version: AuditVersion) -> list[AuditSection]:
    sections = list(
        version.sections.prefetch_related("questions__options", "bands").order_by("order")
    )
    for section in sections:
        section.question_list = list(section.questions.all())
        section.band_list = list(section.bands.all())
    return sections


def score(sections: list[AuditSection], answers: dict[int, int]) -> tuple[dict, int]:
    """(percent by section key, overall percent) from {question id: option id}."""
    percents, got_all, best_all = {}, 0, 0
    for section in sections:
        got = best = 0
        for question in section.question_list:
            options = list(question.options.all())
            if not options:
                continue
            best += max(o.score for o in options)
            chosen = next((o for o in options if o.pk == answers.get(question.pk)), None)
            got += chosen.score if chosen else 0
        percents[section.key] = round(100 * got / best) if best else 0
        got_all, best_all = got_all + got, best_all + best
    return percents, round(100 * got_all / best_all) if best_all else 0


def band_for(section: AuditSection, percent: int) -> AuditBand | None:
    fitting = [b for b in section.band_list if b.min_percent <= percent]
    return fitting[-1] if fitting else None


def benchmark(sections: list[AuditSection]) -> dict | None:
    """Per section, the anonymised distribution of contributed results (None under 5)."""
    contributed = list(
        AuditResult.objects.filter(contributed=True).values_list("scores", flat=True)
    )
    if len(contributed) < BENCHMARK_MINIMUM:
        return None
    out = {"count": len(contributed)}
    for section in sections:
        values = sorted(s.get(section.key) for s in contributed if s.get(section.key) is not None)
        if len(values) < BENCHMARK_MINIMUM:
            continue

        def quantile(p, v=values):
            index = (len(v) - 1) * p
            low = int(index)
            high = min(low + 1, len(v) - 1)
            return round(v[low] + (v[high] - v[low]) * (index - low))

        out[section.key] = {
            "values": values,
            "lower": quantile(0.25),
            "median": quantile(0.5),
            "upper": quantile(0.75),
        }
    return out


def standing(percent: int, stats: dict) -> str:
    below = sum(1 for v in stats["values"] if v < percent)
    share = round(100 * below / len(stats["values"]))
    if percent >= stats["upper"]:
        where = "in the top quarter"
    elif percent >= stats["median"]:
        where = "above the middle"
    elif percent >= stats["lower"]:
        where = "below the middle"
    else:
        where = "in the bottom quarter"
    return f"{where}: higher than {share}% of the organisations that shared their results"


def report(result: AuditResult) -> dict:
    """What the results page and the PDF show."""
    sections = load(result.version)
    previous = result.previous
    bench = benchmark(sections)
    rows = []
    for section in sections:
        percent = result.scores.get(section.key, 0)
        band = band_for(section, percent)
        change = None
        if previous is not None and section.key in previous.scores:
            change = percent - previous.scores[section.key]
        stats = (bench or {}).get(section.key)
        rows.append(
            {
                "section": section,
                "percent": percent,
                "band": band,
                "change": change,
                "stats": stats,
                "standing": standing(percent, stats) if stats else "",
            }
        )
    return {
        "rows": rows,
        "overall": result.overall,
        "overall_change": result.overall - previous.overall if previous else None,
        "previous": previous,
        "benchmark": bench,
    }


@transaction.atomic
def editable_version() -> AuditVersion:
    """The version staff change: the current one until it has results, else a new copy."""
    version = current_version()
    if not version.results.exists():
        return version
    number = (AuditVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    copy = AuditVersion.objects.create(number=number, is_current=False, note="Edited by staff")
    for section in load(version):
        questions = section.question_list
        bands = section.band_list
        section.pk = None
        section.version = copy
        section.save()
        for question in questions:
            options = list(question.options.all())
            question.pk = None
            question.section = section
            question.save()
            AuditOption.objects.bulk_create(
                AuditOption(question=question, label=o.label, score=o.score, order=o.order)
                for o in options
            )
        AuditBand.objects.bulk_create(
            AuditBand(
                section=section, min_percent=b.min_percent, label=b.label, guidance=b.guidance
            )
            for b in bands
        )
    AuditVersion.objects.filter(is_current=True).update(is_current=False)
    AuditVersion.objects.filter(pk=copy.pk).update(is_current=True)
    copy.is_current = True
    return copy


def pdf_report(result: AuditResult, organisation: str = "") -> bytes:
    """The organisation's report as a PDF (fpdf2, built-in fonts)."""
    from fpdf import FPDF

    from coalition.campaigns.letters import pdf_safe

    data = report(result)
    pdf = FPDF(format="A4")
    pdf.set_title("Independence audit report")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=18)
    pdf.multi_cell(0, 9, "Independence audit report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    name = organisation or result.organisation_name
    line = f"{pdf_safe(name)}, " if name else ""
    pdf.multi_cell(
        0,
        6,
        f"{line}taken on {result.created:%d %B %Y} (audit version {result.version.number}).",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    overall = f"Overall: {data['overall']}%"
    if data["overall_change"] is not None:
        overall += (
            f" ({data['overall_change']:+d} points since {data['previous'].created:%d %B %Y})"
        )
    pdf.set_font("helvetica", style="B", size=13)
    pdf.multi_cell(0, 7, overall, new_x="LMARGIN", new_y="NEXT")
    for row in data["rows"]:
        pdf.ln(4)
        pdf.set_font("helvetica", style="B", size=13)
        band = row["band"].label if row["band"] else ""
        pdf.multi_cell(
            0,
            7,
            pdf_safe(f"{row['section'].title}: {row['percent']}% - {band}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        # The score as a bar, with the sector's middle half when there is a benchmark.
        x, y = pdf.get_x(), pdf.get_y() + 1
        pdf.set_fill_color(230, 230, 230)
        pdf.rect(x, y, 120, 5, style="F")
        if row["stats"]:
            pdf.set_fill_color(190, 200, 220)
            pdf.rect(
                x + 1.2 * row["stats"]["lower"],
                y,
                1.2 * (row["stats"]["upper"] - row["stats"]["lower"]),
                5,
                style="F",
            )
        pdf.set_fill_color(30, 80, 140)
        pdf.rect(x, y + 1.5, 1.2 * row["percent"], 2, style="F")
        pdf.ln(8)
        pdf.set_font("helvetica", size=10)
        if row["change"] is not None:
            pdf.multi_cell(
                0,
                5,
                f"Change since last time: {row['change']:+d} points.",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        if row["standing"]:
            stats = row["stats"]
            pdf.multi_cell(
                0,
                5,
                pdf_safe(
                    f"Against the sector: {row['standing']} (middle half {stats['lower']}%"
                    f"-{stats['upper']}%, median {stats['median']}%)."
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        if row["band"]:
            pdf.multi_cell(0, 5, pdf_safe(row["band"].guidance), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("helvetica", size=8)
    pdf.set_text_color(90, 90, 90)
    if data["benchmark"] is None:
        pdf.multi_cell(
            0,
            4,
            "The sector benchmark appears once at least 5 organisations have shared their "
            "results anonymously.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    else:
        pdf.multi_cell(
            0,
            4,
            f"Benchmark: {data['benchmark']['count']} organisations shared their results "
            "anonymously. Independence of purpose, voice and action are the dimensions used "
            "by the Panel on the Independence of the Voluntary Sector.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())
