"""Train the diacritics model from the text the project ships and write it to the package.

    .venv/bin/python tools/train_diacritics.py

Copies the clean seeds (000–003) into the package's corpus folder, trains, and writes
``src/lantoa/core/diacritics/data/model.json.gz`` deterministically (a test checks that
retraining reproduces the committed file).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lantoa.core.diacritics.corpus import documents  # noqa: E402
from lantoa.core.diacritics.model import model_bytes, train  # noqa: E402

DATA = ROOT / "src" / "lantoa" / "core" / "diacritics" / "data"
SEEDS = ROOT / "tests" / "samples" / "seeds"
CLEAN_SEEDS = ("000", "001", "002", "003")


def main() -> None:
    corpus = DATA / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for prefix in CLEAN_SEEDS:
        (source,) = SEEDS.glob(f"{prefix}_*.txt")
        shutil.copyfile(source, corpus / f"seed-{prefix}.txt")
    shutil.copyfile(ROOT / "docs" / "glossary.md", corpus / "glossary.txt")
    data = model_bytes(train(documents().values()))
    (DATA / "model.json.gz").write_bytes(data)
    print(f"model.json.gz: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}")


if __name__ == "__main__":
    main()
