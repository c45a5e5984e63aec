"""URLs for taking part in actions, partners and the staff view of actions (see urls.py)."""

urlpatterns = []
