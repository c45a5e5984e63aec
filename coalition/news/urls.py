app_name = "news"

urlpatterns: list = []
