"""The privacy notice, written from what this instance actually collects."""

import re

from django.conf import settings
from django.shortcuts import render

from coalition.core.models import CoalitionProfile
from coalition.privacy.registry import modules

SETTING = re.compile(r"\{(PRIVACY_[A-Z_]+)\}")


def _fill(text: str) -> str:
    return SETTING.sub(lambda m: str(getattr(settings, m.group(1), m.group(0))), text)


def notice_sections() -> list[dict]:
    from django.apps import apps

    sections = []
    for label, module in modules().items():
        items = [
            {"what": _fill(c.what), "why": _fill(c.why), "kept": _fill(c.kept)}
            for c in getattr(module, "COLLECTS", ())
        ]
        if items:
            sections.append({"label": apps.get_app_config(label).verbose_name, "items": items})
    return sections


def notice(request):
    return render(
        request,
        "privacy/notice.html",
        {
            "profile": CoalitionProfile.objects.first(),
            "sections": notice_sections(),
            "retention": {
                "unconfirmed": settings.PRIVACY_UNCONFIRMED_DAYS,
                "ip": settings.PRIVACY_IP_ADDRESS_DAYS,
                "export": settings.PRIVACY_EXPORT_KEEP_DAYS,
            },
        },
    )
