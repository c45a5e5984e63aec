"""The demo's campaigns from seed 000 (campaign priorities 2010).

Privatisation of public services and the loss of advocacy; inclusive,
participative, non-bureaucratic organisation; and safeguarding the community
sector, "local action by local people" (through the funding work with Adur
Voluntary Action in West Sussex). Imported by content.py.
"""

from coalition.campaigns.demo import files

PUBLIC_SERVICES = {
    "slug": "keep-our-voice",
    "title": "Keep Our Voice: Public Services and Independent Voluntary Action",
    "policy_area": "Public services and the voluntary sector",
    "themes": ["Funding and finance", "Advice services", "Volunteering"],
    "status": "active",
    "lead": "Community Matters",
    "supporters": ["AUK", "CLES", "CCWA", "NAVCA", "bassac"],
    "starts": -30,
    "ends": None,
    "goal": (
        "Voluntary organisations that keep their independence and their voice: no group "
        "should have to give up advocacy and campaigning to deliver a contract."
    ),
    "summary": (
        "Privatisation of public services damages both the services and an independent "
        "voluntary sector. Agencies that take contracts too often lose the inclination to "
        "campaign. We want to spotlight this and help bring that work back."
    ),
    "body": """\
We are challenging current policy on the role of the voluntary sector in the provision
of public services, with particular stress on the damaging and regressive intentions and
effects of privatisation, both for public services and for an independent voluntary
sector.

An important casualty of voluntary agencies taking contracts, especially to run what were
public services (home care, for example), is the **loss of the potential and inclination
to undertake advocacy and campaign work**. We want to spotlight this and find ways of
supporting the re-creation of this work where it has disappeared or been emasculated.

Expenditure cuts will catch many agencies working under contract. This is a moment to
encourage groups to review their involvement in the privatisation of public services,
working with others who are already active, including the unions.

## The pledge

We are asking organisations to make one small, concrete commitment: to put the question
on their board's agenda. Individuals can pledge to raise it in the organisations they
volunteer for, work in or use.
""",
    "evidence": [
        {
            "title": "The loss of advocacy and campaigning",
            "source": "Coalition Planning Group paper, 2010",
            "summary": (
                "Case studies of agencies that stopped campaigning after taking contracts "
                "to run former public services, and of two that kept their voice by "
                "writing it into their agreements."
            ),
            "file": (
                "loss-of-advocacy-and-campaigning.pdf",
                lambda: files.briefing_pdf(
                    "The loss of advocacy and campaigning",
                    "Planning Group paper",
                    [
                        (
                            "Why it matters",
                            [
                                "Voluntary action has always included speaking up for the "
                                "people it serves. Contracts to run public services too "
                                "often come with an expectation of silence.",
                            ],
                        ),
                        (
                            "What we found",
                            [
                                "- Agencies stopped campaigning for fear of losing contracts.",
                                "- Some contracts restricted speaking to the press.",
                                "- Two agencies kept their voice by agreeing it in advance.",
                            ],
                        ),
                    ],
                ),
            ),
        },
        {
            "title": "Public Services (Social Value) Act 2012",
            "source": "UK Parliament, 2012",
            "summary": (
                "Requires public bodies to consider the wider social value of what they buy: "
                "a lever for community groups in commissioning."
            ),
            "url": "https://www.legislation.gov.uk/ukpga/2012/3/enacted",
        },
    ],
    "tips": [
        (
            "Put it on your board's agenda",
            "Use the model motion below. Ask for ten minutes at the next meeting, not a "
            "decision on the night.",
        ),
        (
            "Read your contracts",
            "Look for clauses about speaking to the press or lobbying. If you find one, "
            "tell us: we are collecting examples.",
        ),
        (
            "Talk to the unions",
            "Staff transferred from public services often belong to a union that shares "
            "these concerns. Ask your local branch to meet.",
        ),
    ],
    "materials": [
        {
            "title": "Model board motion: keeping our voice",
            "description": "A Word document to adapt for your board or committee.",
            "file": (
                "model-motion-keeping-our-voice.docx",
                lambda: files.docx(
                    "Model motion: keeping our voice",
                    [
                        "This board notes that contracts to deliver public services can "
                        "limit an organisation's ability to speak up for the people it "
                        "serves.",
                        "This board resolves to review every contract we hold for "
                        "restrictions on advocacy and campaigning, and to report back at "
                        "our next meeting.",
                        "This board resolves that advocacy for the people we serve remains "
                        "part of our purpose, whoever funds our work.",
                    ],
                ),
            ),
        },
    ],
    "actions": [
        {
            "kind": "pledge",
            "slug": "raise-it-at-your-board",
            "title": "Raise the loss of advocacy at your board",
            "intro": (
                "One small commitment from your organisation. Pledge on its behalf and we "
                "list it below (if you agree), or pledge yourself to raise it where you "
                "work or volunteer."
            ),
            "text": (
                "We will raise the loss of advocacy at our next board meeting, and review "
                "whether any contract we hold limits what we can say."
            ),
            "goal": 250,
            "closes": None,
            "supporters": 64,
            "pending": 8,
        },
    ],
}

INCLUSIVE = {
    "slug": "inclusive-participative-organisations",
    "title": "Inclusive, Participative Organisations",
    "policy_area": "How voluntary organisations are run",
    "themes": ["Community development", "Learning and skills"],
    "status": "closed",
    "lead": "FCDL",
    "supporters": ["CDX", "ADEPT", "CCWA"],
    "starts": -420,
    "ends": -60,
    "goal": (
        "To reassert inclusive, participative, non-bureaucratic ways of organising as a "
        "strength of the voluntary and community sector, and defend them against a "
        "management orthodoxy imported from the private sector."
    ),
    "summary": (
        "One of the historic strengths of the sector is inclusive, participative, "
        "non-bureaucratic organisation. This campaign sparked debate in workplaces and "
        "offered groups an independence audit."
    ),
    "body": """\
This campaign reasserted one of the historic strengths of the voluntary and community
sector: inclusive, participative, non-bureaucratic styles of organisation and management.

It began with a workshop in Nottingham on 27 February, and produced a policy paper on the
impact of management styles on voluntary action. Around it we sparked debate within
workplaces, worked with unions, looked at pay differentials as a factor in the move to
managerialism, and offered **independence audits**: working with individual agencies and
groups to help them see how independent they really are.

The pledge is now closed. Thank you to the 90 organisations and people who took part.
The independence audit remains free to download and use.
""",
    "evidence": [
        {
            "title": "The impact of management styles on voluntary action",
            "source": "Workshop report, Nottingham, 27 February",
            "summary": (
                "What practitioners said about targets, hierarchy and pay differentials, "
                "and the ways of working they want to protect."
            ),
            "file": (
                "management-styles-workshop-report.pdf",
                lambda: files.briefing_pdf(
                    "The impact of management styles on voluntary action",
                    "Workshop report",
                    [
                        (
                            "The workshop",
                            [
                                "Forty practitioners, trustees and union members met in "
                                "Nottingham to discuss how management styles imported from "
                                "the private sector are changing voluntary action.",
                            ],
                        ),
                        (
                            "Themes",
                            [
                                "- Targets that crowd out relationships.",
                                "- Growing pay differentials between chief officers and staff.",
                                "- Members and volunteers shut out of decisions.",
                            ],
                        ),
                    ],
                ),
            ),
        },
    ],
    "tips": [
        (
            "Start a conversation at work",
            "Ask colleagues one question at a team meeting: who really decides here?",
        ),
    ],
    "materials": [
        {
            "title": "Independence audit: a self-assessment",
            "description": "Twenty questions for your board and staff to answer together.",
            "file": (
                "independence-audit.pdf",
                lambda: files.briefing_pdf(
                    "Independence audit",
                    "A self-assessment for your organisation",
                    [
                        (
                            "How to use it",
                            [
                                "Answer the questions together, board and staff, and agree "
                                "one change to make in the next six months.",
                            ],
                        ),
                        (
                            "Some of the questions",
                            [
                                "- Who sets our priorities: our members, or our funders?",
                                "- Could we campaign against a funder's policy tomorrow?",
                                "- How do the people we serve take part in decisions?",
                            ],
                        ),
                    ],
                ),
            ),
        },
    ],
    "actions": [
        {
            "kind": "pledge",
            "slug": "take-the-independence-audit",
            "title": "Take the independence audit",
            "intro": "Pledge to work through the independence audit with your board.",
            "text": (
                "We will work through the independence audit with our board and staff, and "
                "agree one change to make in the next six months."
            ),
            "goal": 100,
            "closes": -60,
            "supporters": 90,
            "pending": 0,
            "status": "closed",
        },
    ],
}

SAFEGUARDING = {
    "slug": "safeguarding-the-community-sector",
    "title": "Safeguarding the Community Sector",
    "policy_area": "Local community action",
    "themes": ["Community development", "Community assets", "Funding and finance"],
    "status": "won",
    "lead": "ACRE",
    "supporters": ["Community Matters", "DTA", "FCFCG", "VAN"],
    "starts": -330,
    "ends": -140,
    "goal": (
        "To promote and safeguard the community sector, local action by local people, "
        "starting with the small grants that West Sussex's volunteer-run groups depend on."
    ),
    "summary": (
        "Local action by local people needs protecting as the sector's leadership focuses "
        "on professionalised, service-providing agencies. In West Sussex, 1,900 people "
        "helped keep the county's small grants fund."
    ),
    "body": """\
We set out to promote and try to safeguard the community sector, especially local action
by local people, as a counterpoint to the increasingly tight focus of the sector's
'leadership' on the more professionalised, service-providing voluntary agencies.

Our work with Adur Voluntary Action showed what was at stake in West Sussex: a
commissioning strategy that left small groups without a way to apply for funding. Local
groups organised, and with this petition asked the county council to keep a small grants
fund alongside its contracts.

## We won

The petition was handed in at County Hall in Chichester. In its budget the council kept
its small grants fund at £250,000 a year, and cut the application form from twelve pages
to two. Thank you to everyone who signed, and to the groups who organised locally.
""",
    "evidence": [
        {
            "title": "Localism Act 2011",
            "source": "UK Parliament, 2011",
            "summary": (
                "Community rights to bid for assets of community value and to challenge "
                "how services are run: tools for local groups, if they have the support to "
                "use them."
            ),
            "url": "https://www.legislation.gov.uk/ukpga/2011/20/contents",
        },
    ],
    "tips": [
        (
            "Organise locally, link nationally",
            "The West Sussex petition was won by local groups, with national members "
            "sharing it through their networks. Start local; ask us to help you reach "
            "further.",
        ),
    ],
    "materials": [],
    "actions": [
        {
            "kind": "petition",
            "slug": "keep-west-sussex-small-grants",
            "title": "Keep West Sussex's small grants fund",
            "intro": (
                "West Sussex County Council planned to replace its small grants with "
                "contracts. Volunteer-run groups asked it to keep them."
            ),
            "target": "West Sussex County Council, Cabinet Member for Communities",
            "text": (
                "We ask West Sussex County Council to keep a small grants fund for "
                "volunteer-run community groups alongside its commissioning, with a simple "
                "application form."
            ),
            "goal": 1500,
            "closes": -150,
            "supporters": 1880,
            "pending": 60,
            "status": "closed",
            "handed_in": -145,
            "hand_in_note": (
                "Handed in at County Hall, Chichester, to the Cabinet Member for "
                "Communities by volunteers from Adur Voluntary Action and local community "
                "associations. In its budget the council kept the small grants fund at "
                "£250,000 a year and cut the application form from twelve pages to two."
            ),
            "partners": ["Community Matters", "ACRE"],
            "districts": [
                "BN11",
                "BN12",
                "BN13",
                "BN14",
                "BN15",
                "BN16",
                "BN17",
                "BN42",
                "BN43",
                "RH10",
                "RH11",
                "RH12",
                "RH13",
                "PO18",
                "PO19",
                "PO20",
                "PO21",
                "PO22",
            ],  # fmt: skip
        },
    ],
}
