"""XLSForm import and export (the `survey`, `choices` and `settings` sheets), with openpyxl.

Columns read: type, name, label, hint, required, relevant, constraint,
constraint_message (and appearance for multi-line text; `coalition_type` and
`coalition_rows` for our own email, postcode, scale and matrix questions, which
XLSForm has no type for). `begin_group`/`end_group` make sections.

Constraints are turned into our validation when they are simple (`. >= 1`,
`. <= 100`, `string-length(.) <= 200`, `regex(., 'pattern')`, joined by `and`);
anything else, and every type we do not ask (geopoint, image, repeat, calculate...),
is reported by sheet and row, never silently dropped.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

from django.db import transaction
from django.utils.text import slugify

from coalition.surveys import conditions
from coalition.surveys.models import Choice, Question, Section, Survey

T = Question.Type
MAX_ROWS = 2000
SIMPLE_TYPES = {
    "text": T.SHORT_TEXT,
    "integer": T.NUMBER,
    "decimal": T.NUMBER,
    "date": T.DATE,
    "acknowledge": T.CONSENT,
}
LIST_TYPES = {"select_one": T.SINGLE, "select_multiple": T.MULTIPLE, "rank": T.RANKING}
OWN_TYPES = {"email": T.EMAIL, "postcode": T.POSTCODE, "scale": T.SCALE, "matrix": T.MATRIX}
CONSTRAINT_PART = re.compile(
    r"^\s*(?:(?P<cmp>\.\s*(?P<op>>=|<=|>|<)\s*(?P<num>-?\d+(?:\.\d+)?))"
    r"|(?:string-length\(\s*\.\s*\)\s*(?P<lop>>=|<=)\s*(?P<len>\d+))"
    r"|(?:regex\(\s*\.\s*,\s*'(?P<re>[^']*)'\s*\)))\s*$"
)


@dataclass
class Problem:
    sheet: str
    row: int | None
    message: str

    def __str__(self):
        where = f"sheet “{self.sheet}”" + (f", row {self.row}" if self.row else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    survey: Survey | None = None
    errors: list = field(default_factory=list)  # the file cannot be imported
    unsupported: list = field(default_factory=list)  # imported, but these rows were left out


def _sheet_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    if not rows:
        return [], []
    headers = [str(h).strip().lower() if h is not None else "" for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        record = {}
        for header, value in zip(headers, values, strict=False):
            if header:
                record[header] = "" if value is None else str(value).strip()
        if any(record.values()):
            out.append((number, record))
    return headers, out


def _label(record) -> str:
    for key, value in record.items():
        if key == "label" or key.startswith("label::") or key.startswith("label:"):
            if value:
                return value
    return ""


def _constraint(text: str, question: Question) -> str | None:
    """Apply a simple constraint; return why not when it is not simple."""
    for part in re.split(r"\s+and\s+", text):
        match = CONSTRAINT_PART.match(part)
        if not match:
            return (
                f"the constraint “{part.strip()}” is not one we can check "
                "(ranges, lengths and regex only)"
            )
        if match["op"]:
            number = float(match["num"])
            if match["op"] in (">=", ">"):
                question.min_value = number
            else:
                question.max_value = number
        elif match["lop"]:
            if match["lop"] == ">=":
                question.min_length = int(match["len"])
            else:
                question.max_length = int(match["len"])
        else:
            try:
                re.compile(match["re"])
            except re.error:
                return "its regex is not a valid regular expression"
            question.pattern = match["re"]
    return None


def read(content: bytes, title: str = "", slug: str = "") -> ImportResult:
    """Read an XLSForm workbook; nothing is saved unless there are no errors."""
    from openpyxl import load_workbook

    result = ImportResult()
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        result.errors.append(Problem("file", None, "This is not an .xlsx workbook we can read."))
        return result
    names = {name.lower(): name for name in workbook.sheetnames}
    if "survey" not in names:
        result.errors.append(Problem("survey", None, "The workbook has no “survey” sheet."))
        return result
    headers, survey_rows = _sheet_rows(workbook[names["survey"]])
    for needed in ("type", "name"):
        if needed not in headers:
            result.errors.append(Problem("survey", 1, f"The “{needed}” column is missing."))
    if not any(h == "label" or h.startswith("label:") for h in headers):
        result.errors.append(Problem("survey", 1, "The “label” column is missing."))
    if result.errors:
        return result
    lists: dict[str, list[tuple[str, str]]] = {}
    if "choices" in names:
        choice_headers, choice_rows = _sheet_rows(workbook[names["choices"]])
        missing = [h for h in ("list_name", "name") if h not in choice_headers]
        for h in missing:
            result.errors.append(Problem("choices", 1, f"The “{h}” column is missing."))
        for number, record in choice_rows if not missing else []:
            list_name, code = record.get("list_name", ""), record.get("name", "")
            if not list_name or not code:
                result.errors.append(
                    Problem("choices", number, "Each choice needs a list_name and a name.")
                )
                continue
            lists.setdefault(list_name, []).append((code[:60], _label(record) or code))
    settings_values = {}
    if "settings" in names:
        _h, setting_rows = _sheet_rows(workbook[names["settings"]])
        if setting_rows:
            settings_values = setting_rows[0][1]
    title = title or settings_values.get("form_title") or "Imported survey"
    slug = slug or slugify(settings_values.get("form_id") or title)[:100] or "imported-survey"

    sections: list[dict] = []
    current = None
    seen_names: set[str] = set()
    skip_depth = 0
    for number, record in survey_rows:
        raw_type = record.get("type", "").strip()
        kind, _, list_name = raw_type.partition(" ")
        kind, list_name = kind.strip().lower(), list_name.strip()
        name = record.get("name", "")
        if kind in ("begin_repeat", "begin repeat"):
            result.unsupported.append(Problem("survey", number, "repeats are not supported"))
            skip_depth += 1
            continue
        if kind in ("end_repeat", "end repeat"):
            skip_depth = max(0, skip_depth - 1)
            continue
        if skip_depth:
            result.unsupported.append(Problem("survey", number, "inside a repeat, left out"))
            continue
        if kind in ("begin_group", "begin group"):
            current = {"title": _label(record) or name or "Section", "show_if": "", "rows": []}
            current["show_if"] = record.get("relevant", "")
            current["row"] = number
            sections.append(current)
            continue
        if kind in ("end_group", "end group"):
            current = None
            continue
        if kind in ("start", "end", "today", "deviceid", "username", "audit"):
            continue  # metadata XLSForm collects by itself; we do not
        if current is None:
            current = {"title": "Questions", "show_if": "", "rows": [], "row": number}
            sections.append(current)
        own = record.get("coalition_type", "").strip().lower()
        question = Question(
            name=name,
            label=_label(record),
            help_text=record.get("hint", "")[:500],
            required=record.get("required", "").lower() in ("yes", "true", "true()", "1"),
            show_if=record.get("relevant", ""),
            error_message=record.get("constraint_message", "")[:300],
        )
        choices: list = []
        if own in OWN_TYPES:
            question.type = OWN_TYPES[own]
        elif kind in SIMPLE_TYPES:
            question.type = SIMPLE_TYPES[kind]
            if kind == "text" and "multiline" in record.get("appearance", ""):
                question.type = T.LONG_TEXT
        elif kind in LIST_TYPES:
            question.type = LIST_TYPES[kind]
        elif kind == "range":
            question.type = T.SCALE
        else:
            result.unsupported.append(
                Problem("survey", number, f"the type “{raw_type}” is not supported; left out")
            )
            continue
        if not re.fullmatch(r"[A-Za-z_][\w-]*", name or ""):
            result.errors.append(
                Problem("survey", number, f"“{name}” is not a valid name (letters, digits, _).")
            )
            continue
        if name in seen_names:
            result.errors.append(Problem("survey", number, f"The name “{name}” is used twice."))
            continue
        if not question.label:
            result.errors.append(Problem("survey", number, "The question has no label."))
            continue
        if question.type in (T.SINGLE, T.MULTIPLE, T.RANKING) or (
            own in ("scale", "matrix") and list_name
        ):
            if question.type in (T.SINGLE, T.MULTIPLE, T.RANKING):
                if not list_name or list_name not in lists:
                    result.errors.append(
                        Problem(
                            "survey",
                            number,
                            f"The choice list “{list_name}” is not on the choices sheet.",
                        )
                    )
                    continue
                choices = lists[list_name]
        if question.type == T.SCALE:
            params = record.get("parameters", "")
            start = re.search(r"start\s*=\s*(-?\d+)", params)
            end = re.search(r"end\s*=\s*(-?\d+)", params)
            question.scale_min = int(start[1]) if start else 1
            question.scale_max = int(end[1]) if end else 5
            labels = record.get("coalition_rows", "").split(";")
            if len(labels) == 2:
                question.scale_min_label, question.scale_max_label = (x.strip() for x in labels)
        if question.type == T.MATRIX:
            params = record.get("parameters", "")
            start = re.search(r"start\s*=\s*(-?\d+)", params)
            end = re.search(r"end\s*=\s*(-?\d+)", params)
            question.scale_min = int(start[1]) if start else 1
            question.scale_max = int(end[1]) if end else 5
            question.rows = "\n".join(
                x.strip() for x in record.get("coalition_rows", "").split(";") if x.strip()
            )
        constraint = record.get("constraint", "")
        if constraint:
            why = _constraint(constraint, question)
            if why:
                result.unsupported.append(Problem("survey", number, why + "; not checked"))
        if question.show_if:
            try:
                conditions.check(question.show_if, seen_names)
            except conditions.ConditionError as error:
                result.unsupported.append(
                    Problem("survey", number, f"relevant “{question.show_if}”: {error} Dropped.")
                )
                question.show_if = ""
        seen_names.add(name)
        current["rows"].append((question, choices))
    for section in sections:
        if section["show_if"]:
            try:
                conditions.check(section["show_if"], seen_names)
            except conditions.ConditionError as error:
                result.unsupported.append(
                    Problem("survey", section["row"], f"group relevant: {error} Dropped.")
                )
                section["show_if"] = ""
    if not any(section["rows"] for section in sections):
        result.errors.append(Problem("survey", None, "There are no questions we can import."))
    if Survey.objects.filter(slug=slug).exists():
        result.errors.append(
            Problem("settings", 2, f"A survey with the address “{slug}” already exists.")
        )
    if result.errors:
        return result
    with transaction.atomic():
        survey = Survey.objects.create(title=title[:200], slug=slug)
        order = 0
        for section_order, section in enumerate(s for s in sections if s["rows"]):
            made = Section.objects.create(
                survey=survey,
                title=section["title"][:200],
                show_if=section["show_if"][:500],
                order=section_order + 1,
            )
            for question, choices in section["rows"]:
                order += 1
                question.survey, question.section, question.order = survey, made, order
                question.save()
                Choice.objects.bulk_create(
                    Choice(question=question, value=code, label=label[:300], order=n)
                    for n, (code, label) in enumerate(choices)
                )
    result.survey = survey
    return result


def constraint_for(question: Question) -> str:
    parts = []
    if question.min_value is not None:
        parts.append(f". >= {question.min_value:g}")
    if question.max_value is not None:
        parts.append(f". <= {question.max_value:g}")
    if question.min_length:
        parts.append(f"string-length(.) >= {question.min_length}")
    if question.max_length:
        parts.append(f"string-length(.) <= {question.max_length}")
    if question.pattern:
        parts.append(f"regex(., '{question.pattern}')")
    return " and ".join(parts)


def write(survey: Survey) -> bytes:
    """The survey as an XLSForm workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    headers = [
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "appearance",
        "parameters",
        "coalition_type",
        "coalition_rows",
    ]
    sheet.append(headers)
    choices_sheet = workbook.create_sheet("choices")
    choices_sheet.append(["list_name", "name", "label"])
    for number, section in enumerate(survey.sections.all(), 1):
        sheet.append(["begin_group", f"section_{number}", section.title, "", "", section.show_if])
        for question in section.questions.prefetch_related("choices"):
            own = ""
            kind = {
                T.SHORT_TEXT: "text",
                T.LONG_TEXT: "text",
                T.NUMBER: "decimal",
                T.DATE: "date",
                T.CONSENT: "acknowledge",
                T.EMAIL: "text",
                T.POSTCODE: "text",
                T.SCALE: "range",
                T.MATRIX: "text",
            }.get(question.type)
            list_name = f"{question.name}_list"
            if question.type in (T.SINGLE, T.MULTIPLE, T.RANKING):
                kind = {T.SINGLE: "select_one", T.MULTIPLE: "select_multiple", T.RANKING: "rank"}[
                    question.type
                ] + f" {list_name}"
                for choice in question.choices.all():
                    choices_sheet.append([list_name, choice.value, choice.label])
            if question.type in (T.EMAIL, T.POSTCODE, T.SCALE, T.MATRIX):
                own = question.type
            parameters = ""
            extra = ""
            if question.type in (T.SCALE, T.MATRIX):
                parameters = f"start={question.scale_min} end={question.scale_max} step=1"
            if question.type == T.SCALE and (question.scale_min_label or question.scale_max_label):
                extra = f"{question.scale_min_label}; {question.scale_max_label}"
            if question.type == T.MATRIX:
                extra = "; ".join(line for line in question.rows.splitlines() if line.strip())
            sheet.append(
                [
                    kind,
                    question.name,
                    question.label,
                    question.help_text,
                    "yes" if question.required else "",
                    question.show_if,
                    constraint_for(question),
                    question.error_message,
                    "multiline" if question.type == T.LONG_TEXT else "",
                    parameters,
                    own,
                    extra,
                ]
            )
        sheet.append(["end_group"])
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(["form_title", "form_id", "version"])
    settings_sheet.append([survey.title, survey.slug, str(survey.version)])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
