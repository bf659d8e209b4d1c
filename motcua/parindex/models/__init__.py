"""The PAR index: criteria trees (per year and unit group) and the yearly rounds."""

from motcua.parindex.models.plans import RemediationItem, RemediationPlan
from motcua.parindex.models.rounds import (
    Evidence,
    Participant,
    Revision,
    Round,
    RoundGroup,
    Score,
    ScoreChange,
    SurveyResult,
)
from motcua.parindex.models.trees import ClassificationBand, CriteriaTree, Criterion, UnitGroup

__all__ = [
    "ClassificationBand",
    "CriteriaTree",
    "Criterion",
    "Evidence",
    "Participant",
    "RemediationItem",
    "RemediationPlan",
    "Revision",
    "Round",
    "RoundGroup",
    "Score",
    "ScoreChange",
    "SurveyResult",
    "UnitGroup",
]
