"""Reads for the summary and batch pages: object-level access first (404 for what the user may
not see), then only what each page shows."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404

from summaries.models import BatchPrint
from workup.models import Workup, WorkupStatus

RECENT_BATCHES = 20


def batch_candidates(*, clinic_date: datetime.date) -> list[Workup]:
    """Signed workups of one visit date, by patient name; a workup replaced by a signed
    amendment is left out (its amendment is listed instead)."""
    return list(
        Workup.objects.filter(status=WorkupStatus.SIGNED, visit_date=clinic_date)
        .exclude(Q(amendment__isnull=False) & Q(amendment__status=WorkupStatus.SIGNED))
        .select_related("patient", "clinician", "signed_by")
        .order_by("patient__sort_name", "patient__mrn", "id")
    )


def batch_get_for_user(*, user, batch_id: int) -> BatchPrint:
    """The user's own batch print; 404 for anyone else's."""
    return get_object_or_404(BatchPrint, pk=batch_id, requested_by=user)


def batch_list_for_user(*, user) -> list[BatchPrint]:
    return list(BatchPrint.objects.filter(requested_by=user)[:RECENT_BATCHES])
