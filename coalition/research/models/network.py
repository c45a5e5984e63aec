"""The research network: institutions, researchers (opt-in public profiles) and requests
for evidence, routed by staff to matching researchers and kept as a thread."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Institution(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", "University"
        CENTRE = "centre", "Research centre"
        CHARITY = "charity", "Charity or voluntary organisation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.UNIVERSITY)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    expertise = models.CharField(
        max_length=500, blank=True, help_text="Areas of expertise, separated by commas."
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="research_institutions")
    listed = models.BooleanField("listed publicly", default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResearcherQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Researcher.Status.ACTIVE)

    def public(self):
        return self.active().filter(public_profile=True)


class Researcher(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for staff"
        ACTIVE = "active", "In the network"
        LEFT = "left", "Left the network"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="researcher",
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    email = models.EmailField(help_text="Where requests for evidence are sent. Never shown.")
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="researchers",
    )
    role = models.CharField(max_length=200, blank=True, help_text="e.g. Senior Lecturer")
    expertise = models.CharField(
        "areas of expertise",
        max_length=500,
        help_text="Separated by commas, e.g. commissioning, community development.",
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="researchers")
    bio = models.TextField("about you", blank=True)
    website = models.URLField(blank=True)
    public_profile = models.BooleanField(
        "show my profile publicly",
        default=False,
        help_text="Your name, institution, expertise and this text on the network page. "
        "Your email is never shown.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)

    objects = ResearcherQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("research:researcher", args=[self.slug])

    @property
    def expertise_list(self) -> list[str]:
        return [word.strip() for word in self.expertise.split(",") if word.strip()]


class EvidenceRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Waiting for staff"
        ROUTED = "routed", "With researchers"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="evidence_requests",
    )
    asker_name = models.CharField("your name", max_length=200)
    title = models.CharField(
        "what evidence you need",
        max_length=200,
        help_text="In a sentence, e.g. "
        "“Evidence on the effects of commissioning on small community groups”.",
    )
    description = models.TextField(
        "more detail",
        help_text="What it is for (a council meeting, a funding bid…), where, and what you "
        "already have.",
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="evidence_requests")
    needed_by = models.DateField("needed by", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    researchers = models.ManyToManyField(
        Researcher, blank=True, related_name="evidence_requests", help_text="Routed to."
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "-created"], name="research_request_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:request", args=[self.pk])


class EvidenceMessage(models.Model):
    """One message in a request's thread: the asker, a researcher, or staff."""

    class Role(models.TextChoices):
        ASKER = "asker", "Asked"
        RESEARCHER = "researcher", "Researcher"
        STAFF = "staff", "Coalition staff"

    request = models.ForeignKey(EvidenceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=Role.choices)
    body = models.TextField("reply", max_length=8000, blank=True)
    items = models.ManyToManyField(
        "research.ResearchItem", blank=True, related_name="evidence_messages"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.request}"
