from django.urls import path

from coalition.sitesearch.views import public, staff

app_name = "sitesearch"

urlpatterns = [
    path("search/", public.search_page, name="search"),
    path("search.json", public.search_json, name="search_json"),
    path("search/opensearch.xml", public.opensearch, name="opensearch"),
    path("staff/search/", staff.staff_sources, name="staff_sources"),
    path("staff/search/new/", staff.staff_source_new, name="staff_source_new"),
    path("staff/search/<int:pk>/", staff.staff_source, name="staff_source"),
    path("staff/search/<int:pk>/crawl/", staff.staff_source_crawl, name="staff_source_crawl"),
    path(
        "staff/search/<int:pk>/progress/",
        staff.staff_source_progress,
        name="staff_source_progress",
    ),
]
