"""The platform's own content in the search index: a small registry of what is indexable.

Each entry says which model, which rows are public, and how a row becomes a document:

    register(Indexable("campaign", "campaigns.Campaign", public=..., document=...))

Built in: organisations, campaigns, events; news and research are picked up when those
apps have a model with the expected shape (see `guess`), so they can land later without
changing this app. Another app may also call `register` from its AppConfig.ready.
The index follows saves and deletes (signals, after commit) and a periodic full reindex.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from coalition.sitesearch import index

log = logging.getLogger(__name__)


@dataclass
class Indexable:
    kind: str
    model: str  # "app_label.Model"
    public: Callable  # (model) -> queryset of public rows
    document: Callable  # (obj) -> dict of Document fields

    def model_class(self):
        return apps.get_model(self.model)

    def key(self, pk) -> str:
        return f"{self.kind}:{pk}"


registry: dict[str, Indexable] = {}


def themes_of(obj) -> str:
    themes = getattr(obj, "themes", None)
    if themes is None:
        return ""
    slugs = [t.slug for t in themes.all()]
    return "|" + "|".join(slugs) + "|" if slugs else ""


def _text(*parts) -> str:
    return "\n\n".join(str(p) for p in parts if p)


def organisation_document(org) -> dict:
    return {
        "title": org.name,
        "body": _text(org.short_name, org.description),
        "description": org.description[:300],
        "url": org.get_absolute_url(),
        "organisation": org,
        "themes": themes_of(org),
        "date": None,
    }


def campaign_document(campaign) -> dict:
    return {
        "title": campaign.title,
        "body": _text(campaign.policy_area, campaign.goal, campaign.summary, campaign.body),
        "description": campaign.summary,
        "url": campaign.get_absolute_url(),
        "organisation": campaign.lead_organisation,
        "themes": themes_of(campaign),
        "date": campaign.starts_on,
    }


def event_document(event) -> dict:
    return {
        "title": event.title,
        "body": _text(event.summary, event.description, event.venue, event.address),
        "description": event.summary,
        "url": event.get_absolute_url(),
        "organisation": event.organiser,
        "themes": themes_of(event),
        "date": event.starts_at.date() if event.starts_at else None,
    }


def generic_document(obj) -> dict:
    """For models of apps built later (news, research): the usual field names."""
    first = lambda *names: next(  # noqa: E731
        (getattr(obj, n) for n in names if getattr(obj, n, None)), None
    )
    when = first("published_at", "published_on", "published", "date", "created")
    if hasattr(when, "date") and callable(when.date):
        when = when.date()
    return {
        "title": str(first("title", "name") or obj),
        "body": _text(first("summary", "standfirst", "abstract"), first("body", "text", "content")),
        "description": str(first("summary", "standfirst", "abstract") or "")[:300],
        "url": obj.get_absolute_url(),
        "organisation": first("organisation", "author_organisation", "publisher"),
        "themes": themes_of(obj),
        "date": when if hasattr(when, "isoformat") else None,
    }


def _public(model, *methods):
    manager = model._default_manager
    for name in methods:
        if hasattr(manager, name):
            return getattr(manager, name)()
    return manager.all()


def register(item: Indexable) -> None:
    registry[item.kind] = item


def register_builtin() -> None:
    register(
        Indexable(
            "organisation",
            "members.Organisation",
            lambda m: m.objects.listed(),
            organisation_document,
        )
    )
    register(
        Indexable("campaign", "campaigns.Campaign", lambda m: m.objects.public(), campaign_document)
    )
    register(Indexable("event", "events.Event", lambda m: m.objects.published(), event_document))
    for kind, candidates in guess().items():
        for label in candidates:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            if hasattr(model, "get_absolute_url"):
                register(
                    Indexable(
                        kind,
                        label,
                        lambda m: _public(m, "published", "public", "visible"),
                        generic_document,
                    )
                )
                break


def guess() -> dict[str, list[str]]:
    return {
        "news": ["news.Article", "news.NewsItem", "news.Post", "news.Item", "news.Story"],
        "research": ["research.Publication", "research.Report", "research.Paper"],
    }


def index_object(item: Indexable, obj) -> None:
    model = item.model_class()
    if item.public(model).filter(pk=obj.pk).exists():
        fields = item.document(obj)
        index.upsert(key=item.key(obj.pk), kind=item.kind, body=fields.pop("body"), **fields)
    else:
        index.delete(item.key(obj.pk))


def reindex(kind: str | None = None) -> int:
    """Index every public row (and drop documents of rows no longer public)."""
    from coalition.sitesearch.models import Document

    count = 0
    for item in list(registry.values()):
        if kind and item.kind != kind:
            continue
        model = item.model_class()
        keep = []
        for obj in item.public(model).iterator(chunk_size=500):
            fields = item.document(obj)
            index.upsert(key=item.key(obj.pk), kind=item.kind, body=fields.pop("body"), **fields)
            keep.append(item.key(obj.pk))
            count += 1
        Document.objects.filter(kind=item.kind, page__isnull=True).exclude(key__in=keep).delete()
    return count


def _changed(sender, instance, **kwargs):
    for item in registry.values():
        if item.model_class() is sender:
            pk = instance.pk
            created_item = item

            def update(item=created_item, pk=pk):
                obj = item.model_class()._default_manager.filter(pk=pk).first()
                if obj is None:
                    index.delete(item.key(pk))
                else:
                    index_object(item, obj)

            transaction.on_commit(update)


def _deleted(sender, instance, **kwargs):
    for item in registry.values():
        if item.model_class() is sender:
            key = item.key(instance.pk)
            transaction.on_commit(lambda key=key: index.delete(key))


def connect() -> None:
    for item in registry.values():
        model = item.model_class()
        post_save.connect(_changed, sender=model, dispatch_uid=f"sitesearch-save-{item.kind}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"sitesearch-delete-{item.kind}")
        themes = getattr(model, "themes", None)
        if themes is not None and hasattr(themes, "through"):
            m2m_changed.connect(
                lambda sender, instance, action, model=model, **kw: (
                    _changed(model, instance)
                    if action.startswith("post_") and isinstance(instance, model)
                    else None
                ),
                sender=themes.through,
                dispatch_uid=f"sitesearch-themes-{item.kind}",
                weak=False,
            )
