"""Workflows that touch several models, send email or queue work (see STYLE.md)."""
