from django.conf import settings


def practice(request):
    return {"practice_name": settings.PRACTICE_NAME}
