"""Loaded with `-p tests.pytest_env` before Django starts: test-only environment defaults."""

import os
import tempfile

os.environ.setdefault("MIPG_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("MIPG_DATA_DIR", tempfile.mkdtemp(prefix="mipg-test-"))
os.environ.setdefault("MIPG_STATIC_ROOT", tempfile.mkdtemp(prefix="mipg-static-"))
os.environ.setdefault("MIPG_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MIPG_SECURE_COOKIES", "0")
os.environ.setdefault("MIPG_MANIFEST_STATIC", "0")
os.environ.setdefault("MIPG_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("MIPG_PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")
# Playwright's sync API runs an event loop in the test thread; the DB access there is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Two-factor is enforced in production; tests of other features sign in without it. The two-factor
# tests (tests/accounts/test_two_factor.py) switch it on themselves.
os.environ.setdefault("MIPG_2FA_ENFORCE", "0")
# Read replica (issue 14 item 8): a second alias mirroring the test database (TEST MIRROR in settings), so
# tests can tell which alias ran a query. Replica reads stay off unless a test turns them on.
os.environ.setdefault("DATABASE_REPLICA_URL", os.environ.get("DATABASE_URL", "sqlite:///replica.sqlite3"))
os.environ.setdefault("MIPG_REPLICA_READS", "0")
# Background jobs (issue 14 item 5): tasks run at once in the test process; one test starts a real worker.
os.environ.setdefault("MIPG_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
