"""Item types in each citation format, both ways."""

RIS_OUT = {
    "report": "RPRT",
    "briefing": "PAMP",
    "article": "JOUR",
    "chapter": "CHAP",
    "book": "BOOK",
    "evaluation": "RPRT",
    "dataset": "DATA",
    "policy_paper": "GOVDOC",
    "thesis": "THES",
    "other": "GEN",
}
RIS_IN = {
    "RPRT": "report",
    "PAMP": "briefing",
    "JOUR": "article",
    "JFULL": "article",
    "EJOUR": "article",
    "MGZN": "article",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "DATA": "dataset",
    "DBASE": "dataset",
    "GOVDOC": "policy_paper",
    "BILL": "policy_paper",
    "THES": "thesis",
}
BIBTEX_OUT = {
    "report": "techreport",
    "briefing": "techreport",
    "article": "article",
    "chapter": "incollection",
    "book": "book",
    "evaluation": "techreport",
    "dataset": "misc",
    "policy_paper": "techreport",
    "thesis": "phdthesis",
    "other": "misc",
}
BIBTEX_IN = {
    "techreport": "report",
    "report": "report",
    "article": "article",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "dataset": "dataset",
}
CSL_OUT = {
    "report": "report",
    "briefing": "report",
    "article": "article-journal",
    "chapter": "chapter",
    "book": "book",
    "evaluation": "report",
    "dataset": "dataset",
    "policy_paper": "report",
    "thesis": "thesis",
    "other": "document",
}
# Our own label travels in RIS M3 / BibTeX "type" / CSL "genre", so the finer types
# (briefing, evaluation, policy paper) survive a round trip.
LABELS = {
    "report": "Report",
    "briefing": "Briefing",
    "article": "Journal article",
    "chapter": "Book chapter",
    "book": "Book",
    "evaluation": "Evaluation",
    "dataset": "Dataset",
    "policy_paper": "Policy paper",
    "thesis": "Thesis",
    "other": "Other",
}
BY_LABEL = {label.lower(): value for value, label in LABELS.items()}


def refine(kind: str, label: str | None) -> str:
    """The type named by a label (M3, type, genre) when it is one of ours, else `kind`."""
    return BY_LABEL.get((label or "").strip().lower(), kind)
