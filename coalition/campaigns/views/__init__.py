"""Views for taking part in actions, partners and the staff view (pages: views_pages)."""
