from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from workup.models.base import FrozenWhenSigned

TAKE_OVER_REASON_MAX_LENGTH = 500


class WorkupTakeOver(FrozenWhenSigned):
    """A clinician made themselves the clinician of another clinician's draft, and said why.

    The workup's summary names who started it and who took it over, when and why. The reason
    is kept here, not in the audit trail (whose event holds the two clinicians' ids only).
    Frozen with the workup once it is signed.
    """

    workup = models.ForeignKey("workup.Workup", on_delete=models.CASCADE, related_name="take_overs")
    from_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=TAKE_OVER_REASON_MAX_LENGTH)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="workup_take_over_has_reason"),
            models.CheckConstraint(
                condition=~Q(from_clinician=F("to_clinician")),
                name="workup_take_over_changes_clinician",
            ),
        ]

    def __str__(self):
        return f"Take-over of workup {self.workup_id} at {self.at:%Y-%m-%d %H:%M}"

    def owning_workup(self):
        return self.workup
