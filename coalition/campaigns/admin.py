"""The back office for campaigns: content in admin_pages, actions in admin_actions."""

from coalition.campaigns import admin_actions, admin_pages  # noqa: F401
