"""Research items in the site search, with the full text of their uploaded PDFs."""

from coalition.sitesearch import registry


def item_document(item) -> dict:
    return {
        "title": item.title,
        "body": registry._text(
            "; ".join(item.author_names),
            item.publisher,
            item.summary,
            item.abstract,
            item.key_findings,
            item.keywords,
            item.file_text,
        ),
        "description": item.summary[:300],
        "url": item.get_absolute_url(),
        "organisation": item.organisation,
        "themes": registry.themes_of(item),
        "date": item.published_at.date() if item.published_at else None,
    }


def register() -> None:
    registry.register(
        registry.Indexable(
            "research",
            "research.ResearchItem",
            lambda model: model.objects.published().prefetch_related(
                "authorships__author", "themes"
            ),
            item_document,
        )
    )
    registry.connect()  # connects the new kind's signals (the others are connected once)
