"""Learning: quiz questions from a pack, spaced-repetition scheduling, certificates and
understanding per point (see docs/learn.md). No Django here."""

from lantoa.core.learn.analytics import PointStat, pass_rate, understanding
from lantoa.core.learn.certificate import certificate_render
from lantoa.core.learn.questions import (
    KINDS,
    PASS_MARK,
    QUIZ_SIZE,
    AmbiguousQuestionError,
    Question,
    question_get,
    question_ids,
    questions_all,
    quiz_draw,
)
from lantoa.core.learn.schedule import AGAIN, EASY, GOOD, HARD, RATINGS, CardReview, card_review

__all__ = [
    "AGAIN",
    "EASY",
    "GOOD",
    "HARD",
    "KINDS",
    "PASS_MARK",
    "QUIZ_SIZE",
    "RATINGS",
    "AmbiguousQuestionError",
    "CardReview",
    "PointStat",
    "Question",
    "card_review",
    "certificate_render",
    "pass_rate",
    "question_get",
    "question_ids",
    "questions_all",
    "quiz_draw",
    "understanding",
]
