"""Several app servers (issue 14 item 9): with MIPG_CACHE_URL the cache and the sessions live where every
app server sees them, and `mipg check --deploy` warns about a per-process cache behind several workers."""

import pytest
from django.core.cache import caches
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.test import Client

from mipg.core.checks import cache_is_shared_when_there_are_several_processes
from mipg.core.storage import cache_config

DB_CACHE = {"default": cache_config("db://mipg_cache_test")}
CACHED_DB_SESSIONS = "django.contrib.sessions.backends.cached_db"


def test_cache_url_picks_the_backend():
    assert cache_config("db://") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mipg_cache",
    }
    redis = cache_config("redis://cache.internal:6379/1")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/1"
    with pytest.raises(ValueError, match="MIPG_CACHE_URL"):
        cache_config("memcached://x")


@pytest.fixture
def shared_cache(settings, db):
    settings.CACHES = DB_CACHE
    settings.SESSION_ENGINE = CACHED_DB_SESSIONS
    call_command("createcachetable", verbosity=0)
    yield caches["default"]


def _rows_in_cache_table() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mipg_cache_test")
        return cursor.fetchone()[0]


def _forget_process_state():
    """What a second app server would have: no in-process cache connection of its own state."""
    caches["default"].close()
    del caches["default"]


def test_two_app_servers_share_cache_values(shared_cache):
    shared_cache.set("mipg:chart:2024", {"idi": 71.5}, 60)
    assert _rows_in_cache_table() == 1  # in the database every app server reads, not in this process
    _forget_process_state()
    assert caches["default"].get("mipg:chart:2024") == {"idi": 71.5}


def test_a_session_started_on_one_server_is_valid_on_the_other(world, shared_cache):
    first, second = Client(), Client()
    first.force_login(world.head_planner)
    assert first.get("/").status_code == 200
    session_cookie = first.cookies["sessionid"].value
    assert _rows_in_cache_table() >= 1  # cached_db: the session is in the shared cache (and the database)
    _forget_process_state()
    second.cookies["sessionid"] = session_cookie
    response = second.get("/")
    assert response.status_code == 200 and response.wsgi_request.user == world.head_planner
    first.logout()  # logging out on one server ends the session on both
    _forget_process_state()
    assert second.get("/").status_code == 302


def test_deploy_check_warns_about_a_per_process_cache_with_several_workers(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MIPG_WEB_CONCURRENCY = 3
    warnings = cache_is_shared_when_there_are_several_processes(None)
    assert [w.id for w in warnings] == ["mipg.W160"]
    assert "mipg.W160" in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.MIPG_WEB_CONCURRENCY = 1
    assert cache_is_shared_when_there_are_several_processes(None) == []
    settings.MIPG_WEB_CONCURRENCY = 3
    settings.CACHES = DB_CACHE
    assert cache_is_shared_when_there_are_several_processes(None) == []


def test_migrate_creates_the_database_cache_table(settings, db):
    from mipg.core.apps import create_cache_table

    settings.CACHES = {"default": cache_config("db://mipg_cache_after_migrate")}
    assert "mipg_cache_after_migrate" not in connection.introspection.table_names()
    create_cache_table(using="default")  # what post_migrate runs after `mipg migrate`
    assert "mipg_cache_after_migrate" in connection.introspection.table_names()
    caches["default"].set("k", "v")
    assert caches["default"].get("k") == "v"
