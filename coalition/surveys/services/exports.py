"""Exports of every complete response: CSV (labels or codes), XLSX and SPSS .sav.

Rows come from the database in chunks (a server-side cursor on PostgreSQL). CSV and
XLSX go out as they are written, so a 100,000-response export never sits in memory;
every text cell passes the spreadsheet formula guard. Multiple choice, matrix and
ranking questions get one column per choice, row or item.

SPSS .sav: the rows are streamed the same way to a short-lived child process that
writes the file with pyreadstat, which needs the whole table at once (coalition.lib.spss),
so the web process's memory does not grow with the export.
"""

import csv
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date

from django.http import FileResponse, StreamingHttpResponse

from coalition.lib import spss
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


def complete_responses(survey):
    """(pk, collector, organisation, day, data) of every complete response, in chunks."""
    queryset = (
        Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
        .order_by("pk")
        .values_list(
            "pk", "collector__name", "collector__organisation__name", "submitted_on", "data"
        )
    )
    for pk, collector, organisation, day, data in queryset.iterator(chunk_size=CHUNK):
        yield pk, collector, organisation, day, data or {}


def rows(survey, questions: list, labels: bool):
    cols = columns(questions, labels)
    yield ["response", "collector", "organisation", "submitted"] + [h for h, _ in cols]
    for pk, collector, organisation, day, data in complete_responses(survey):
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


# SPSS ------------------------------------------------------------------------------------

NUMERIC, TEXT, DAY = spss.NUMERIC, spss.TEXT, spss.DAY
SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
CHOSEN = {0: "Not chosen", 1: "Chosen"}
AGREED = {0: "Not agreed", 1: "Agreed"}


@dataclass
class Variable:
    name: str
    label: str
    kind: str
    value: object  # function(data) -> a number, a string or an ISO date; None when missing
    value_labels: dict = field(default_factory=dict)
    measure: str = "nominal"


def _fit(text: str, limit: int) -> str:
    """Cut to at most `limit` bytes of UTF-8 without splitting a character."""
    return text.encode()[:limit].decode(errors="ignore")


def spss_names(wanted: list[str]) -> list[str]:
    """SPSS variable names: a letter first, then letters, digits and _ . @ # $; at most
    64 bytes; not a reserved word; unique regardless of case."""
    seen, names = set(), []
    for name in wanted:
        base = re.sub(r"[^A-Za-z0-9_.@#$]", "_", name).rstrip(".") or "v"
        if not base[0].isalpha():
            base = "v" + base
        if base.upper() in SPSS_RESERVED:
            base += "_"
        base = base[:60]
        candidate, n = base, 1
        while candidate.upper() in seen:
            n += 1
            candidate = f"{base}_{n}"
        seen.add(candidate.upper())
        names.append(candidate)
    return names


def _number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _codes(options: list[tuple[str, str]]) -> dict[str, int]:
    """Choice code -> number: the codes themselves when every one is a whole number
    (XLSForm lists often are), otherwise their positions 1, 2, 3…"""
    if options and all(re.fullmatch(r"-?\d{1,9}", code) for code, _ in options):
        return {code: int(code) for code, _ in options}
    return {code: n for n, (code, _) in enumerate(options, 1)}


def spss_variables(questions: list) -> list[Variable]:
    out = [
        Variable("response", "Response number", NUMERIC, None, measure="scale"),
        Variable("collector", "Collector (link answered through)", TEXT, None),
        Variable("organisation", "Organisation of the collector", TEXT, None),
        Variable("submitted", "Day submitted", DAY, None, measure="scale"),
    ]
    for question in questions:
        name, label = question.name, question.label
        if question.type == T.MULTIPLE:
            for code, choice in question.choice_list:
                out.append(
                    Variable(
                        f"{name}_{code}",
                        f"{label}: {choice}",
                        NUMERIC,
                        lambda d, n=name, c=code: None if d.get(n) is None else int(c in d[n]),
                        CHOSEN,
                    )
                )
        elif question.type == T.MATRIX:
            points = {int(code): text for code, text in question.scale_points()}
            for code, row in question.matrix_rows():
                out.append(
                    Variable(
                        f"{name}_{code}",
                        f"{label}: {row}",
                        NUMERIC,
                        lambda d, n=name, c=code: _number((d.get(n) or {}).get(c)),
                        points,
                        "ordinal",
                    )
                )
        elif question.type == T.RANKING:
            for code, item in question.choice_list:

                def rank(d, n=name, c=code):
                    order = d.get(n) or []
                    return order.index(c) + 1 if c in order else None

                out.append(
                    Variable(
                        f"{name}_{code}", f"{label}: {item} (rank)", NUMERIC, rank, {}, "ordinal"
                    )
                )
        elif question.type == T.SINGLE:
            codes = _codes(question.choice_list)
            out.append(
                Variable(
                    name,
                    label,
                    NUMERIC,
                    lambda d, n=name, cs=codes: cs.get(d.get(n)),
                    {codes[code]: text for code, text in question.choice_list},
                )
            )
        elif question.type == T.SCALE:
            points = {int(code): text for code, text in question.scale_points()}
            out.append(
                Variable(
                    name, label, NUMERIC, lambda d, n=name: _number(d.get(n)), points, "ordinal"
                )
            )
        elif question.type == T.NUMBER:
            out.append(
                Variable(name, label, NUMERIC, lambda d, n=name: _number(d.get(n)), measure="scale")
            )
        elif question.type == T.CONSENT:
            out.append(
                Variable(
                    name,
                    label,
                    NUMERIC,
                    lambda d, n=name: None if n not in d else int(d[n] == "yes"),
                    AGREED,
                )
            )
        elif question.type == T.DATE:
            out.append(
                Variable(name, label, DAY, lambda d, n=name: _day(d.get(n)), measure="scale")
            )
        else:
            # SPSS strings hold at most 32,767 bytes.
            out.append(
                Variable(name, label, TEXT, lambda d, n=name: _fit(str(d.get(n) or ""), 32767))
            )
    for variable, spss_name in zip(out, spss_names([v.name for v in out]), strict=True):
        variable.name = spss_name
        variable.label = _fit(variable.label, 255)
        variable.value_labels = {k: _fit(v, 120) for k, v in variable.value_labels.items()}
    return out


def _day(value) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return None


def write_sav(survey, questions: list, path) -> int:
    """Write every complete response to `path` as an SPSS system file with variable and
    value labels and measurement levels; returns the number of responses written."""
    variables = spss_variables(questions)
    dictionary = {
        "file_label": _fit(survey.title, 64),
        "notes": [  # lines of at most 80 bytes
            f"Exported from Coalition on {date.today().isoformat()}.",
        ],
        "variables": [
            {
                "name": v.name,
                "label": v.label,
                "kind": v.kind,
                "value_labels": v.value_labels,
                "measure": v.measure,
                "format": "F8.0" if v.value_labels else None,
            }
            for v in variables
        ],
    }
    answers = variables[4:]
    with spss.Writer(path, dictionary) as writer:
        for pk, collector, organisation, day, data in complete_responses(survey):
            writer.write(
                [pk, collector or "", organisation or "", day.isoformat() if day else None]
                + [v.value(data) for v in answers]
            )
    return writer.count


def sav_response(survey, questions: list, filename: str) -> FileResponse:
    handle = tempfile.NamedTemporaryFile(suffix=".sav", delete=False)  # noqa: SIM115
    handle.close()
    try:
        write_sav(survey, questions, handle.name)
        data = open(handle.name, "rb")  # noqa: SIM115 (FileResponse closes it)
    finally:
        os.unlink(handle.name)  # the open handle keeps the data until it is sent
    return FileResponse(
        data, as_attachment=True, filename=filename, content_type="application/x-spss-sav"
    )
