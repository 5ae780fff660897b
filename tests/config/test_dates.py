"""One date format for the practice: shown the same everywhere, chosen in the environment."""

import datetime
import os
import subprocess
import sys

import pytest

from config import dates

DAY = datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("j M Y", "3 Dec 2026"),
        ("d/m/Y", "03/12/2026"),
        ("m/d/Y", "12/03/2026"),
        ("Y-m-d", "2026-12-03"),
    ],
)
def test_a_date_reads_in_the_practice_format_and_parses_back(settings, fmt, shown):
    settings.PRACTICE_DATE_FORMAT = fmt
    assert dates.show_date(DAY) == shown
    assert datetime.datetime.strptime(shown, dates.input_format()).date() == DAY
    assert dates.example() == shown


def test_the_default_reads_day_month_name_year(settings):
    assert settings.PRACTICE_DATE_FORMAT == "j M Y"
    assert dates.show_date(DAY) == "3 Dec 2026"


def test_a_moment_is_shown_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Lisbon"
    moment = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)
    assert dates.show_datetime(moment) == "2 Jul 2026 00:30"
    assert dates.show_date(moment) == "2 Jul 2026"


def test_an_unknown_format_stops_the_process_at_start_up():
    env = {**os.environ, "PRACTICE_DATE_FORMAT": "dd.mm.yyyy"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "PRACTICE_DATE_FORMAT='dd.mm.yyyy' is not one of" in run.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("CK 400 U/L on 2026-11-02 is above", "CK 400 U/L on 2 Nov 2026 is above"),
        ("ordered 2026-11-10; TSH on 2026-10-01", "ordered 10 Nov 2026; TSH on 1 Oct 2026"),
        ("not a date: 2026-13-45", "not a date: 2026-13-45"),
        ("an MRN A-2026-11-02-7 stays", "an MRN A-2026-11-02-7 stays"),
    ],
)
def test_dates_in_a_rule_text_read_in_the_practice_format(text, shown):
    assert dates.iso_dates_shown(text) == shown
