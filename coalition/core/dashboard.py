"""Panels that other apps add to the staff dashboard.

An app with things for staff to act on defines `coalition/<app>/dashboard.py`:

    def panels(today) -> list[Panel]

Each Panel is rendered in order after the members' panels. Keep each to a few
cheap queries: the dashboard has a response-time target (bench/README.md).

Panels are counted and rendered once for all staff (see `app_panels`), so a panel's
template gets only `panel` in its context, no request: it shows figures and links,
never a form or anything about the person looking.
"""

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from coalition.core.cache import current_generation


@dataclass
class Panel:
    title: str
    template: str  # included with `panel` in its context (use panel.context.<name>)
    context: dict = field(default_factory=dict)
    link: str = ""  # "see all" link for the panel's heading
    link_text: str = ""
    attention: int = 0  # a count shown in the summary when something waits for staff
    attention_label: str = ""  # e.g. "events waiting for moderation"
    html: str = ""  # the rendered template, filled in by app_panels

    @property
    def slug(self) -> str:
        return self.template.rsplit("/", 1)[-1].removesuffix(".html").replace("_", "-")


def app_panels(today) -> list[Panel]:
    """Every app's panels, rendered, shared by all staff for PANEL_SECONDS.

    Staff open the dashboard often, and the panels count large tables (a petition's
    signatures, the calendar): counted and rendered once for everyone, and again as
    soon as content staff edit changes (the page-cache generation is in the key), their
    figures are at most PANEL_SECONDS old. What is kept is each panel's HTML, not the
    rows it was made from, so a dashboard view unpickles a few strings.
    """
    key = f"dashboard:panels:{current_generation()}:{today.isoformat()}"
    panels = cache.get(key)
    if panels is None:
        panels = _build_panels(today)
        for panel in panels:
            panel.html = mark_safe(render_to_string(panel.template, {"panel": panel}))  # noqa: S308  # nosec B308 B703 (our template)
            panel.context = {}
        cache.set(key, panels, settings.DASHBOARD_PANEL_SECONDS)
    return panels


def _build_panels(today) -> list[Panel]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("coalition.") or config.label in {"core", "members"}:
            continue
        name = f"{config.name}.dashboard"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        found.extend(module.panels(today))
    return found
