"""Personal data in the work programme: the people who lead projects."""

from coalition.privacy.registry import (
    Collects,
    Table,
    eraser,
    exporter,
    related,
)

COLLECTS = [
    Collects(
        what="Who leads each project of the work programme",
        why="To run the work programme and report to funders",
        kept="With the project; the person's name is replaced on erasure",
    ),
]

TABLES = [Table("programme.Project", match=related("lead"))]

export = exporter(TABLES)
erase = eraser(TABLES)
