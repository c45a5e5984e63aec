"""Demo discussions from seed 000's "general networking ... maintaining a social network":
threads on commissioning in West Sussex, personalisation, neighbourhood devolution and the
loss of advocacy, with replies, a quote, a mention, follows and one locked thread."""

from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coalition.core.models import Theme
from coalition.discussions.models import Follow, Post, Thread
from coalition.members.models import Organisation, Person

REPRESENTATIVE_EMAIL = "david.tyler@example.org"
# A second member representative with an account, so a reply can be shown notifying the first.
SECOND_EMAIL = "toby.blume@example.org"

# title, theme, visibility, attached to (kind, key), [(organisation slug, days ago, body)],
# locked reason
THREADS = [
    (
        "Commissioning in West Sussex: what are your members seeing?",
        "Funding and finance", "public", ("campaign", "funding-the-community-sector"),
        [
            ("community-matters", 12, "Adur Voluntary Action's survey is very strong: groups "
             "report serious problems from the county's commissioning strategy. Is anyone "
             "seeing the same elsewhere?"),
            ("navca", 11, "Yes: several CVSs tell us small groups are shut out of contracts that "
             "are too large for them."),
            ("urban-forum", 9, "We should focus on the **alternative demands**, not only a return "
             "to grants. @acre has been collecting rural examples."),
            ("acre", 8, "We have a dozen examples from Rural Community Councils; happy to share "
             "them for the response on the Compact."),
            ("bassac", 3, "Linking this to the Local Grants Forum's work would help."),
        ],
        "",
    ),
    (
        "Personalisation from April: should the Coalition take a position?",
        "Community development", "members",
        ("development", "personalisation-self-directed-support"),
        [
            ("community-matters", 20, "The changes start in April and are very complex. Good in "
             "principle, but they may bring fierce competition and let statutory bodies off the "
             "hook."),
            ("navca", 18, "Agreed; we should connect this with the thinking on health and social "
             "care generally."),
            ("urban-forum", 15, "A position first, then see whether members want a campaign."),
        ],
        "",
    ),
    (
        "Neighbourhood devolution: are parish and neighbourhood bodies ready?",
        "Local democracy", "public", ("development", "devolving-decisions-to-neighbourhoods"),
        [
            ("urban-forum", 6, "Devolution without a resourced capacity building strategy will "
             "favour the groups that are already strong."),
            ("acre", 5, "In villages parish councils exist; in towns there is often nothing at "
             "neighbourhood level."),
            ("community-matters", 2, "Please comment on the draft joint response: question 2 is "
             "exactly this."),
        ],
        "",
    ),
    (
        "The loss of advocacy in agencies that take contracts",
        "Funding and finance", "public", ("priority", None),
        [
            ("bassac", 30, "Agencies running erstwhile public services (home care, for example) "
             "lose the inclination to campaign. Where has this happened to your members?"),
            ("navca", 28, "Several local examples; we could spotlight them in the newsletter."),
        ],
        "Moved into the campaign planning; discussion continues at the Planning Group",
    ),
]  # fmt: skip


def _user_for(email: str):
    """The person's account, made (with the demo password) if they have none yet."""
    import os

    person = Person.objects.filter(email=email).first()
    if person is None:
        return None
    if person.user_id:
        return person.user
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        first, _, last = person.name.partition(" ")
        user = User.objects.create_user(
            username=email.split("@")[0].replace(".", ""),
            email=email,
            password=os.environ.get("DEMO_PASSWORD", "coalition-demo-2026"),
            first_name=first,
            last_name=last,
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    person.user = user
    person.save(update_fields=["user"])
    return user


def _attachment(kind: str, key):
    if kind == "development":
        from coalition.policy.models import Development

        return {"development": Development.objects.filter(slug=key).first()}
    if kind == "campaign":
        from coalition.campaigns.models import Campaign

        return {"campaign": Campaign.objects.filter(slug=key).first()}
    from coalition.governance.models import Proposal

    return {"priority": Proposal.objects.filter(title__icontains="advocacy").first()}


def _representative_user(organisation):
    person = (
        Person.objects.filter(
            affiliations__organisation=organisation,
            affiliations__is_representative=True,
            user__isnull=False,
        )
        .select_related("user")
        .first()
    )
    return person.user if person else None


@transaction.atomic
def load(today: date) -> str:
    first = _user_for(REPRESENTATIVE_EMAIL)
    second = _user_for(SECOND_EMAIL)
    organisations = {o.slug: o for o in Organisation.objects.all()}
    noon = timezone.make_aware(datetime.combine(today, time(12, 0)))
    made = 0
    for title, theme_name, visibility, (kind, key), posts, locked in THREADS:
        theme = Theme.objects.filter(name=theme_name).first() or Theme.objects.first()
        starter = organisations.get(posts[0][0])
        thread, created = Thread.objects.get_or_create(
            title=title,
            defaults={
                "theme": theme,
                "visibility": visibility,
                "organisation": starter,
                "author": _representative_user(starter) if starter else None,
                "created": noon - timedelta(days=posts[0][1]),
                **_attachment(kind, key),
            },
        )
        if not created:
            continue
        made += 1
        previous = None
        for index, (slug, days_ago, body) in enumerate(posts):
            organisation = organisations.get(slug)
            author = _representative_user(organisation) if organisation else None
            previous = Post.objects.create(
                thread=thread,
                organisation=organisation,
                author=author,
                author_name=organisation.name if organisation else "Coalition staff",
                body=body,
                quoted=previous if index == 1 else None,
                created=noon - timedelta(days=days_ago, hours=index),
            )
            if author:
                Follow.objects.get_or_create(thread=thread, user=author)
        thread.post_count = len(posts)
        thread.last_post_at = previous.created
        thread.is_locked = bool(locked)
        thread.moderation_reason = f"lock: {locked}" if locked else ""
        thread.save()
    for user in (first, second):
        if user:
            for thread in Thread.objects.filter(visibility="public")[:2]:
                Follow.objects.get_or_create(thread=thread, user=user)
    return (
        f"{Thread.objects.count()} discussion threads ({made} new), {Post.objects.count()} posts; "
        f"second representative account {SECOND_EMAIL}"
    )
