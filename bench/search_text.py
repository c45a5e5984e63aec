"""Synthetic but realistic text for the search benchmark: community-sector prose made by a
word-bigram walk over the seeds' documents, with a long tail of rare words, and a log of
realistic queries (common words, phrases, several words, rare words, OR and -exclude).
Deterministic for a given seed."""

import random
import re
from collections import Counter, defaultdict
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path("/work/shared/seeds")
STOP = set(
    "a an and are as at be by for from has have in is it its of on or that the their this to "
    "was we were will with which who our not but can more also they been into other all these "
    "such than them there some may any what how".split()
)
SYLLABLES = "ba be bi bo ca co da de di do fa fe ga go ha he ka ki la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve wa we ya zo".split()  # noqa: E501
THEMES = [
    "community development", "rural communities", "neighbourhood renewal", "funding and finance",
    "local democracy", "advice services", "volunteering", "youth", "faith communities",
    "environment and conservation", "arts and culture", "housing and tenants",
    "learning and skills", "social enterprise", "village halls", "community transport",
]  # fmt: skip


def source_text() -> str:
    parts = []
    if SEEDS.is_dir():
        parts += [p.read_text(errors="replace") for p in sorted(SEEDS.glob("*.txt"))]
    content = ROOT / "coalition" / "sitesearch" / "demo_sites" / "content.py"
    if content.exists():
        parts.append(" ".join(re.findall(r'"([^"]{40,})"', content.read_text())))
    parts.append(" ".join(f"{t} matters to local groups." for t in THEMES))
    return "\n".join(parts)


class TextMaker:
    def __init__(self, seed: int = 7, rare_words: int = 30_000, pool: int = 8_000):
        self.random = random.Random(seed)
        words = re.findall(r"[a-z][a-z'-]*[a-z]|[a-z]", source_text().lower())
        self.counts = Counter(words)
        self.next = defaultdict(list)
        for first, second in zip(words, words[1:], strict=False):
            self.next[first].append(second)
        self.starts = [w for w in self.next if w not in STOP and self.counts[w] > 2]
        self.rare = list(
            dict.fromkeys(
                "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(3, 5)))
                for _ in range(rare_words)
            )
        )
        # Zipf-like weights over the rare words: a few are fairly common, most very rare.
        self.rare_cumulative = list(accumulate(1 / (rank + 10) for rank in range(len(self.rare))))
        self.pool = [self.paragraph() for _ in range(pool)]

    def rare_word(self) -> str:
        return self.random.choices(self.rare, cum_weights=self.rare_cumulative)[0]

    def sentence(self, low: int = 8, high: int = 24) -> str:
        word = self.random.choice(self.starts)
        out = [word]
        for _ in range(self.random.randint(low, high)):
            followers = self.next.get(word)
            word = self.random.choice(followers) if followers else self.random.choice(self.starts)
            out.append(self.rare_word() if self.random.random() < 0.03 else word)
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(2, 5)))

    def title(self) -> str:
        words = self.sentence(3, 7).rstrip(".").split()
        return " ".join(words[:9]).capitalize()

    def body(self, paragraphs: tuple[int, int] = (3, 7)) -> list[str]:
        count = self.random.randint(*paragraphs)
        chosen = [self.random.choice(self.pool) for _ in range(count - 1)]
        return [*chosen, self.sentence()]

    def queries(self, count: int = 1000) -> list[tuple[str, str]]:
        """(kind, query) pairs in the proportions of a search log."""
        r = random.Random(11)
        common = [w for w, _ in self.counts.most_common(600) if w not in STOP and len(w) > 3]
        middle = [w for w, n in self.counts.most_common(4000)[600:] if w not in STOP and len(w) > 3]
        out = []
        for number in range(count):
            slot = number % 20
            if slot < 6:
                out.append(("common word", r.choice(common[:300])))
            elif slot < 10:
                words = r.choice(self.pool).rstrip(".").split()
                start = r.randrange(max(1, len(words) - 3))
                phrase = " ".join(words[start : start + r.choice((2, 2, 3))]).lower()
                out.append(("phrase", f'"{re.sub(r"[^a-z ]", "", phrase).strip()}"'))
            elif slot < 16:
                out.append(
                    (
                        "several words",
                        " ".join(r.sample(common[:200] + middle[:400], r.choice((2, 3)))),
                    )
                )
            elif slot < 19:
                out.append(("rare word", r.choice(self.rare[: len(self.rare) // 2])))
            else:
                a, b, c = r.sample(common[:300], 3)
                out.append(("operators", r.choice((f"{a} OR {b}", f"{a} {b} -{c}"))))
        return out
