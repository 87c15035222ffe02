"""Settings come from LANTOA_* variables and fail loudly on bad values (checked in subprocesses,
so each case starts Django from scratch)."""

from __future__ import annotations

import os
import subprocess
import sys

SETUP = "import django; django.setup(); from django.conf import settings; print(settings.{})"


def run_settings(tmp_path, attribute: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
    clean.update(
        DJANGO_SETTINGS_MODULE="lantoa.config.settings",
        LANTOA_DATA_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", SETUP.format(attribute)],
        env=clean,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_a_secret_key_is_required_outside_demo_mode(tmp_path):
    result = run_settings(tmp_path, "SECRET_KEY")
    assert result.returncode != 0
    assert "LANTOA_SECRET_KEY must be set outside demo mode" in result.stderr


def test_demo_mode_keeps_a_generated_secret_in_the_data_folder(tmp_path):
    first = run_settings(tmp_path, "SECRET_KEY", LANTOA_DEMO="1")
    second = run_settings(tmp_path, "SECRET_KEY", LANTOA_DEMO="1")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "demo-secret-key").stat().st_mode & 0o777 == 0o600


def test_a_malformed_boolean_names_the_variable(tmp_path):
    result = run_settings(tmp_path, "DEBUG", LANTOA_DEMO="yes please")
    assert result.returncode != 0
    assert "LANTOA_DEMO='yes please' is not a boolean" in result.stderr


def test_a_malformed_integer_names_the_variable(tmp_path):
    result = run_settings(
        tmp_path,
        "SECURE_HSTS_SECONDS",
        LANTOA_DEMO="0",
        LANTOA_SECRET_KEY="x" * 40,
        LANTOA_HSTS_SECONDS="a year",
    )
    assert result.returncode != 0
    assert "LANTOA_HSTS_SECONDS='a year' is not an integer" in result.stderr


def test_no_database_url_means_sqlite_in_the_data_folder_with_wal(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
    env.update(
        DJANGO_SETTINGS_MODULE="lantoa.config.settings",
        LANTOA_DATA_DIR=str(tmp_path),
        LANTOA_DEMO="1",
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    mode, name = result.stdout.split()
    assert mode == "wal"
    assert name == str(tmp_path / "lantoa.sqlite3")


def test_a_postgres_url_selects_postgresql(tmp_path):
    result = run_settings(
        tmp_path,
        "DATABASES['default']['ENGINE']",
        LANTOA_DEMO="1",
        LANTOA_DATABASE_URL="postgres://u:p@db.example:5432/lantoa",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lantoa.config.postgresql"


def test_an_unsupported_database_url_is_refused(tmp_path):
    result = run_settings(tmp_path, "DATABASES", LANTOA_DEMO="1", LANTOA_DATABASE_URL="mysql://x/y")
    assert result.returncode != 0
    assert "LANTOA_DATABASE_URL must start with postgres://" in result.stderr


def test_production_cookies_are_secure_and_demo_cookies_are_not(tmp_path):
    prod = run_settings(
        tmp_path,
        "SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS",
        LANTOA_SECRET_KEY="k" * 40,
    )
    demo = run_settings(
        tmp_path,
        "SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS",
        LANTOA_DEMO="1",
    )
    assert prod.stdout.split() == ["True", "True", "31536000"]
    assert demo.stdout.split() == ["False", "False", "0"]


def test_time_is_stored_in_utc_and_shown_in_vietnam(settings):
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"


def test_the_deploy_checks_pass_with_the_production_settings(tmp_path):
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright: not a production value.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LANTOA_", "DJANGO_"))}
    clean.update(
        LANTOA_DATA_DIR=str(tmp_path),
        LANTOA_SECRET_KEY="production-like-secret-" + "k" * 40,
        LANTOA_BEHIND_PROXY="1",
        LANTOA_ALLOWED_HOSTS="lantoa.example.gov.vn",
        LANTOA_BASE_URL="https://lantoa.example.gov.vn",
    )
    result = subprocess.run(
        [sys.executable, "-m", "lantoa", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
