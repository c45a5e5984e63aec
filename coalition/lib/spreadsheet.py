"""Cells for CSV exports that a spreadsheet opens as text, never as a formula.

Spreadsheets run a cell starting with = + - @ (or a tab or carriage return before
them) as a formula, so a supporter named "=HYPERLINK(...)" could run one on a staff
member's computer. OWASP's advice: start such text with an apostrophe.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value, with an apostrophe before text that would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
