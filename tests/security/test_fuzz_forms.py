"""Property-based fuzzing of every form the app has (see tests/security/fuzz.py): random and
hostile strings never cause a 500, never come back unescaped, never damage earlier data."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.security.fuzz import (
    FORM_TARGETS,
    FUZZ_SETTINGS,
    Sentinel,
    assert_escaped,
    hostile_text,
)
from tests.test_url_sweep import world  # noqa: F401 - the sweep's records, as a fixture


@pytest.mark.parametrize("target", FORM_TARGETS, ids=lambda target: target.name)
def test_hostile_form_input_is_handled(client, request, world, target):  # noqa: F811
    target.prepare(client, request)
    sentinel = Sentinel(world)
    url = target.url(world)

    @FUZZ_SETTINGS
    @given(values=st.fixed_dictionaries(dict.fromkeys(target.fields, hostile_text)))
    def post_hostile(values):
        data = {**values, **target.fixed}
        # Each example in its own savepoint: what it stored is checked, then rolled back, so
        # examples stay independent (the lock-out counter included).
        with transaction.atomic():
            send = client.get if target.method == "get" else client.post
            response = send(url, data, follow=target.follow_redirect)
            assert response.status_code < 500
            assert_escaped(response, target.name)
            for page in target.shown_on:
                shown = client.get(page(world))
                assert shown.status_code < 500
                assert_escaped(shown, page(world))
            sentinel.assert_intact()
            transaction.set_rollback(True)

    post_hostile()
