"""altex: which exercises to avoid with a lower-back condition, what to do instead, and why.

>>> import altex
>>> kb = altex.load()
>>> kb.check("hamstring stretch", ["sciatica"]).level
<Level.AVOID: 'avoid'>
"""

from ._dump import dump
from ._export import GraphFormat, export_graph
from ._graph import NodeKind, Relation
from ._open import load, loads
from .errors import (
    AltexError,
    AmbiguousConditionError,
    AmbiguousNameError,
    CatalogError,
    DataError,
    DataProblem,
    InvalidInputError,
    UnknownCatalogExerciseError,
    UnknownConditionError,
    UnknownExerciseError,
    UnknownMechanismError,
    UnknownModifierError,
    UnknownNameError,
    UnknownSurgeryError,
    UnknownSymptomError,
)
from .kb import KnowledgeBase
from .models import (
    Category,
    Combination,
    Condition,
    ConditionKind,
    Criteria,
    Evidence,
    Exercise,
    Force,
    Goal,
    Impact,
    Inference,
    Level,
    Mechanic,
    Mechanism,
    Muscle,
    Setting,
    Source,
    SourceKind,
)
from .pain import (
    Action,
    Assessment,
    AssessmentKind,
    DuringExercise,
    Onset,
    PainQuality,
    PainReport,
    Symptom,
    TriageReason,
    TriageRule,
)
from .person import Modifier, ModifierKind, Person, Situation, Surgery, SurgeryWindow
from .results import AdaptedPlan, PlanAction, PlanEntry, PlanItem, Reason, Suggestion, Verdict

__version__ = "0.1.0"

__all__ = [
    "Action",
    "AdaptedPlan",
    "AltexError",
    "AmbiguousConditionError",
    "AmbiguousNameError",
    "Assessment",
    "AssessmentKind",
    "CatalogError",
    "Category",
    "Combination",
    "Condition",
    "ConditionKind",
    "Criteria",
    "DataError",
    "DataProblem",
    "DuringExercise",
    "Evidence",
    "Exercise",
    "Force",
    "Goal",
    "GraphFormat",
    "Impact",
    "Inference",
    "InvalidInputError",
    "KnowledgeBase",
    "Level",
    "Mechanic",
    "Mechanism",
    "Modifier",
    "ModifierKind",
    "Muscle",
    "NodeKind",
    "Onset",
    "PainQuality",
    "PainReport",
    "Person",
    "PlanAction",
    "PlanEntry",
    "PlanItem",
    "Reason",
    "Relation",
    "Setting",
    "Situation",
    "Source",
    "SourceKind",
    "Suggestion",
    "Surgery",
    "SurgeryWindow",
    "Symptom",
    "TriageReason",
    "TriageRule",
    "UnknownCatalogExerciseError",
    "UnknownConditionError",
    "UnknownExerciseError",
    "UnknownMechanismError",
    "UnknownModifierError",
    "UnknownNameError",
    "UnknownSurgeryError",
    "UnknownSymptomError",
    "Verdict",
    "dump",
    "export_graph",
    "load",
    "loads",
]
