"""altex: which exercises to avoid with a lower-back condition, what to do instead, and why.

>>> import altex
>>> kb = altex.load()
>>> kb.check("hamstring stretch", ["sciatica"]).level
<Level.AVOID: 'avoid'>
"""

import typing as _typing

from ._graph import NodeKind, Relation
from ._open import load, loads
from .errors import (
    AltexError,
    AmbiguousConditionError,
    AmbiguousExerciseError,
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

if _typing.TYPE_CHECKING:
    from ._dump import dump
    from ._export import GraphFormat, export_graph

__version__ = "0.1.0"

#: Imported on first use, so that ``import altex`` stays quick (a CLI call or a serverless
#: function pays for every import on every start).
_LAZY = {"dump": "._dump", "GraphFormat": "._export", "export_graph": "._export"}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'altex' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Action",
    "AdaptedPlan",
    "AltexError",
    "AmbiguousConditionError",
    "AmbiguousExerciseError",
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
