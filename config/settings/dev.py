"""Local development: debug on unless the environment says otherwise."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings.base import *  # noqa: F403
