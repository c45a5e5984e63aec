app_name = "sitesearch"

urlpatterns: list = []
