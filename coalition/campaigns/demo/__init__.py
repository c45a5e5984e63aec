"""The campaigns demo: `load(today)`, called by `manage.py load_demo` after the members.

Idempotent: campaigns, actions and everything attached are found by their slug or
title and updated; supporters are generated from a fixed random seed and inserted
with ignore_conflicts on (action, email), so a second run adds nobody; files are
generated only when missing. See content.py for where each campaign comes from.
"""

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from coalition.campaigns.demo import people
from coalition.campaigns.demo.content import CAMPAIGNS, LOCAL_ORGANISATIONS
from coalition.campaigns.letters import matching_decision_makers
from coalition.campaigns.models import (
    Action,
    Campaign,
    CampaignTip,
    DecisionMaker,
    EvidenceItem,
    Letter,
    Material,
    Participation,
    PartnerLink,
)
from coalition.core.models import CoalitionProfile, Theme
from coalition.lib.postcodes import postcode_area, postcode_district
from coalition.members.models import Organisation

PENDING, CONFIRMED = Participation.Status.PENDING, Participation.Status.CONFIRMED
PARTNER_SHARE = 0.35
# Supporters of the letter action who wrote today, after a mention in a newsletter: more
# than the minister's daily limit, so some letters are held until tomorrow.
LETTERS_TODAY = 60
FAILED_LETTER_NOTE = (
    "SMTPRecipientsRefused: {'leader@bristol-council.example.org': (550, b'5.2.2 Mailbox full')}"
)


def load(today) -> str:
    now = timezone.now()
    organisations = organisation_lookup()
    themes = {theme.name: theme for theme in Theme.objects.all()}
    counts = {"actions": 0, "participations": 0, "letters": 0}
    for spec in CAMPAIGNS:
        campaign = load_campaign(spec, today, organisations, themes)
        load_evidence(campaign, spec["evidence"])
        load_tips(campaign, spec["tips"])
        load_materials(campaign, spec["materials"])
        for position, action_spec in enumerate(spec["actions"]):
            action = load_action(campaign, action_spec, position, today, now)
            counts["actions"] += 1
            load_participations(action, action_spec, campaign, organisations, now)
            if action.kind == Action.Kind.LETTER:
                load_letters(action, today, now)
            recount(action)
    actions = Action.objects.filter(campaign__slug__in=[spec["slug"] for spec in CAMPAIGNS])
    counts["participations"] = Participation.objects.filter(action__in=actions).count()
    counts["letters"] = Letter.objects.filter(participation__action__in=actions).count()
    return (
        f"Campaigns demo loaded: {len(CAMPAIGNS)} campaigns, {counts['actions']} actions, "
        f"{counts['participations']:,} supporters, {counts['letters']:,} letters."
    )


def organisation_lookup() -> dict[str, Organisation]:
    """Member organisations by short name and by name."""
    lookup = {}
    for organisation in Organisation.objects.all():
        lookup[organisation.name] = organisation
        if organisation.short_name:
            lookup[organisation.short_name] = organisation
    # bassac is listed under its full name in the seed.
    bassac = lookup.get("British Association of Settlements and Social Action Centres")
    if bassac is not None:
        lookup.setdefault("bassac", bassac)
    return lookup


def load_campaign(spec, today, organisations, themes) -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "policy_area": spec["policy_area"],
            "goal": spec["goal"],
            "summary": spec["summary"],
            "body": spec["body"],
            "status": spec["status"],
            "lead_organisation": organisations.get(spec["lead"]),
            "starts_on": today + timedelta(days=spec["starts"]),
            "ends_on": today + timedelta(days=spec["ends"]) if spec["ends"] is not None else None,
        },
    )
    campaign.themes.set([themes[name] for name in spec["themes"] if name in themes])
    campaign.supporting_organisations.set(
        [organisations[name] for name in spec["supporters"] if name in organisations]
    )
    return campaign


def file_missing(field) -> bool:
    return not field or not field.storage.exists(field.name)


def load_evidence(campaign, items) -> None:
    for order, item in enumerate(items):
        evidence, _ = EvidenceItem.objects.update_or_create(
            campaign=campaign,
            title=item["title"],
            defaults={
                "source": item["source"],
                "summary": item["summary"],
                "url": item.get("url", ""),
                "order": order,
            },
        )
        if "file" in item and file_missing(evidence.file):
            name, build = item["file"]
            evidence.file.save(name, ContentFile(build()), save=True)


def load_tips(campaign, tips) -> None:
    for order, (title, body) in enumerate(tips):
        CampaignTip.objects.update_or_create(
            campaign=campaign, title=title, defaults={"body": body, "order": order}
        )


def load_materials(campaign, materials) -> None:
    for order, item in enumerate(materials):
        material = Material.objects.filter(campaign=campaign, title=item["title"]).first()
        if material is None:
            material = Material(campaign=campaign, title=item["title"])
        material.description = item["description"]
        material.order = order
        if file_missing(material.file):
            name, build = item["file"]
            material.file.save(name, ContentFile(build()), save=False)
            material.kind = ""  # detected again from the new file's content on save
        material.save()


def end_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def load_action(campaign, spec, position, today, now) -> Action:
    closes = spec.get("closes")
    handed_in = spec.get("handed_in")
    defaults = {
        "kind": spec["kind"],
        "title": spec["title"],
        "intro": spec["intro"],
        "status": spec.get("status", Action.Status.OPEN),
        "goal": spec["goal"],
        "order": position,
        "closes_at": end_of_day(today + timedelta(days=closes)) if closes is not None else None,
        "target": spec.get("target", ""),
        "text": spec.get("text", ""),
        "letter_subject": spec.get("letter_subject", ""),
        "letter_body": spec.get("letter_body", ""),
        "handed_in_on": today + timedelta(days=handed_in) if handed_in is not None else None,
        "hand_in_note": spec.get("hand_in_note", ""),
    }
    action, _ = Action.objects.update_or_create(
        campaign=campaign, slug=spec["slug"], defaults=defaults
    )
    for name, role, body, email, districts, limit in spec.get("decision_makers", []):
        DecisionMaker.objects.update_or_create(
            action=action,
            email=email,
            defaults={
                "name": name,
                "role": role,
                "body": body,
                "postcode_districts": districts,
                "daily_limit": limit,
            },
        )
    return action


def action_window(action, campaign, now) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(campaign.starts_on, time(9, 0)))
    end = min(now - timedelta(minutes=5), action.closes_at or now)
    return start, max(end, start + timedelta(hours=1))


def load_participations(action, spec, campaign, organisations, now) -> None:
    from coalition.campaigns.services import normalise_email

    # Who the supporters are comes from a generator of its own, drawn the same number of
    # times for each: a second run makes the same people, whom the database then refuses.
    identities = random.Random(f"coalition-demo/{campaign.slug}/{action.slug}/people")
    rng = random.Random(f"coalition-demo/{campaign.slug}/{action.slug}")
    confirmed, pending = spec["supporters"], spec["pending"]
    start, end = action_window(action, campaign, now)
    span = (end - start).total_seconds()
    partners = [
        PartnerLink.objects.get_or_create(action=action, organisation=organisations[name])[0]
        for name in spec.get("partners", [])
        if name in organisations
    ]
    districts = spec.get("districts")
    if action.kind == Action.Kind.LETTER:
        covered = sorted({d for dm in action.decision_makers.all() for d in dm.districts})
        districts = covered * 4 + people.DISTRICTS  # most letter writers live where a leader is
    pledgers = pledging_organisations(action, campaign, organisations, rng)
    coalition_name = CoalitionProfile.current().name or "The coalition"
    rows = []
    for number in range(confirmed + pending):
        person = people.person(identities, number, districts)
        is_pending = number >= confirmed
        if is_pending and action.is_open(now):
            created = end - timedelta(seconds=rng.uniform(0, 3 * 86400))  # not confirmed yet
        elif action.kind == Action.Kind.LETTER and number >= confirmed - LETTERS_TODAY:
            midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
            created = midnight + (end - midnight) * rng.random() if end > midnight else end
        else:
            # More at the launch and as word spreads towards the end.
            created = start + timedelta(seconds=span * rng.betavariate(0.9, 0.8))
        created = max(start, min(created, end))
        partner = rng.choice(partners) if partners and rng.random() < PARTNER_SHARE else None
        organisation_name, on_behalf, listed = "", False, False
        if pledgers and number < len(pledgers):
            organisation_name, on_behalf, listed = pledgers[number], True, rng.random() < 0.85
        elif rng.random() < 0.08:
            organisation_name = rng.choice(LOCAL_ORGANISATIONS)
        by_coalition = rng.random() < 0.4
        by_partner = partner is not None and rng.random() < 0.5
        wording = []
        if by_coalition:
            wording.append(
                f"{coalition_name} may email me about this campaign and its other campaigns. "
                "I can unsubscribe at any time."
            )
        if by_partner:
            wording.append(
                f"{partner.organisation.name} may email me about its work. "
                "I can unsubscribe at any time."
            )
        confirmed_at = None
        if not is_pending:
            confirmed_at = min(created + timedelta(minutes=rng.randint(1, 240)), end)
        rows.append(
            Participation(
                action=action,
                partner=partner,
                name=person["name"],
                email=person["email"],
                email_normalised=normalise_email(person["email"]),
                postcode=person["postcode"],
                postcode_district=postcode_district(person["postcode"]),
                postcode_area=postcode_area(person["postcode"]),
                organisation_name=organisation_name,
                on_behalf_of_organisation=on_behalf,
                list_publicly=listed,
                contact_by_coalition=by_coalition,
                contact_by_partner=by_partner,
                consent_wording="\n".join(wording),
                status=PENDING if is_pending else CONFIRMED,
                created=created,
                confirmed_at=confirmed_at,
                confirmation_sent_at=created,
            )
        )
    Participation.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def pledging_organisations(action, campaign, organisations, rng) -> list[str]:
    """For a pledge: member organisations and local groups that pledge on their own behalf."""
    if action.kind != Action.Kind.PLEDGE:
        return []
    members = sorted({o.name for o in organisations.values() if o.status == "active"})
    chosen = rng.sample(members, k=min(len(members), 18))
    return chosen + LOCAL_ORGANISATIONS


def load_letters(action, today, now) -> None:
    """Letters for the letter action's supporters: sent, held, one failed, some waiting."""
    recipients = list(action.decision_makers.all())
    limited = {dm.pk: dm.daily_limit for dm in recipients if dm.daily_limit}
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    sent_today: dict[int, int] = {}
    if Letter.objects.filter(participation__action=action).exists():
        return  # loaded before: letters are only ever made for new supporters once
    participations = action.participations.order_by("confirmed_at", "created", "pk")
    rng = random.Random(f"coalition-demo/letters/{action.pk}")
    letters = []
    failed_one = False
    for participation in participations:
        body = action.letter_body
        if rng.random() < 0.12:
            body += (
                f"\n\nHere in {participation.postcode_district} our residents' association "
                "would take part gladly if the council helped us to."
            )
        for recipient in matching_decision_makers(action, participation.postcode_district):
            letter = Letter(
                participation=participation,
                decision_maker=recipient,
                subject=action.letter_subject,
                body=body,
            )
            if participation.status != Participation.Status.CONFIRMED:
                letter.status = Letter.Status.WAITING
            elif (
                participation.confirmed_at >= midnight
                and recipient.pk in limited
                and sent_today.get(recipient.pk, 0) >= limited[recipient.pk]
            ):
                letter.status = Letter.Status.HELD
            elif not failed_one and recipient.body.startswith("Bristol"):
                failed_one = True
                letter.status = Letter.Status.FAILED
                letter.sent_at = participation.confirmed_at + timedelta(minutes=1)
                letter.error = FAILED_LETTER_NOTE
            else:
                letter.status = Letter.Status.SENT
                letter.sent_at = participation.confirmed_at + timedelta(seconds=40)
                if participation.confirmed_at >= midnight:
                    sent_today[recipient.pk] = sent_today.get(recipient.pk, 0) + 1
            letters.append(letter)
    Letter.objects.bulk_create(letters, batch_size=500, ignore_conflicts=True)
    # `created` is set on insert (auto_now_add): date each letter from its supporter.
    Letter.objects.filter(participation__action=action).update(
        created=Subquery(
            Participation.objects.filter(pk=OuterRef("participation_id")).values("created")[:1]
        )
    )


def recount(action) -> None:
    from coalition.campaigns import services

    if hasattr(services, "recount"):
        services.recount(action)
