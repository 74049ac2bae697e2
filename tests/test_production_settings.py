"""Production settings refuse a missing or weak SECRET_KEY and pass the deploy checks.

Each case runs a fresh interpreter, since settings are read once per process.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUP = "import django; django.setup()"
# Variables the settings read; none may leak from the test process (which sets its own key).
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {name: os.environ[name] for name in INHERITED if name in os.environ}
    environment.update({"DJANGO_SETTINGS_MODULE": "simplycrm.settings", "DEBUG": "0", **env})
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def strong_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(64))


def test_without_a_secret_key_the_server_refuses_to_start():
    result = run("-c", SETUP)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "django-insecure-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6",
        "short-but-random-Qz8",
        "ab" * 40,
    ],
)
def test_an_insecure_secret_key_is_refused(key):
    result = run("-c", SETUP, SECRET_KEY=key)

    assert result.returncode != 0
    assert "SECRET_KEY is insecure" in result.stderr


def test_with_debug_on_the_development_key_is_allowed():
    result = run(
        "-c", SETUP + "; from django.conf import settings; print(settings.DEBUG)", DEBUG="1"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_strong_key_passes_the_deploy_checks():
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=strong_key(),
        ALLOWED_HOSTS="api.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
