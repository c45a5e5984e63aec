"""The learning programme: public list and pages; staff write them, add materials and
the "what we learned" write-up."""

from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core.cache import public_page
from coalition.core.permissions import staff_required
from coalition.research.forms import LearningForm, MaterialForm
from coalition.research.models import LearningOpportunity


@public_page
@require_GET
def learning(request):
    today = timezone.localdate()
    published = (
        LearningOpportunity.objects.published().select_related("event").prefetch_related("themes")
    )
    upcoming = published.exclude(starts_on__lt=today).order_by("starts_on")
    past = published.filter(starts_on__lt=today).order_by("-starts_on")
    return render(request, "research/learning/list.html", {"upcoming": upcoming, "past": past})


@public_page
@require_GET
def learning_item(request, slug):
    opportunity = get_object_or_404(
        LearningOpportunity.objects.published()
        .select_related("event")
        .prefetch_related("themes", "materials", "items"),
        slug=slug,
    )
    return render(request, "research/learning/item.html", {"opportunity": opportunity})


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_learning(request):
    return render(
        request,
        "research/staff/learning.html",
        {"opportunities": LearningOpportunity.objects.select_related("event")},
    )


def unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:180] or "learning"
    slug, number = base, 2
    while LearningOpportunity.objects.exclude(pk=exclude_pk).filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@staff_required
@require_http_methods(["GET", "POST"])
def staff_learning_item(request, pk=None):
    opportunity = get_object_or_404(LearningOpportunity, pk=pk) if pk else None
    status = HTTPStatus.OK
    if request.method == "POST":
        form = LearningForm(request.POST, instance=opportunity)
        if form.is_valid():
            opportunity = form.save(commit=False)
            if not opportunity.slug:
                opportunity.slug = unique_slug(opportunity.title, opportunity.pk)
            opportunity.save()
            form.save_m2m()
            opportunity.items.set(form.cleaned_data["items_text"])
            messages.success(request, f"“{opportunity.title}” is saved.")
            return redirect("research:staff_learning_item", pk=opportunity.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = LearningForm(instance=opportunity)
    return render(
        request,
        "research/staff/learning_item.html",
        {"opportunity": opportunity, "form": form, "material_form": MaterialForm()},
        status=status,
    )


@staff_required
@require_POST
def staff_material_add(request, pk):
    opportunity = get_object_or_404(LearningOpportunity, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "research/staff/learning_item.html",
            {
                "opportunity": opportunity,
                "form": LearningForm(instance=opportunity),
                "material_form": form,
            },
            status=HTTPStatus.BAD_REQUEST,
        )
    material = form.save(commit=False)
    material.opportunity = opportunity
    material.order = opportunity.materials.count()
    material.save()
    messages.success(request, f"“{material.title}” is added.")
    return redirect("research:staff_learning_item", pk=opportunity.pk)
