app_name = "parindex"

urlpatterns: list = []
