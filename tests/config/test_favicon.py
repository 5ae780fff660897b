"""Pages name the app's own icon, so browsers do not ask for a missing /favicon.ico."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_the_log_in_page_names_an_icon_the_app_serves(client):
    html = client.get(reverse("login")).content.decode()
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icon, "no icon link"
    assert finders.find(icon.group(1))
