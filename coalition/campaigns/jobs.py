"""Periodic jobs for campaign actions (imported from CampaignsConfig.ready)."""
