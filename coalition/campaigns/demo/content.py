"""The demo's campaigns, from the seeds.

Seed 002 (strategic plan 2007-2010): "Funding the Community Sector" and
"Strengthening Local Governance", with "simple campaign actions suitable for a
range of different people and organisations across England ... along with
campaign tips, evidence and downloadable materials".

Seed 000 (campaign priorities 2010): privatisation of public services and the
loss of advocacy; inclusive, participative, non-bureaucratic organisation; and
safeguarding the community sector, "local action by local people" (here through
the funding work with Adur Voluntary Action in West Sussex).

Organisations are named by their short names in the members' seed. Files are
described here and built by demo.files.
"""

from coalition.campaigns.demo import files
from coalition.campaigns.demo.priorities import INCLUSIVE, PUBLIC_SERVICES, SAFEGUARDING

FUNDING = {
    "slug": "funding-the-community-sector",
    "title": "Funding the Community Sector",
    "policy_area": "Funding of the community sector",
    "themes": ["Funding and finance", "Community development"],
    "status": "active",
    "lead": "NAVCA",
    "supporters": ["Community Matters", "ACRE", "bassac", "DTA", "Urban Forum", "AUK"],
    "starts": -75,
    "ends": 120,
    "goal": (
        "For the community sector to be well resourced: small grants that community groups "
        "can reach, and paperwork in proportion to the money, so volunteers spend their time "
        "on community work."
    ),
    "summary": (
        "Grants are giving way to contracts and other forms of investment. Where funding is "
        "still there for community groups, volunteers spend disproportionate amounts of time "
        "on paperwork, not on community work."
    ),
    "body": """\
There is evidence of a shift away from grants to other forms of investment for the
community sector. Where there is funding available to community groups, the levels of
accessibility and associated bureaucracy are variable, causing volunteers to spend
disproportionate amounts of time on paperwork, not on community work.

Small groups run by the people who benefit from them (tenants' and residents'
associations, community gardens, youth clubs, advice sessions in a church hall) do work
nobody else does. They cannot bid for contracts, and they should not have to.

## What we are asking for

- **Keep small grants.** Every local authority should keep a small grants programme for
  community groups alongside any commissioning.
- **Proportionate paperwork.** A two-page application and a one-page report for grants
  under £10,000.
- **Funding that lasts.** Three-year funding for groups with a track record, so they can
  plan and keep their volunteers.
- **Funding for a voice, not only for services.** Money for advocacy and community
  development as well as for delivery.

This is more than arguing for a return to grants: we are identifying the funding and
resourcing that supports rather than undermines independent action, and promoting the
funders who already get it right.

## How you can help

Sign the petition, share it through your networks, and use the briefing and poster below
to raise it with your councillors and local funders.
""",
    "evidence": [
        {
            "title": "Commissioning and community groups in West Sussex",
            "source": "Adur Voluntary Action with the Community Sector Coalition, 2010",
            "summary": (
                "Interviews and a survey of groups in Adur and Worthing. Respondents describe "
                "serious problems arising from the county's commissioning strategy: small "
                "groups shut out of funding, and advocacy dropped to meet contract targets."
            ),
            "file": (
                "west-sussex-commissioning-summary.pdf",
                lambda: files.briefing_pdf(
                    "Commissioning and community groups in West Sussex",
                    "Summary of findings",
                    [
                        (
                            "What we did",
                            [
                                "Adur Voluntary Action and the Coalition spoke to 46 community "
                                "groups and voluntary organisations in Adur and Worthing about "
                                "how the move to commissioning has affected them.",
                            ],
                        ),
                        (
                            "What we found",
                            [
                                "- Small, volunteer-run groups are shut out: contracts are "
                                "too large and tendering takes skills they do not have.",
                                "- Groups that won contracts report less time for the "
                                "advocacy and community development they were set up for.",
                                "- Monitoring asks volunteers for the same information "
                                "several times over.",
                            ],
                        ),
                        (
                            "What would help",
                            [
                                "A small grants fund run alongside commissioning, simple "
                                "forms, and funders who value independence.",
                            ],
                        ),
                    ],
                ),
            ),
        },
        {
            "title": "Time spent on applications and monitoring by volunteer-run groups",
            "source": "Survey of 412 community groups by Coalition members, 2009",
            "summary": (
                "Groups with no paid staff spent a median of six hours on each small grant "
                "application and nine hours a year on monitoring returns; one in five had "
                "given up applying to at least one funder because of the paperwork."
            ),
            "file": (
                "paperwork-survey-2009.pdf",
                lambda: files.briefing_pdf(
                    "Time spent on paperwork by volunteer-run groups",
                    "Members' survey",
                    [
                        (
                            "The survey",
                            [
                                "Coalition members asked 412 community groups with no paid "
                                "staff how long funding applications and monitoring take.",
                            ],
                        ),
                        (
                            "Findings",
                            [
                                "- A median of six hours on each small grant application.",
                                "- Nine hours a year on monitoring returns.",
                                "- One group in five had given up applying to at least one "
                                "funder because of the paperwork.",
                            ],
                        ),
                    ],
                ),
            ),
        },
        {
            "title": "The Compact: how Government and the voluntary sector work together",
            "source": "HM Government, 2010",
            "summary": (
                "Commits public bodies to fair funding: proportionate monitoring, multi-year "
                "funding where it helps, and respect for the sector's independence, including "
                "its right to campaign."
            ),
            "url": "https://www.gov.uk/government/publications/the-compact",
        },
    ],
    "tips": [
        (
            "Tell one local story",
            "Decision-makers remember a story better than a statistic. Pick one group near "
            "you, what it does and what the paperwork costs it, and tell it in three "
            "sentences.",
        ),
        (
            "Meet your councillor",
            "Ask for fifteen minutes at their surgery. Bring the **briefing**, one story and "
            "one clear request: *keep the small grants fund in next year's budget*.",
        ),
        (
            "Work through your local support organisation",
            "Your council for voluntary service or rural community council talks to funders "
            "every week. Ask them to sign up as a partner and share the petition with their "
            "members.",
        ),
        (
            "Put up the poster",
            "Community centres, libraries and surgeries have noticeboards. Print the A4 "
            "poster, add your group's name, and ask before you pin it up.",
        ),
    ],
    "materials": [
        {
            "title": "Briefing: funding the community sector",
            "description": "Two pages for trustees, councillors and funders.",
            "file": (
                "briefing-funding-the-community-sector.pdf",
                lambda: files.briefing_pdf(
                    "Funding the community sector",
                    "Campaign briefing",
                    [
                        (
                            "The problem",
                            [
                                "There is a shift away from grants to other forms of "
                                "investment. Where there is funding for community groups, its "
                                "accessibility and bureaucracy vary, and volunteers spend "
                                "disproportionate amounts of time on paperwork, not on "
                                "community work.",
                            ],
                        ),
                        (
                            "What we ask for",
                            [
                                "- A small grants programme in every local authority.",
                                "- A two-page application for grants under 10,000 pounds.",
                                "- Three-year funding for groups with a track record.",
                                "- Funding for advocacy and community development.",
                            ],
                        ),
                        (
                            "Take action",
                            [
                                "Sign the petition and find materials at "
                                "communitysectorcoalition.org.uk/campaigns.",
                            ],
                        ),
                    ],
                ),
            ),
        },
        {
            "title": "Poster: keep small grants for community groups",
            "description": "A4, for noticeboards. Add your group's name at the bottom.",
            "file": (
                "poster-keep-small-grants.pdf",
                lambda: files.poster_pdf(
                    "Keep small grants for community groups",
                    [
                        "Volunteers should spend their time on community work, not paperwork.",
                        "Ask your council to keep its small grants fund.",
                    ],
                    "Sign the petition: communitysectorcoalition.org.uk",
                ),
            ),
        },
        {
            "title": "Image to share on social media",
            "description": "1200 by 630 pixels, for posts and newsletters.",
            "file": (
                "keep-small-grants.png",
                lambda: files.social_card_png(
                    "Keep small grants for community groups",
                    "Sign the petition - Community Sector Coalition",
                ),
            ),
        },
    ],
    "actions": [
        {
            "kind": "petition",
            "slug": "keep-small-grants",
            "title": "Keep small grants for community groups",
            "intro": (
                "Councils are replacing grants with contracts that small, volunteer-run "
                "groups cannot bid for. Add your name to ask the Government to protect the "
                "funding that keeps community groups going."
            ),
            "target": "The Secretary of State for Housing, Communities and Local Government",
            "text": (
                "We call on the Government to require every local authority in England to "
                "keep a small grants programme for community groups alongside any "
                "commissioning, with a two-page application and light monitoring for grants "
                "under £10,000."
            ),
            "goal": 5000,
            "closes": 60,
            "supporters": 3260,
            "pending": 240,
            "partners": ["Community Matters", "NAVCA", "ACRE", "Urban Forum"],
        },
    ],
}

GOVERNANCE = {
    "slug": "strengthening-local-governance",
    "title": "Strengthening Local Governance",
    "policy_area": "Local democracy and neighbourhood governance",
    "themes": ["Local democracy", "Neighbourhood renewal", "Community development"],
    "status": "active",
    "lead": "Urban Forum",
    "supporters": ["Community Matters", "CDX", "FCDL", "TPAS", "ACRE"],
    "starts": -50,
    "ends": 150,
    "goal": (
        "A coherent and properly resourced community capacity building strategy in every "
        "area, so residents and community groups can take part in decisions devolved to "
        "neighbourhood and parish level."
    ),
    "summary": (
        "Decisions, and possibly budgets, are moving to neighbourhood and parish level. "
        "Residents and community groups need support to take part, or devolution will pass "
        "them by."
    ),
    "body": """\
The Local Government White Paper and Bill outlined a radical change in the way that local
communities will be governed. Foremost among the changes that affect smaller community
groups is the devolution of local governance, decision making and possibly budgets to
neighbourhood or parish level.

Moving decisions from city or district level to neighbourhoods will need a coherent and
properly resourced **community capacity building strategy**, to harness the skills,
knowledge and experience of residents and community groups at neighbourhood level.
Without one, the people already used to meetings and paperwork will fill the new seats,
and everyone else will be left out.

## What we are asking for

1. Every council to publish a community capacity building strategy, agreed with local
   community groups.
2. Funding for community development workers in the neighbourhoods with the least
   capacity now.
3. Neighbourhood forums that meet when and where residents can come, with papers people
   can read.

## Write to your council leader

Use our template letter: it goes to the leader of your council (we match them from your
postcode) and to the Minister for Local Government.
""",
    "evidence": [
        {
            "title": "Local Government and Public Involvement in Health Act 2007",
            "source": "UK Parliament, 2007",
            "summary": (
                "The Act that followed the White Paper: the duty to involve local people, "
                "community calls for action, and local area agreements."
            ),
            "url": "https://www.legislation.gov.uk/ukpga/2007/28/contents",
        },
        {
            "title": "Neighbourhood governance: what residents told us",
            "source": "Coalition members' workshops in five cities, 2008",
            "summary": (
                "Residents want to be involved but meet barriers: meetings at the wrong "
                "times, jargon, and no support for new groups. Where a community development "
                "worker was in post, turnout at neighbourhood forums was three times higher."
            ),
            "file": (
                "neighbourhood-governance-residents.pdf",
                lambda: files.briefing_pdf(
                    "Neighbourhood governance: what residents told us",
                    "Workshop report",
                    [
                        (
                            "Five workshops",
                            [
                                "Coalition members ran workshops with 140 residents in "
                                "Nottingham, Leeds, Sheffield, Bristol and Manchester.",
                            ],
                        ),
                        (
                            "Barriers to taking part",
                            [
                                "- Meetings held in working hours, in council offices.",
                                "- Papers full of jargon, sent out too late to read.",
                                "- No help for new groups to get started.",
                            ],
                        ),
                        (
                            "What made the difference",
                            [
                                "Where a community development worker was in post, turnout "
                                "at neighbourhood forums was three times higher.",
                            ],
                        ),
                    ],
                ),
            ),
        },
    ],
    "tips": [
        (
            "Find out who decides",
            "Your council's website lists the leader and the cabinet member for communities. "
            "Our letter action finds your council leader from your postcode.",
        ),
        (
            "Go to your neighbourhood forum",
            "Ask at the next meeting how the council supports new community groups to take "
            "part, and write down the answer.",
        ),
        (
            "Make the letter your own",
            "A sentence about your own neighbourhood makes a letter far more likely to be "
            "read. Keep it polite and short.",
        ),
    ],
    "materials": [
        {
            "title": "Guide: neighbourhood governance for community groups",
            "description": "What devolution means for your group, in plain English.",
            "file": (
                "guide-neighbourhood-governance.pdf",
                lambda: files.briefing_pdf(
                    "Neighbourhood governance: a guide for community groups",
                    "Guide",
                    [
                        (
                            "What is changing",
                            [
                                "Decisions, and sometimes budgets, are moving from the town "
                                "hall to neighbourhoods and parishes.",
                            ],
                        ),
                        (
                            "What your group can do",
                            [
                                "- Find your neighbourhood forum or parish council.",
                                "- Ask what support there is for residents to take part.",
                                "- Write to your council leader with our template letter.",
                            ],
                        ),
                    ],
                ),
            ),
        },
        {
            "title": "Template letter to your council leader",
            "description": "To adapt, print and post, or take to a surgery.",
            "file": (
                "template-letter-council-leader.docx",
                lambda: files.docx(
                    "Letter to your council leader",
                    [
                        "Dear Councillor,",
                        "As decisions and budgets move to neighbourhood level, I am writing "
                        "to ask the council to publish a community capacity building "
                        "strategy, agreed with local community groups.",
                        "Residents want to take part, but need support to do so: community "
                        "development workers, meetings at times people can come, and papers "
                        "they can read.",
                        "Yours sincerely,",
                    ],
                ),
            ),
        },
    ],
    "actions": [
        {
            "kind": "letter",
            "slug": "write-to-your-council-leader",
            "title": "Write to your council leader",
            "intro": (
                "It takes two minutes. Our template letter asks your council for a properly "
                "resourced plan to help residents take part in neighbourhood decisions. "
                "Change it as much as you like."
            ),
            "letter_subject": "A plan to help residents take part in neighbourhood decisions",
            "letter_body": (
                "As decisions, and in some cases budgets, move to neighbourhood and parish "
                "level, I am writing to ask you to make sure residents and community groups "
                "can take part.\n\n"
                "That needs a coherent and properly resourced community capacity building "
                "strategy: community development workers in the neighbourhoods with the "
                "least support now, neighbourhood forums that meet when and where people can "
                "come, and papers written so that everyone can read them.\n\n"
                "Will you publish such a strategy, agreed with local community groups, "
                "before any further decisions are devolved?\n\n"
                "I would be grateful for your reply."
            ),
            "goal": 1000,
            "closes": 90,
            "supporters": 280,
            "pending": 30,
            "decision_makers": [
                (
                    "Councillor Margaret Hale",
                    "Leader of the Council",
                    "Nottingham City Council",
                    "leader@nottingham-council.example.org",
                    "NG1 NG2 NG3 NG5 NG6 NG7 NG8 NG11",
                    None,
                ),
                (
                    "Councillor David Okafor",
                    "Leader of the Council",
                    "Leeds City Council",
                    "leader@leeds-council.example.org",
                    "LS1 LS2 LS4 LS6 LS7 LS8 LS9 LS11 LS12",
                    None,
                ),
                (
                    "Councillor Helen Marsh",
                    "Leader of the Council",
                    "Sheffield City Council",
                    "leader@sheffield-council.example.org",
                    "S1 S2 S3 S6 S7 S8 S10 S11",
                    None,
                ),
                (
                    "Councillor Rachel Ahmed",
                    "Leader of the Council",
                    "Bristol City Council",
                    "leader@bristol-council.example.org",
                    "BS1 BS2 BS3 BS4 BS5 BS6 BS7 BS8 BS16",
                    None,
                ),
                (
                    "Councillor Tom Brennan",
                    "Leader of the Council",
                    "Manchester City Council",
                    "leader@manchester-council.example.org",
                    "M1 M4 M8 M11 M13 M14 M15 M16 M20",
                    None,
                ),
                (
                    "Jo Whitfield MP",
                    "Minister for Local Government",
                    "Ministry of Housing, Communities and Local Government",
                    "minister.localgovernment@example.org",
                    "",
                    40,
                ),
            ],
        },
    ],
}

CAMPAIGNS = [FUNDING, GOVERNANCE, PUBLIC_SERVICES, INCLUSIVE, SAFEGUARDING]

# Organisations (not members) that pledged, as supporters would type them.
LOCAL_ORGANISATIONS = [
    "Riverside Residents' Association",
    "Tyneside Community Advice",
    "Moss Side Community Garden",
    "Chapeltown Youth Project",
    "St Ann's Tenants and Residents Association",
    "Easton Community Centre",
    "Wolverton Village Hall Committee",
    "Lewes District Volunteer Centre",
    "Hull Women's Centre",
    "Kirklees Community Transport",
    "Penwith Rural Action",
    "Sparkbrook Neighbourhood Forum",
    "Walthamstow Refugee Support",
    "Burngreave Community Action",
    "Norwich Credit Union",
    "Bradford Faith Forum",
]
