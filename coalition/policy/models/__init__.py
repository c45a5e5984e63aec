from coalition.policy.models.positions import (
    MonitoredStatement,
    OtherBody,
    Position,
    Publication,
)
from coalition.policy.models.responses import (
    Comment,
    Response,
    Section,
    SectionRevision,
    Signature,
)
from coalition.policy.models.tracker import DeadlineSubscriber, Development

__all__ = [
    "Comment",
    "DeadlineSubscriber",
    "Development",
    "MonitoredStatement",
    "OtherBody",
    "Position",
    "Publication",
    "Response",
    "Section",
    "SectionRevision",
    "Signature",
]
