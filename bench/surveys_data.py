"""The surveys benchmark's data: the 20-question survey and 100,000 generated responses.

On PostgreSQL the responses and their Answer rows are made in SQL (INSERT ... SELECT);
on SQLite, in Python with the app's own answer rows (answering.answer_values) and
executemany, in batches.
"""

import json
import random
from datetime import date, timedelta

# The 20 questions: (type, name, extra). Choices are a..e unless said.
QUESTIONS = [
    ("single_choice", "q01", {}),
    ("single_choice", "q02", {}),
    ("single_choice", "q03", {}),
    ("single_choice", "q04", {}),
    ("single_choice", "q05", {}),
    ("single_choice", "q06", {}),
    ("single_choice", "q07", {}),
    ("single_choice", "q08", {}),
    ("multiple_choice", "q09", {}),
    ("multiple_choice", "q10", {}),
    ("multiple_choice", "q11", {}),
    ("scale", "q12", {}),
    ("scale", "q13", {}),
    ("scale", "q14", {}),
    ("matrix", "q15", {"rows": "r1|Purpose\nr2|Voice\nr3|Action"}),
    ("number", "q16", {"min_value": 0, "max_value": 10000}),
    ("number", "q17", {"min_value": 0, "max_value": 10000}),
    ("short_text", "q18", {}),
    ("long_text", "q19", {}),
    ("consent", "q20", {}),
]
CODES = ["a", "b", "c", "d", "e"]


def make_survey(slug: str, title: str):
    from coalition.surveys.models import Choice, Question, Section, Survey
    from coalition.surveys.services.building import public_collector

    Survey.objects.filter(slug=slug).delete()
    survey = Survey.objects.create(
        title=title,
        slug=slug,
        status=Survey.Status.OPEN,
        mode=Survey.Mode.ANONYMOUS,
        layout=Survey.Layout.ONE_PAGE,
        is_listed=True,
    )
    section = Section.objects.create(survey=survey, title="Questions", order=1)
    for order, (kind, name, extra) in enumerate(QUESTIONS, 1):
        question = Question.objects.create(
            survey=survey,
            section=section,
            type=kind,
            name=name,
            label=f"Question {order}",
            order=order,
            required=kind in ("single_choice", "consent"),
            scale_min=1,
            scale_max=5,
            **extra,
        )
        if kind in ("single_choice", "multiple_choice"):
            Choice.objects.bulk_create(
                Choice(question=question, value=code, label=f"Answer {code.upper()}", order=n)
                for n, code in enumerate(CODES)
            )
    public_collector(survey)
    return survey


def member_collectors(survey) -> list:
    """The survey's own collector and one for each of nine members."""
    from coalition.members.models import Organisation
    from coalition.surveys.models import Collector

    organisations = list(Organisation.objects.order_by("pk")[:9])
    if len(organisations) < 9:
        organisations += [
            Organisation.objects.create(name=f"Bench member {n}", slug=f"bench-member-{n}")
            for n in range(9 - len(organisations))
        ]
    return [survey.collectors.get()] + [
        Collector.objects.create(survey=survey, name=org.name, organisation=org)
        for org in organisations
    ]


def generate_responses(survey, count: int) -> None:
    """`count` complete responses and their Answer rows (INSERT ... SELECT on PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        generate_portable(survey, count)
        return
    collectors = member_collectors(survey)
    ids = "ARRAY[" + ",".join(str(c.pk) for c in collectors) + "]"
    codes = "ARRAY['a','b','c','d','e']"
    parts = []
    for kind, name, _extra in QUESTIONS:
        if kind == "single_choice":
            value = f"({codes})[1 + floor(random() * 5)::int]"
        elif kind == "multiple_choice":
            value = f"to_jsonb(ARRAY(SELECT c FROM unnest({codes}) c WHERE random() < 0.4 + 0 * g))"
        elif kind == "scale":
            value = "(1 + floor(random() * 5)::int)::text"
        elif kind == "matrix":
            value = (
                "jsonb_build_object('r1', (1 + floor(random() * 5)::int)::text, "
                "'r2', (1 + floor(random() * 5)::int)::text, "
                "'r3', (1 + floor(random() * 5)::int)::text)"
            )
        elif kind == "number":
            value = "floor(random() * 500)::int"
        elif kind == "short_text":
            value = "'Bench group ' || g"
        elif kind == "long_text":
            value = "'We lost our grant to a contract, story ' || g"
        else:
            value = "'yes'"
        parts.append(f"'{name}', {value}")
    data = "jsonb_build_object(" + ", ".join(parts) + ")"
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2010)")
        cursor.execute(
            "INSERT INTO surveys_response (survey_id, collector_id, status, page, data, "
            "submitted_on, user_agent, fold_batch) "
            f"SELECT %s, ({ids})[1 + (g %% {len(collectors)})], 'complete', 0, {data}, "
            "CURRENT_DATE - (g %% 60), '', 0 FROM generate_series(1, %s) g",
            [survey.pk, count],
        )
        questions = {q.name: q for q in survey.questions.all()}
        base = (
            "INSERT INTO surveys_answer "
            "(response_id, survey_id, question_id, row, code, number, text) "
        )
        where = "FROM surveys_response r WHERE r.survey_id = %s AND r.data ? %s"
        for kind, name, _extra in QUESTIONS:
            q = questions[name].pk
            if kind in ("single_choice", "consent"):
                sql = f"SELECT r.id, %s, {q}, 0, r.data->>%s, NULL, '' {where}"
                params = [survey.pk, name, survey.pk, name]
            elif kind == "scale":
                sql = f"SELECT r.id, %s, {q}, 0, r.data->>%s, (r.data->>%s)::float, '' {where}"
                params = [survey.pk, name, name, survey.pk, name]
            elif kind == "multiple_choice":
                sql = (
                    f"SELECT r.id, %s, {q}, 0, c, NULL, '' FROM surveys_response r, "
                    "jsonb_array_elements_text(r.data->%s) c WHERE r.survey_id = %s"
                )
                params = [survey.pk, name, survey.pk]
            elif kind == "matrix":
                sql = (
                    f"SELECT r.id, %s, {q}, substr(m.key, 2)::int, m.value, m.value::float, '' "
                    "FROM surveys_response r, jsonb_each_text(r.data->%s) m WHERE r.survey_id = %s"
                )
                params = [survey.pk, name, survey.pk]
            elif kind == "number":
                sql = f"SELECT r.id, %s, {q}, 0, '', (r.data->>%s)::float, r.data->>%s {where}"
                params = [survey.pk, name, name, survey.pk, name]
            else:
                sql = f"SELECT r.id, %s, {q}, 0, '', NULL, r.data->>%s {where}"
                params = [survey.pk, name, survey.pk, name]
            cursor.execute(base + sql, params)
    analyze()


def generate_portable(survey, count: int, batch: int = 5000) -> None:
    """The same kind of responses as generate_responses, made in Python (any database)."""
    from django.db import connection, transaction

    from coalition.surveys.services import answering

    collectors = [c.pk for c in member_collectors(survey)]
    struct = answering.structure(survey, cached=False)
    rng = random.Random(2010)  # noqa: S311 (bench data, not secrets)
    today = date.today()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM surveys_response")
        first = cursor.fetchone()[0] + 1
    responses, answers = [], []

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO surveys_response (id, survey_id, collector_id, status, page, data, "
                "submitted_on, user_agent, fold_batch) VALUES (%s, %s, %s, 'complete', 0, %s, "
                "%s, '', 0)",
                responses,
            )
            cursor.executemany(
                "INSERT INTO surveys_answer (response_id, survey_id, question_id, row, code, "
                "number, text) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                answers,
            )
        responses.clear()
        answers.clear()

    for g in range(1, count + 1):
        data = {}
        for kind, name, _extra in QUESTIONS:
            if kind == "single_choice":
                data[name] = rng.choice(CODES)
            elif kind == "multiple_choice":
                data[name] = [c for c in CODES if rng.random() < 0.4]
            elif kind == "scale":
                data[name] = str(rng.randint(1, 5))
            elif kind == "matrix":
                data[name] = {row: str(rng.randint(1, 5)) for row in ("r1", "r2", "r3")}
            elif kind == "number":
                data[name] = rng.randrange(500)
            elif kind == "short_text":
                data[name] = f"Bench group {g}"
            elif kind == "long_text":
                data[name] = f"We lost our grant to a contract, story {g}"
            else:
                data[name] = "yes"
        data = {k: v for k, v in data.items() if v != []}
        pk = first + g - 1
        day = (today - timedelta(days=g % 60)).isoformat()
        responses.append((pk, survey.pk, collectors[g % len(collectors)], json.dumps(data), day))
        answers.extend((pk, survey.pk, *values) for values in answering.answer_values(struct, data))
        if len(responses) >= batch:
            flush()
    if responses:
        flush()
    analyze()


def analyze() -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map for index-only scans)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE surveys_response")
            cursor.execute("VACUUM ANALYZE surveys_answer")
        else:
            cursor.execute("ANALYZE")
