"""Personal data in governance: seats on bodies, attendance, actions, comments, ballots."""

from coalition.privacy.registry import (
    ERASED,
    Collects,
    Table,
    by_user,
    eraser,
    exporter,
    related,
)

COLLECTS = [
    Collects(
        what="Members of the Executive and Planning Groups: their seats, attendance at "
        "meetings, actions from meetings, papers uploaded",
        why="To run meetings and record who decided what (legitimate interests)",
        kept="Minutes and decisions are the coalition's permanent record; a person's name is "
        "replaced on erasure",
    ),
    Collects(
        what="Priority rounds: proposals, comments and each organisation's ballot, with who "
        "cast it",
        why="To count one ballot per member organisation and show the discussion",
        kept="With the round; on erasure comments are removed and ballots still count",
    ),
]

person = related("person")

TABLES = [
    Table("governance.BodyMember", match=person),
    Table("governance.Attendance", match=person),
    Table("governance.ActionItem", match=related("owner")),
    Table("governance.AgendaItem", match=related("owner")),
    Table("governance.Paper", match=by_user("uploaded_by")),
    Table("governance.Proposal", match=by_user("proposed_by")),
    Table("governance.Comment", match=by_user("author"), erase={"text": ERASED}),
    Table("governance.Ballot", match=by_user("cast_by")),
]

export = exporter(TABLES)
erase = eraser(TABLES)
