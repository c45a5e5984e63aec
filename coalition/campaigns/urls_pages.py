"""URLs of campaigns, evidence, materials and letters (see urls.py)."""

urlpatterns = []
