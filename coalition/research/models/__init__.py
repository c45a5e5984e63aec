from coalition.research.models.gaps import GapComment, GapSupport, ResearchGap
from coalition.research.models.imports import ImportBatch
from coalition.research.models.items import Author, Authorship, ResearchItem
from coalition.research.models.learning import LearningMaterial, LearningOpportunity
from coalition.research.models.network import (
    EvidenceMessage,
    EvidenceRequest,
    Institution,
    Researcher,
)

__all__ = [
    "Author",
    "Authorship",
    "EvidenceMessage",
    "EvidenceRequest",
    "GapComment",
    "GapSupport",
    "ImportBatch",
    "Institution",
    "LearningMaterial",
    "LearningOpportunity",
    "ResearchGap",
    "ResearchItem",
    "Researcher",
]
