"""Best-effort restoration of Vietnamese diacritics, for display of diacritic-poor text.

An English-model OCR of a Vietnamese page loses most marks ("Cam Pha, ngay 19 thang 10"):
matching copes with that through accent folding, but a person reading the text wants it
back. :func:`restore` proposes the marks with a small model of our own: every folded
syllable has the accented forms seen in text the project ships, and a smoothed syllable
bigram model picks the most likely sequence (Viterbi). Tokens that already carry marks,
numbers, codes and punctuation are left as they are; case is kept. The model is trained by
``tools/train_diacritics.py`` and committed as ``data/model.json.gz``.
"""

from lantoa.core.diacritics.model import Model, Restored, Token, load_model, restore, train

__all__ = ["Model", "Restored", "Token", "load_model", "restore", "train"]
