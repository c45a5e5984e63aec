"""Show-if conditions: a small, safe language, parsed once and evaluated on the server.

It is the subset of XLSForm's `relevant` column that surveys need, so a condition
imported from an XLSForm file works unchanged:

    ${funding} = 'contracts'
    ${staff} >= 5 and not(${region} = 'london')
    selected(${worries}, 'cuts') or ${worries_other} != ''
    answered(${postcode})

Names are questions asked earlier in the survey. Comparisons (= != < <= > >=) are
numeric when both sides are numbers, otherwise text. `selected(${q}, 'v')` is true
when a multiple choice answer includes v (or a single choice answer is v). Nothing is
ever handed to eval(): the text is tokenised and parsed into a tiny tree, and the
evaluator only knows these operations.
"""

import re
from dataclasses import dataclass

TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{(?P<name>[A-Za-z_][\w.-]*)\})"
    r"|(?P<string>'[^']*'|\"[^\"]*\")"
    r"|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<op><=|>=|!=|=|<|>)"
    r"|(?P<punct>[(),])"
    r"|(?P<word>[A-Za-z_][\w-]*))"
)
FUNCTIONS = {"selected", "answered", "not"}
KEYWORDS = {"and", "or"}


class ConditionError(ValueError):
    """The condition is not in the language; the message says where."""


@dataclass(frozen=True)
class Token:
    kind: str
    value: str


def tokenise(text: str) -> list[Token]:
    tokens, position, text = [], 0, text or ""
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ConditionError(f"I cannot read the condition from “{text[position:][:20]}”.")
        position = match.end()
        kind = match.lastgroup if match.lastgroup != "name" else "ref"
        if match["ref"]:
            tokens.append(Token("ref", match["name"]))
        elif match["string"]:
            tokens.append(Token("string", match["string"][1:-1]))
        elif match["number"]:
            tokens.append(Token("number", match["number"]))
        elif match["op"]:
            tokens.append(Token("op", match["op"]))
        elif match["punct"]:
            tokens.append(Token(match["punct"], match["punct"]))
        else:
            word = match["word"].lower()
            if word not in KEYWORDS | FUNCTIONS:
                raise ConditionError(
                    f"“{match['word']}” is not part of the condition language "
                    "(use and, or, not, selected, answered)."
                )
            tokens.append(Token(word, word))
        del kind
    return tokens


class Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens, self.at = tokens, 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, kind: str | None = None) -> Token:
        token = self.peek()
        if token is None:
            raise ConditionError("The condition ends too soon.")
        if kind and token.kind != kind:
            raise ConditionError(f"Expected {kind!r} but found “{token.value}”.")
        self.at += 1
        return token

    def parse(self):
        if not self.tokens:
            return None
        tree = self.expression()
        if self.peek() is not None:
            raise ConditionError(f"Unexpected “{self.peek().value}” in the condition.")
        return tree

    def expression(self):
        left = self.conjunction()
        while self.peek() and self.peek().kind == "or":
            self.take()
            left = ("or", left, self.conjunction())
        return left

    def conjunction(self):
        left = self.unary()
        while self.peek() and self.peek().kind == "and":
            self.take()
            left = ("and", left, self.unary())
        return left

    def unary(self):
        token = self.peek()
        if token and token.kind == "not":
            self.take()
            return ("not", self.unary())
        if token and token.kind == "(":
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        if token and token.kind in ("selected", "answered"):
            self.take()
            self.take("(")
            name = self.take("ref").value
            if token.kind == "answered":
                self.take(")")
                return ("answered", name)
            self.take(",")
            value = self.literal()
            self.take(")")
            return ("selected", name, value)
        return self.comparison()

    def literal(self):
        token = self.take()
        if token.kind not in ("string", "number"):
            raise ConditionError(f"Expected a value in quotes or a number, not “{token.value}”.")
        return token.value

    def comparison(self):
        name = self.take("ref").value
        op = self.take("op").value
        return ("compare", name, op, self.literal())


def parse(text: str):
    """The parsed tree, or None for an empty condition. Raises ConditionError."""
    return Parser(tokenise(text)).parse()


def names_in(tree) -> set[str]:
    if tree is None:
        return set()
    kind = tree[0]
    if kind in ("and", "or"):
        return names_in(tree[1]) | names_in(tree[2])
    if kind == "not":
        return names_in(tree[1])
    return {tree[1]}


def check(text: str, known: set[str]) -> None:
    """Raise ConditionError unless `text` parses and names only `known` questions."""
    unknown = names_in(parse(text)) - known
    if unknown:
        raise ConditionError(
            "A condition can only use questions asked before it; not "
            + ", ".join(sorted(unknown))
            + "."
        )


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _compare(left, op: str, right: str) -> bool:
    if isinstance(left, list):
        return any(_compare(item, op, right) for item in left) if op != "!=" else right not in left
    left = "" if left is None else str(left)
    a, b = _number(left), _number(right)
    if a is None or b is None:
        a, b = left, right
        if op not in ("=", "!="):
            return False
    return {
        "=": a == b,
        "!=": a != b,
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
    }[op]


def evaluate(tree, answers: dict) -> bool:
    """True when the condition holds for these answers (an empty condition always holds)."""
    if tree is None:
        return True
    kind = tree[0]
    if kind == "and":
        return evaluate(tree[1], answers) and evaluate(tree[2], answers)
    if kind == "or":
        return evaluate(tree[1], answers) or evaluate(tree[2], answers)
    if kind == "not":
        return not evaluate(tree[1], answers)
    value = answers.get(tree[1])
    if kind == "answered":
        return value not in (None, "", [], {})
    if kind == "selected":
        if isinstance(value, list):
            return tree[2] in value
        return value == tree[2]
    return _compare(value, tree[2], tree[3])


def holds(text: str, answers: dict) -> bool:
    """Parse and evaluate; a condition that no longer parses hides nothing."""
    try:
        return evaluate(parse(text), answers)
    except ConditionError:
        return True
