"""Settings for the test suite: the production settings with fast, deterministic parts swapped in.

The database is whatever DATABASE_URL says (SQLite when unset); CI sets it to PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x7Qp2Lm9Rt4Vb8Nc1Zk5Wd3Hf6Js0Ga")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
# Tests that run a real worker need a broker; local Redis unless one is configured.
CELERY_BROKER_URL = CELERY_BROKER_URL or "redis://127.0.0.1:6379/3"  # noqa: F405
LOG_LEVEL = "WARNING"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
