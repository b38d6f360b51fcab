"""Lay words: what a person types about their symptoms resolves to the symptom meant (reference 6.6)."""

from __future__ import annotations

import pytest

import altex
from altex import Action, AssessmentKind, UnknownSymptomError
from altex._names import phrase_key

LAY = [
    # cauda equina signs, in everyday words (RFH, YORK, BPCES): emergency
    ("I can't pee", "bladder-changes"),
    ("have to strain to pee", "bladder-changes"),
    ("leaking", "bladder-changes"),
    ("needing pads", "bladder-changes"),
    ("can't tell when my bladder is full", "bladder-changes"),
    ("numb bum", "saddle-numbness"),
    ("my bum is numb", "saddle-numbness"),
    ("numb between my legs", "saddle-numbness"),
    ("wiping feels odd", "saddle-numbness"),
    ("can't hold a poo", "bowel-changes"),
    ("new erection or ejaculation problems", "sexual-dysfunction"),
    ("both my legs are numb", "both-legs"),
    ("numbness in both legs", "both-legs"),
    ("pain down both legs", "both-legs"),
    # foot drop (LOTH, BJJ): same-day review
    ("my foot keeps slapping", "foot-drop"),
    ("foot drop", "foot-drop"),
    ("tripping over my toes", "foot-drop"),
    # plurals, word order, filler words
    ("Pins and Needle", "tingling"),
    ("my leg is numb", "numbness"),
    ("pain at nights", "night-pain"),
    ("fevers", "fever"),
]


@pytest.mark.parametrize(("words", "symptom"), LAY)
def test_lay_words_resolve_to_the_symptom_meant(kb: altex.KnowledgeBase, words: str, symptom: str) -> None:
    assert kb.symptom(words).id == symptom


@pytest.mark.parametrize(("words", "symptom"), [w for w in LAY if w[1] != "tingling"])
def test_lay_words_for_a_red_flag_are_triaged_as_one(kb: altex.KnowledgeBase, words: str, symptom: str) -> None:
    a = kb.assess({"symptoms": [words]})
    assert a.kind is AssessmentKind.RED_FLAG and a.action >= Action.SEE_DOCTOR, words


def test_cauda_equina_and_foot_drop_words_mean_go_now(kb: altex.KnowledgeBase) -> None:
    for words in ("numb bum", "I can't pee", "my foot keeps slapping", "both legs weak"):
        assert kb.assess({"symptoms": [words]}).action is Action.EMERGENCY, words


def test_one_leg_is_not_both_legs(kb: altex.KnowledgeBase) -> None:
    assert kb.symptom("numb leg").id == "numbness"
    assert phrase_key("numb leg") != phrase_key("both legs numb")


def test_an_unknown_phrase_is_an_error_with_suggestions_never_ignored(kb: altex.KnowledgeBase) -> None:
    with pytest.raises(UnknownSymptomError, match="did you mean"):
        kb.assess({"severity": 2, "symptoms": ["tingeling toes"]})


def test_no_two_symptoms_share_a_phrase(kb: altex.KnowledgeBase) -> None:
    """A phrase that fitted two symptoms would match neither; the bundled data has none."""
    owner: dict[str, str] = {}
    for rid, s in kb.symptoms.items():
        for name in (rid, s.name, *s.aliases):
            key = phrase_key(name)
            assert owner.setdefault(key, rid) == rid, (name, owner[key], rid)


def test_age_alone_is_not_a_red_flag_but_is_not_silent(kb: altex.KnowledgeBase) -> None:
    alone = kb.assess({"severity": 2, "symptoms": ["first back pain after 50"]})
    assert alone.kind is not AssessmentKind.RED_FLAG and "first-back-pain-after-50" in {r.rule for r in alone.reasons}
    with_flag = kb.assess({"severity": 2, "symptoms": ["first back pain after 50", "weight loss"]})
    assert with_flag.has_red_flags and with_flag.action is Action.SEE_DOCTOR
