app_name = "workup"

urlpatterns = []
