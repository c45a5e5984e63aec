from django.urls import include, path

from coalition.api import views
from coalition.api.api import api

# The API's own URLs (named after their functions: "api:news", "api:openapi-json"…) join
# this namespace, beside the pages about it.
ninja_patterns, _app_name, _namespace = api.urls
app_name = "api"

urlpatterns = [
    path("api/", views.reference, name="reference"),
    path("api/", include(ninja_patterns)),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<slug:name>.csv", views.open_data_csv, name="open_data_csv"),
    path("members/<slug:slug>/api-tokens/", views.tokens, name="tokens"),
    path("members/<slug:slug>/api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
