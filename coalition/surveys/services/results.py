"""Results: counted in SQL with GROUP BY (never a loop over responses in Python).

One grouped query counts every choice, scale point, matrix cell and rank of the
survey (from the Answer rows' covering index); one more gives the numbers' spread,
one the count of typed answers, and one per typed question its latest answers.
Filters (collector, organisation, region, an answer to another question) narrow the
responses by a subquery; a breakdown by another question adds its answer as a column.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum

from coalition.surveys.models import Answer, Collector, Question, Response, ResultCount, Survey

SMALL_GROUP = 5
TEXT_SHOWN = 10


@dataclass
class Filters:
    collector: int | None = None
    organisation: int | None = None
    region: str | None = None
    org_type: str | None = None  # the member's membership type (full, associate...)
    question: str | None = None  # filter: responses whose answer to this question ...
    code: str | None = None  # ... was this code
    by: str | None = None  # break every question down by the answer to this one

    @classmethod
    def from_query(cls, query, questions_by_name: dict) -> "Filters":
        def number(key):
            value = query.get(key, "")
            return int(value) if value.isdigit() else None

        filters = cls(
            collector=number("collector"),
            organisation=number("organisation"),
            region=(query.get("region") or "").strip()[:60] or None,
            org_type=(query.get("type") or "").strip()[:60] or None,
        )
        name, _, code = (query.get("where") or "").partition(":")
        if name in questions_by_name and code:
            filters.question, filters.code = name, code[:60]
        by = query.get("by", "")
        if by in questions_by_name and questions_by_name[by].type in (
            Question.Type.SINGLE,
            Question.Type.SCALE,
            Question.Type.CONSENT,
            Question.Type.MULTIPLE,
        ):
            filters.by = by
        return filters

    @property
    def narrows(self) -> bool:
        return any((self.collector, self.organisation, self.region, self.org_type, self.question))


def responses_for(survey: Survey, filters: Filters, questions_by_name: dict):
    responses = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
    if filters.collector:
        responses = responses.filter(collector_id=filters.collector)
    if filters.organisation:
        responses = responses.filter(collector__organisation_id=filters.organisation)
    if filters.region or filters.org_type:
        responses = responses.filter(collector_id__in=collector_ids(survey, filters))
    if filters.question:
        question = questions_by_name[filters.question]
        responses = responses.filter(
            pk__in=Answer.objects.filter(question_id=question.pk, code=filters.code).values(
                "response_id"
            )
        )
    return responses


def collector_ids(survey: Survey, filters: Filters) -> list[int] | None:
    """The collectors the filters keep (None: all of them)."""
    if not (filters.collector or filters.organisation or filters.region or filters.org_type):
        return None
    collectors = Collector.objects.filter(survey=survey)
    if filters.collector:
        collectors = collectors.filter(pk=filters.collector)
    if filters.organisation:
        collectors = collectors.filter(organisation_id=filters.organisation)
    if filters.region:
        collectors = collectors.filter(organisation__regions__slug=filters.region)
    if filters.org_type:
        collectors = collectors.filter(organisation__memberships__type__slug=filters.org_type)
    return list(collectors.values_list("pk", flat=True).distinct())


GROUPED = ("question_id", "row", "code")


def _aggregate(answers):
    return (
        answers.values_list(*GROUPED)
        .annotate(n=Count("*"), total=Sum("number"), low=Min("number"), high=Max("number"))
        .order_by()
    )


@transaction.atomic
def fold(survey: Survey) -> int:
    """Add the answers of responses not counted yet to ResultCount; returns how many.

    Each fold marks the responses it takes with a new batch number (an UPDATE, so a
    response committed meanwhile is simply left for the next fold), counts their answers
    with one GROUP BY and adds them to the stored counts. Folds of one survey take turns
    (the survey row is locked); answering never waits for them.
    """
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    batch = locked.fold_batch + 1
    taken = Response.objects.filter(
        survey=survey, status=Response.Status.COMPLETE, fold_batch=0
    ).update(fold_batch=batch)
    if not taken:
        return 0
    Survey.objects.filter(pk=survey.pk).update(fold_batch=batch)
    rows = (
        Answer.objects.filter(response__survey=survey, response__fold_batch=batch)
        .values_list("response__collector_id", *GROUPED)
        .annotate(n=Count("*"), total=Sum("number"), low=Min("number"), high=Max("number"))
        .order_by()
    )
    # Responses by collector and day, kept as "question 0" (code: the day).
    days = (
        Response.objects.filter(survey=survey, fold_batch=batch)
        .values_list("collector_id", "submitted_on")
        .annotate(n=Count("*"))
        .order_by()
    )
    rows = list(rows) + [
        (collector_id, 0, 0, day.isoformat() if day else "", n, None, None, None)
        for collector_id, day, n in days
    ]
    existing = {
        (c.collector_id, c.question_id, c.row, c.code): c
        for c in ResultCount.objects.filter(survey=survey)
    }
    changed = []
    for collector_id, question_id, row, code, n, total, low, high in rows:
        key = (collector_id, question_id, row, code)
        count = existing.get(key) or ResultCount(
            survey=survey, collector_id=collector_id, question_id=question_id, row=row, code=code
        )
        count.n += n
        if total is not None:
            count.total = (count.total or 0) + total
            count.low = low if count.low is None else min(count.low, low)
            count.high = high if count.high is None else max(count.high, high)
        changed.append(count)
    ResultCount.objects.bulk_create(
        changed,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["survey", "collector_id", "question_id", "row", "code"],
        update_fields=["n", "total", "low", "high"],
    )
    return taken


def _merge(rows) -> list[tuple]:
    """Sum rows of (question, row, code, by, n, total, low, high) with the same key."""
    merged: dict = {}
    for question_id, row, code, by_code, n, total, low, high in rows:
        key = (question_id, row, code, by_code)
        if key not in merged:
            merged[key] = [n, total, low, high]
            continue
        cell = merged[key]
        cell[0] += n
        if total is not None:
            cell[1] = (cell[1] or 0) + total
            cell[2] = low if cell[2] is None else min(cell[2], low)
            cell[3] = high if cell[3] is None else max(cell[3], high)
    return [(*key, *values) for key, values in merged.items()]


def _counted(survey: Survey, filters: Filters) -> tuple[list, list]:
    """The stored counts (folded first, so exact and live) plus the responses committed
    since: (rows of the counts, (collector, day, responses) rows)."""
    fold(survey)
    ids = collector_ids(survey, filters)
    counted = ResultCount.objects.filter(survey=survey)
    tail = Answer.objects.filter(
        response__survey=survey,
        response__status=Response.Status.COMPLETE,
        response__fold_batch=0,
    )
    if ids is not None:
        counted = counted.filter(collector_id__in=ids)
        tail = tail.filter(response__collector_id__in=ids)
    stored = list(counted.values_list("collector_id", *GROUPED, "n", "total", "low", "high"))
    rows = [(q, r, c, None, *rest) for _k, q, r, c, *rest in stored if q]
    rows += [(q, r, c, None, *rest) for q, r, c, *rest in _aggregate(tail)]
    days = [(k, c, n) for k, q, _r, c, n, *_rest in stored if q == 0]
    new_days = (
        Response.objects.filter(survey=survey, status=Response.Status.COMPLETE, fold_batch=0)
        .values_list("collector_id", "submitted_on")
        .annotate(n=Count("*"))
        .order_by()
    )
    if ids is not None:
        new_days = new_days.filter(collector_id__in=ids)
    days += [(k, d.isoformat() if d else "", n) for k, d, n in new_days]
    return _merge(rows), days


def matching_ids(filters: Filters, responses, questions_by_name: dict):
    """The matching responses' ids as a subquery. Filtered by an answer alone, they are
    read from the Answer index (question, code, response): complete responses are the
    only ones with Answer rows, and every row of a response belongs to its survey."""
    if filters.question and not (
        filters.collector or filters.organisation or filters.region or filters.org_type
    ):
        question = questions_by_name[filters.question]
        return Answer.objects.filter(question_id=question.pk, code=filters.code).values(
            "response_id"
        )
    return responses.values("pk")


def summary(survey: Survey, questions: list, filters: Filters) -> dict:
    """Everything the results page shows, keyed by question id.

    Without an answer filter or a breakdown, the counts come from ResultCount (folded
    first, so they are exact and live) plus the few responses committed since. With one,
    one GROUP BY over the Answer rows of the matching responses.
    """
    by_name = {q.name: q for q in questions}
    responses = responses_for(survey, filters, by_name)
    if filters.by or filters.question:
        ids = matching_ids(filters, responses, by_name)
        if filters.by:
            rows = crosstab_rows(by_name[filters.by], ids if filters.narrows else None)
        else:
            rows = filtered_rows(ids)
        days = (
            responses.values_list("collector_id", "submitted_on").annotate(n=Count("*")).order_by()
        )
        days = [(k, d.isoformat() if d else "", n) for k, d, n in days]
    else:
        rows, days = _counted(survey, filters)
    per_collector: dict = {}
    per_day: dict = {}
    for collector_id, day, n in days:
        per_collector[collector_id] = per_collector.get(collector_id, 0) + n
        if day:
            per_day[day] = per_day.get(day, 0) + n
    total = sum(per_collector.values())
    counts: dict[int, dict] = {}
    numbers: dict[int, dict] = {}
    text_counts: dict[int, int] = {}
    for question_id, row, code, by_code, n, total_value, low, high in rows:
        if code:
            cell = counts.setdefault(question_id, {}).setdefault((row, code), {})
            cell[by_code] = cell.get(by_code, 0) + n
        elif by_code is None:
            text_counts[question_id] = text_counts.get(question_id, 0) + n
            if total_value is not None:
                numbers[question_id] = {
                    "n": n,
                    "mean": total_value / n if n else None,
                    "low": low,
                    "high": high,
                }
    texts: dict[int, list] = {}
    latest = Answer.objects.filter(code="")  # on the (question, code, response) index
    if filters.narrows:
        latest = latest.filter(response_id__in=matching_ids(filters, responses, by_name))
    for question in questions:
        if question.is_text and text_counts.get(question.pk):
            texts[question.pk] = list(
                latest.filter(question_id=question.pk)
                .order_by("-response_id")
                .values_list("text", flat=True)[:TEXT_SHOWN]
            )
    names = dict(Collector.objects.filter(survey=survey).values_list("pk", "name"))
    collectors = sorted(
        ((names.get(k, "?"), n) for k, n in per_collector.items()), key=lambda x: -x[1]
    )
    days = _by_period(sorted((date.fromisoformat(d), n) for d, n in per_day.items()))
    return {
        "total": total,
        "counts": counts,
        "numbers": numbers,
        "text_counts": text_counts,
        "texts": texts,
        "responses": responses,
        "by_collector": collectors,
        "over_time": days,
    }


def _fetch(sql: str, params: list) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Compiling this query (its estimated cost is high) takes longer than running it.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _each_response(alias: str, source: str) -> str:
    """On PostgreSQL, the Answer rows of each response of `source` (a FROM item with a
    response_id column) read as one range of the (response, ...) index: a LATERAL join the
    planner keeps (OFFSET 0). Left to itself it hash-joins a scan of every answer of every
    survey, about twice as slow at 100,000 responses."""
    return (
        f"{source} CROSS JOIN LATERAL (SELECT x.question_id, x.row, x.code, x.number "  # nosec B608 (table names from the models)
        f"FROM {Answer._meta.db_table} x WHERE x.response_id = {alias}.response_id "
        f"OFFSET 0) a"
    )


def filtered_rows(ids) -> list[tuple]:
    """(question, row, code, None, count, sum, min, max) over the answers of the responses
    in `ids` (a subquery of response ids): one GROUP BY."""
    if connection.vendor != "postgresql":
        answers = Answer.objects.filter(response_id__in=ids)
        return [(q, r, c, None, *rest) for q, r, c, *rest in _aggregate(answers)]
    inner, params = ids.query.sql_with_params()
    source = f"(SELECT DISTINCT i.id AS response_id FROM ({inner}) AS i(id)) f"  # nosec B608 (Django's compiled subquery; its values stay parameters)
    sql = (
        "SELECT a.question_id, a.row, a.code, NULL, COUNT(*), SUM(a.number), "  # nosec B608 (table names from the models)
        f"MIN(a.number), MAX(a.number) FROM {_each_response('f', source)} "
        "GROUP BY a.question_id, a.row, a.code"
    )
    return _fetch(sql, list(params))


def crosstab_rows(by: Question, ids=None) -> list[tuple]:
    """(question, row, code, the answer to `by`, count, None, None, None): each response's
    answers joined to its answer to `by` (a self-join), grouped in SQL; `ids`, a subquery
    of the responses to count (None: all of them)."""
    table = Answer._meta.db_table
    where, params = "b.question_id = %s", [by.pk]
    if ids is not None:
        inner, inner_params = ids.query.sql_with_params()
        where += f" AND b.response_id IN ({inner})"
        params += list(inner_params)
    if connection.vendor == "postgresql":
        source = f"(SELECT b.response_id, b.code FROM {table} b WHERE {where}) b"  # nosec B608 (table names from the models)
        joined = _each_response("b", source) + " WHERE a.code <> ''"
    else:
        joined = (
            f"{table} b JOIN {table} a ON a.response_id = b.response_id "  # nosec B608 (table names from the models)
            f"WHERE {where} AND a.code <> ''"
        )
    sql = (
        "SELECT a.question_id, a.row, a.code, b.code, COUNT(*), NULL, NULL, NULL "  # nosec B608 (table names from the models)
        f"FROM {joined} GROUP BY a.question_id, a.row, a.code, b.code"
    )
    return _fetch(sql, params)


def _by_period(rows: list) -> list[tuple[str, int]]:
    if len(rows) > 70:
        weeks: dict = {}
        for day, n in rows:
            monday = day.fromordinal(day.toordinal() - day.weekday())
            weeks[monday] = weeks.get(monday, 0) + n
        return [(f"Week of {d:%d %b %Y}", n) for d, n in sorted(weeks.items())]
    return [(f"{d:%d %b %Y}", n) for d, n in rows]


def question_results(question, data: dict, total: int, by_options=None) -> dict:
    """The numbers for one question, ready for the chart and the table."""
    result = {"question": question, "kind": "counts"}
    if question.is_counted:
        cells = data["counts"].get(question.pk, {})
        options = question.options()
        if question.type == Question.Type.MATRIX:
            rows = []
            for position, (_code, label) in enumerate(question.matrix_rows(), 1):
                counts = [sum(cells.get((position, code), {}).values()) for code, _ in options]
                answered = sum(counts)
                mean = (
                    sum(int(code) * n for (code, _), n in zip(options, counts, strict=True))
                    / answered
                    if answered
                    else None
                )
                rows.append({"label": label, "counts": counts, "answered": answered, "mean": mean})
            result.update(kind="matrix", options=options, rows=rows)
            return result
        if question.type == Question.Type.RANKING:
            items = []
            for code, label in options:
                ranks = {r: sum(v.values()) for (r, c), v in cells.items() if c == code}
                n = sum(ranks.values())
                mean = sum(r * k for r, k in ranks.items()) / n if n else None
                items.append({"label": label, "mean": mean, "n": n})
            items.sort(key=lambda item: (item["mean"] is None, item["mean"] or 0))
            result.update(kind="ranking", items=items)
            return result
        bars = []
        for code, label in options:
            by_cell = cells.get((0, code), {})
            n = sum(by_cell.values())
            bars.append(
                {
                    "code": code,
                    "label": label,
                    "n": n,
                    "percent": round(100 * n / total, 1) if total else 0,
                    "by": [by_cell.get(b, 0) for b, _ in (by_options or [])],
                }
            )
        result.update(bars=bars, chart=chart(bars))
        return result
    if question.type == Question.Type.NUMBER:
        result.update(kind="number", stats=data["numbers"].get(question.pk))
        return result
    result.update(
        kind="text",
        count=data["text_counts"].get(question.pk, 0),
        texts=data["texts"].get(question.pk, []),
    )
    return result


def chart(bars: list[dict]) -> dict:
    """Geometry for a horizontal bar chart drawn as SVG in the template."""
    biggest = max([bar["n"] for bar in bars] + [1])
    height = 28
    shapes = []
    for index, bar in enumerate(bars):
        shapes.append(
            {
                "y": index * height + 4,
                "text_y": index * height + 20,
                "width": round(300 * bar["n"] / biggest, 1),
                "label": bar["label"][:40],
                "n": bar["n"],
                "percent": bar["percent"],
                "value_x": round(300 * bar["n"] / biggest, 1) + 186,
            }
        )
    return {"bars": shapes, "height": len(bars) * height + 8}


def build_page(survey: Survey, questions: list, filters: Filters, public: bool = False) -> dict:
    data = summary(survey, questions, filters)
    total = data["total"]
    by_options = None
    if filters.by:
        by_options = {q.name: q for q in questions}[filters.by].options()
    results = []
    suppressed = public and total < SMALL_GROUP
    if not suppressed:
        results = [question_results(q, data, total, by_options) for q in questions]
    return {
        "total": total,
        "by_collector": data["by_collector"],
        "over_time": data["over_time"],
        "results": results,
        "suppressed": suppressed,
        "by_options": by_options,
        "responses": data["responses"],
    }
