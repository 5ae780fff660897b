from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from questionnaires.selectors import open_safety_alerts


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not. Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def home(request):
    """A start page listing only what the user's role may use; for clinicians, first, the
    patients whose questionnaire answer to PHQ-9 item 9 is above 0 and not yet acknowledged."""
    context = {}
    if request.user.has_perm("questionnaires.acknowledge_safety_alert"):
        context["safety_alerts"] = open_safety_alerts()
    return render(request, "home.html", context)
