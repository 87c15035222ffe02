"""Certificates from forked production workers (issue 19, item 7).

Typst's compiler, once run in a process, hangs in any child forked from it; certificates are
therefore compiled in a fresh process (lantoa.core.kit.fresh). Here ``lantoa serve`` runs
gunicorn with three forked workers, and twenty learners download their certificates at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_serve import wait_for

PORTS = range(8300, 8400)  # this project's test range for servers it starts

SETUP = """
import json
from lantoa.learning.models import QuizAttempt
from lantoa.learning.services import certificate_issue, learner_join
out = []
for n in range(20):
    learner, token = learner_join(pack_id="cds17", kind="citizen", display_name=f"Người học {n}")
    attempt = QuizAttempt.objects.create(
        learner=learner, pack_id="cds17", seed=n, score=17, total=17, passed=True
    )
    cert = certificate_issue(attempt=attempt, name=f"Người học {n}", pack_title="17 điểm")
    out.append([token, cert.code])
print(json.dumps(out))
"""


def _port() -> int:
    import socket

    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8300-8399")


def test_twenty_certificates_download_at_once_from_forked_workers(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
    env.update(LANTOA_DATA_DIR=str(tmp_path), LANTOA_SECRET_KEY="s" * 50)
    lantoa = str(Path(sys.executable).with_name("lantoa"))
    port = _port()
    server = subprocess.Popen(
        [lantoa, "serve", "--port", str(port), "--workers", "3", "--migrate", "--no-access-log"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", server, seconds=120)
        made = subprocess.run(
            [lantoa, "manage", "shell", "-c", SETUP],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        learners = json.loads(made.stdout.strip().splitlines()[-1])

        def download(pair: list[str]) -> bytes:
            token, code = pair
            request = urllib.request.Request(
                f"{base}/hoc/chung-nhan/{code}.pdf",
                headers={"Cookie": f"lantoa_learner={token}"},
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                assert response.headers["Content-Type"] == "application/pdf"
                return response.read()

        with ThreadPoolExecutor(max_workers=20) as pool:
            pdfs = list(pool.map(download, learners))
        assert len(pdfs) == 20
        assert all(pdf.startswith(b"%PDF") and len(pdf) > 1000 for pdf in pdfs)
        assert len(set(pdfs)) == 20  # each is its learner's own
    finally:
        server.terminate()
        server.wait(timeout=30)
