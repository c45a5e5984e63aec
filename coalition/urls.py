from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from coalition.core.permissions import admin_login

# Staff sign in through the site's own sign-in page (with two-factor), not the admin's.
admin.site.login = admin_login
admin.site.site_header = "Coalition back office"
admin.site.site_title = "Coalition back office"
admin.site.index_title = "Records"

urlpatterns = [
    path("", include("coalition.core.urls")),
    path("", include("coalition.members.urls")),
    path("", include("coalition.campaigns.urls")),
    path("", include("coalition.events.urls")),
    path("", include("coalition.news.urls")),
    path("", include("coalition.mailings.urls")),
    path("", include("coalition.sitesearch.urls")),
    path("", include("coalition.surveys.urls")),
    path("", include("coalition.governance.urls")),
    path("", include("coalition.programme.urls")),
    path("", include("coalition.enquiries.urls")),
    path("", include("coalition.api.urls")),
    path("", include("coalition.research.urls")),
    path("", include("coalition.policy.urls")),
    path("", include("coalition.discussions.urls")),
    path("", include("coalition.privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Uploaded files (logos, public documents). Folders for some people only are refused
    # here; their own views serve them after checking access.
    from coalition.core.views import media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media, name="media")]
