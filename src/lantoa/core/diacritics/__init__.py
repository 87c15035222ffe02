"""Restoration of Vietnamese diacritics: ``Cam Pha, ngay 19`` → ``Cẩm Phả, ngày 19``.

An English-model OCR of a Vietnamese page, or a text typed without marks, loses them:
matching copes through accent folding, but a person reading the text wants them back.
:func:`restore` proposes the marks with a syllable trigram model trained on about 14 million
syllables of Vietnamese legal text (``make diacritics-model``; see docs/text.md) and
committed as ``data/model.bin.xz``. Numbers, codes, well-marked words and every character
between words are left as they are; case is kept.
"""

from lantoa.core.diacritics.lm import Model, Pruning, model_bytes, model_from_bytes, train
from lantoa.core.diacritics.model import Restored, Token, load_model, restore

__all__ = [
    "Model",
    "Pruning",
    "Restored",
    "Token",
    "load_model",
    "model_bytes",
    "model_from_bytes",
    "restore",
    "train",
]
