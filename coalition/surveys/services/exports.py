"""Exports of every complete response, streamed: CSV (labels or codes) and XLSX.

Rows come from the database in chunks (a server-side cursor on PostgreSQL) and go
out as they are written, so a 100,000-response export never sits in memory. Every
text cell passes the spreadsheet formula guard. Multiple choice, matrix and ranking
questions get one column per choice, row or item.

SPSS .sav is not offered: the maintained writer (pyreadstat) needs the whole table as
a pandas or polars data frame in memory, which defeats streaming (see docs/surveys.md).
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse

from coalition.lib.spreadsheet import spreadsheet_safe
from coalition.surveys.models import Question, Response

T = Question.Type
CHUNK = 2000


def columns(questions: list, labels: bool) -> list[tuple]:
    """(header, function(data) -> cell) for each column."""
    out = []
    for question in questions:
        name = question.name
        if question.type == T.MULTIPLE:
            for code, label in question.choice_list:
                header = f"{name}/{code}" if not labels else f"{question.label}: {label}"

                def cell(data, n=name, c=code, lab=label):
                    chosen = data.get(n)
                    if chosen is None:
                        return ""
                    return (lab if labels else 1) if c in chosen else ("" if labels else 0)

                out.append((header, cell))
        elif question.type == T.MATRIX:
            for code, label in question.matrix_rows():
                header = f"{name}/{code}" if not labels else f"{question.label}: {label}"
                out.append((header, lambda data, n=name, c=code: (data.get(n) or {}).get(c, "")))
        elif question.type == T.RANKING:
            for code, label in question.choice_list:
                header = f"{name}/{code}" if not labels else f"{question.label}: {label} (rank)"

                def rank(data, n=name, c=code):
                    order = data.get(n) or []
                    return order.index(c) + 1 if c in order else ""

                out.append((header, rank))
        elif question.type == T.SINGLE and labels:
            lookup = dict(question.choice_list)
            out.append(
                (
                    question.label,
                    lambda data, n=name, lk=lookup: lk.get(data.get(n), data.get(n, "")),
                )
            )
        else:
            out.append((question.label if labels else name, lambda data, n=name: data.get(n, "")))
    return out


def rows(survey, questions: list, labels: bool):
    cols = columns(questions, labels)
    yield ["response", "collector", "organisation", "submitted"] + [h for h, _ in cols]
    queryset = (
        Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
        .order_by("pk")
        .values_list(
            "pk", "collector__name", "collector__organisation__name", "submitted_on", "data"
        )
    )
    for pk, collector, organisation, day, data in queryset.iterator(chunk_size=CHUNK):
        data = data or {}
        yield [pk, collector, organisation or "", day.isoformat() if day else ""] + [
            spreadsheet_safe(fn(data)) for _, fn in cols
        ]


class Echo:
    def write(self, value):
        return value


def csv_response(survey, questions, labels: bool, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(Echo())

    def stream():
        yield "\ufeff"  # so spreadsheets read it as UTF-8
        batch = []
        for row in rows(survey, questions, labels):
            batch.append(writer.writerow([spreadsheet_safe(v) for v in row]))
            if len(batch) >= 500:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(survey, questions, labels: bool, filename: str) -> FileResponse:
    """openpyxl in write-only mode: rows go straight to a temporary file, then out."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    for row in rows(survey, questions, labels):
        sheet.append([spreadsheet_safe(v) for v in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
