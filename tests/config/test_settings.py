"""Settings come from the environment and refuse bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

PROJECT = Path(__file__).resolve().parents[2]
A_REAL_KEY = "k3y-" + "x7Q" * 20


def run_manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_value(name, **env_overrides):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        **env_overrides,
    )
    return result


def test_debug_is_off_by_default():
    result = settings_value("DEBUG", DJANGO_SECRET_KEY=A_REAL_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_missing_secret_key_with_debug_off_fails_with_a_clear_message():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_web_server_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_bad_debug_value_is_refused_in_one_line():
    result = run_manage("check", DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY=A_REAL_KEY)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: DJANGO_DEBUG='maybe' is not a boolean: "
        "use one of 1/0, true/false, yes/no, on/off."
    )
    assert "Traceback" not in result.stderr


def test_deploy_check_is_clean_with_debug_off_and_a_real_key():
    result = run_manage(
        "check", "--deploy", DJANGO_SECRET_KEY=A_REAL_KEY, DJANGO_ALLOWED_HOSTS="clinic.example.org"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_staff_may_log_in_without_a_second_factor():
    production = {"DJANGO_SECRET_KEY": A_REAL_KEY, "DJANGO_ALLOWED_HOSTS": "clinic.example.org"}
    default = run_manage("check", "--deploy", **production)
    assert (default.returncode, default.stderr) == (0, "")
    assert "accounts.W001" not in default.stdout
    turned_off = run_manage("check", "--deploy", DJANGO_2FA_REQUIRED_FOR_STAFF="0", **production)
    assert turned_off.returncode == 0
    assert "?: (accounts.W001) Practice staff can log in with a password only" in turned_off.stderr
    assert "System check identified 1 issue" in turned_off.stderr


def test_without_database_url_sqlite_lives_in_the_data_folder():
    result = settings_value("DATABASES['default']['NAME']", DJANGO_SECRET_KEY=A_REAL_KEY)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).parent.name == "data"


def test_database_url_selects_postgresql_with_persistent_checked_connections():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['CONN_MAX_AGE'] > 0, d['CONN_HEALTH_CHECKS'])",
        DJANGO_SECRET_KEY=A_REAL_KEY,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql True True", result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "treu")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='treu' is not a boolean"):
        env_bool("SOME_FLAG")


def test_env_int_refuses_words_and_values_below_its_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "fifteen")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_NUMBER", 1, minimum=0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " a.example, ,b.example ")
    assert env_list("SOME_HOSTS") == ["a.example", "b.example"]


def test_batch_printing_is_set_from_the_environment():
    result = settings_value(
        "SUMMARY_BATCH_IN_PROCESS, settings.SUMMARY_BATCH_LEASE_SECONDS",
        DJANGO_SECRET_KEY=A_REAL_KEY,
        SUMMARY_BATCH_IN_PROCESS="0",
        SUMMARY_BATCH_LEASE_SECONDS="120",
    )
    assert (result.returncode, result.stdout.strip()) == (0, "False 120"), result.stderr
    too_short = settings_value(
        "SUMMARY_BATCH_LEASE_SECONDS", DJANGO_SECRET_KEY=A_REAL_KEY, SUMMARY_BATCH_LEASE_SECONDS="5"
    )
    assert too_short.returncode != 0 and "SUMMARY_BATCH_LEASE_SECONDS" in too_short.stderr
