"""What people type into the search box, read the way they expect.

    words            all of them (AND)
    "a phrase"       those words together, in that order
    this OR that     either (OR binds the terms either side of it)
    -word, -"a b"    without it

Anything else is read as words: unbalanced quotes close at the end, stray operators
are ignored, punctuation separates words, and very long input is cut short. Parsing
never fails; an empty result means "nothing to look for".
"""

import re
from dataclasses import dataclass, field

MAX_INPUT = 500  # characters read from the box
MAX_TERMS = 16  # terms kept (the rest of a pasted paragraph adds nothing but cost)
MAX_PHRASE_WORDS = 10
WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Term:
    words: list[str]  # one word, or a phrase
    negated: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word quoted, so nothing is read as syntax."""

        def quoted(term: Term) -> str:
            return '"' + " ".join(term.words) + '"'

        parts = []
        for group in self.groups:
            if len(group) == 1:
                parts.append(quoted(group[0]))
            else:
                parts.append("(" + " OR ".join(quoted(t) for t in group) + ")")
        expression = " AND ".join(parts)
        for term in self.excluded:
            expression += " NOT " + quoted(term)
        return expression

    @property
    def has_phrase(self) -> bool:
        return any(t.is_phrase for group in self.groups for t in group) or any(
            t.is_phrase for t in self.excluded
        )

    def loose(self) -> "Query":
        """The same query without word order: each phrase becomes its words (all of them),
        and excluded phrases are dropped. It matches everything this query matches, and
        more; an index answers it without reading the documents' word positions."""
        return Query(
            groups=[[Term(t.words) for t in group] for group in self.groups],
            excluded=[t for t in self.excluded if not t.is_phrase],
        )

    def websearch(self) -> str:
        """The same for PostgreSQL's websearch_to_tsquery."""
        parts = []
        for group in self.groups:
            parts.append(
                " or ".join(
                    ('"' + " ".join(t.words) + '"') if t.is_phrase else t.words[0] for t in group
                )
            )
        for term in self.excluded:
            parts.append(
                "-" + ('"' + " ".join(term.words) + '"' if term.is_phrase else term.words[0])
            )
        return " ".join(parts)

    def words(self) -> list[str]:
        return [w for group in self.groups for t in group for w in t.words]


def parse(text: str) -> Query:
    text = (text or "")[:MAX_INPUT].replace("\0", " ")
    query = Query()
    pending_or = False
    count = 0
    for match in TOKEN.finditer(text):
        if count >= MAX_TERMS:
            break
        negated = False
        if match.group(2) is not None:  # a quoted phrase (closing quote optional)
            negated = bool(match.group(1))
            words = WORD.findall(match.group(2).lower())[:MAX_PHRASE_WORDS]
            if not words:
                continue
            terms = [Term(words, negated)]
        else:
            raw = match.group(3)
            if raw == "OR":
                pending_or = bool(query.groups)
                continue
            if raw.startswith("-") and len(raw) > 1:
                negated = True
                raw = raw[1:]
            words = WORD.findall(raw.lower())
            if not words:
                continue
            # "well-being" or "e.g." are one term of several words: a phrase.
            terms = [Term(words[:MAX_PHRASE_WORDS], negated)]
        for term in terms:
            count += 1
            if term.negated:
                query.excluded.append(term)
                pending_or = False
            elif pending_or and query.groups:
                query.groups[-1].append(term)
                pending_or = False
            else:
                query.groups.append([term])
    return query
