from unittest import mock

from django.db import DatabaseError
from django.urls import reverse


def test_healthz_answers_200_without_login_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch("config.views.connection.cursor", side_effect=DatabaseError("refused")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_healthz_accepts_only_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405
