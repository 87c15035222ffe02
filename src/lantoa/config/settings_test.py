"""Settings for the test suite: the real settings with a test secret and a temp data folder.

``LANTOA_DATABASE_URL`` passes through, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("LANTOA_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("LANTOA_DATA_DIR", tempfile.mkdtemp(prefix="lantoa-test-"))

from lantoa.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
