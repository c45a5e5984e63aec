from django import template

register = template.Library()


@register.simple_tag
def elided_pages(page):
    """Page numbers to show in a pagination bar, with … gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
