"""Personal data in research: the research network, requests for evidence, gap comments."""

from coalition.privacy.registry import (
    EMAIL,
    ERASED,
    ERASED_NAME,
    Collects,
    Table,
    by_email,
    by_user,
    either,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Researchers in the network: name, email address (never shown), institution, "
        "role, expertise, a short biography and website",
        why="To route requests for evidence to the right researchers (consent, when joining)",
        kept="While they are in the network; erased on request",
    ),
    Collects(
        what="Requests for evidence and replies: the asker's name and account, the "
        "messages written",
        why="To answer the request and keep the thread",
        kept="With the request; erased on request",
    ),
    Collects(
        what="Comments on research gaps and who supported a gap",
        why="To show the discussion and how many support each gap",
        kept="With the gap; on erasure comments are removed and support still counts",
    ),
]

TABLES = [
    Table(
        "research.EvidenceMessage",
        match=by_user("author"),
        erase={"author": None, "author_name": ERASED_NAME, "body": ERASED},
    ),
    Table(
        "research.EvidenceRequest",
        match=by_user("asker"),
        erase={"asker": None, "asker_name": ERASED_NAME, "description": ERASED},
    ),
    Table(
        "research.GapComment",
        match=by_user("author"),
        erase={"author": None, "author_name": ERASED_NAME, "body": ERASED},
    ),
    Table("research.GapSupport", match=by_user("user")),
    Table("research.ResearchGap", match=by_user("proposed_by")),
    Table("research.ResearchItem", match=by_user("submitted_by")),
    Table("research.ImportBatch", match=by_user("user")),
    Table(
        "research.Researcher",
        match=either(by_email("email"), by_user("user")),
        erase={
            "name": ERASED_NAME,
            "slug": lambda row: f"erased-{row.pk}",
            "email": EMAIL,
            "user": None,
            "role": "",
            "bio": "",
            "website": "",
            "public_profile": False,
            "status": "left",
        },
    ),
]

export = exporter(TABLES)
erase = eraser(TABLES)
