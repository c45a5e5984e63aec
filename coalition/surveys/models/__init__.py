from coalition.surveys.models.audit import (
    AuditBand,
    AuditOption,
    AuditQuestion,
    AuditResult,
    AuditSection,
    AuditVersion,
)
from coalition.surveys.models.responses import Answer, Invitation, Response, ResultCount
from coalition.surveys.models.surveys import Choice, Collector, Question, Section, Survey

__all__ = [
    "Answer",
    "AuditBand",
    "AuditOption",
    "AuditQuestion",
    "AuditResult",
    "AuditSection",
    "AuditVersion",
    "Choice",
    "Collector",
    "Invitation",
    "Question",
    "Response",
    "ResultCount",
    "Section",
    "Survey",
]
