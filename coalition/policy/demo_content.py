"""The words of the policy demo, from the seeds (002: the Local Government White Paper and
Bill 2006, devolution of local governance; 000: commissioning and the Compact, personalisation
from April 2010, the loss of advocacy, management styles)."""

# slug, title, kind, issuer kind, issuer, published (days before today or a date), closes
# (days after today, or None), status, themes, summary, link
DEVELOPMENTS = [
    (
        "local-government-white-paper-2006",
        "Strong and Prosperous Communities: the Local Government White Paper",
        "white_paper", "government", "Department for Communities and Local Government",
        "2006-10-26", None, "responded", ["Local democracy", "Neighbourhood renewal"],
        "The White Paper outlines a radical change in the way that local communities will be "
        "governed. Foremost among the proposed changes that will affect smaller community groups "
        "is the **devolution of local governance**, decision making and possibly budgets to "
        "neighbourhood or parish level.",
        "https://www.example.org/dclg/strong-and-prosperous-communities",
    ),
    (
        "local-government-bill-2006",
        "Local Government and Public Involvement in Health Bill",
        "bill", "parliament", "Parliament (House of Commons)",
        "2006-12-12", None, "closed", ["Local democracy"],
        "The Bill that puts the White Paper into law: community calls for action, parish "
        "councils in London, the duty to involve local people, Local Area Agreements.",
        "https://www.example.org/parliament/local-government-bill-2006",
    ),
    (
        "devolving-decisions-to-neighbourhoods",
        "Devolving decisions and budgets to neighbourhood and parish level",
        "consultation", "government", "Department for Communities and Local Government",
        -21, 18, "responding", ["Local democracy", "Community development"],
        "How should decisions, and perhaps budgets, move from city or district level to "
        "neighbourhoods? Devolution needs a coherent and properly resourced **community capacity "
        "building strategy** to harness the skills, knowledge and experience of residents and "
        "community groups.",
        "https://www.example.org/dclg/neighbourhood-devolution-consultation",
    ),
    (
        "compact-code-on-commissioning",
        "The Compact: a refreshed code on commissioning and funding",
        "consultation", "government", "Office for Civil Society",
        -40, 9, "watching", ["Funding and finance"],
        "Proposals to refresh the Compact's commissioning code. Our members in West Sussex "
        "report serious problems arising from commissioning strategies; the recent Compact action "
        "shows how dialogue with the national agencies can work.",
        "https://www.example.org/ocs/compact-commissioning",
    ),
    (
        "personalisation-self-directed-support",
        "Personalisation: self-directed support in adult social care from April",
        "guidance", "government", "Department of Health",
        -60, 25, "watching", ["Community development"],
        "The changes start in April and are very complex. People controlling how their support "
        "is met is good in principle; but the changes may bring fierce competition, sales and "
        "marketing, and let statutory bodies off the hook.",
        "https://www.example.org/doh/personalisation",
    ),
    (
        "inquiry-voluntary-sector-public-services",
        "Select committee inquiry: the voluntary sector and public services",
        "inquiry", "parliament", "Public Administration Select Committee",
        -10, 45, "watching", ["Funding and finance"],
        "An inquiry into the role of the voluntary sector in providing public services, and "
        "what privatisation means for an independent voluntary sector.",
        "https://www.example.org/parliament/pasc-voluntary-sector",
    ),
]  # fmt: skip

# The response published in 2007 to the White Paper.
PUBLISHED_RESPONSE = {
    "slug": "response-local-government-white-paper",
    "title": "Strengthening local governance: the community sector's response to the White Paper",
    "introduction": "The Community Sector Coalition brings together national organisations that "
    "support the community sector. We welcome the White Paper's ambition to devolve power, and "
    "set out what community groups need for it to work.",
    "submitted_on": "2007-01-19",
    "outcome": "The Local Government and Public Involvement in Health Act 2007 kept the duty to "
    "involve local people and the community call for action. Our call for a funded community "
    "capacity building strategy was noted but not taken up.",
    "outcome_on": "2007-10-30",
    "sections": [
        ("Devolution to neighbourhoods", "We support devolving decisions, and where possible "
         "budgets, to neighbourhood and parish level."),
        ("Community capacity building", "Devolution requires a coherent and properly resourced "
         "community capacity building strategy, led by community organisations."),
        ("Smaller community groups", "Smaller groups must not be left to spend their time on "
         "paperwork rather than community work."),
    ],
}  # fmt: skip

DRAFT_RESPONSE = {
    "slug": "response-neighbourhood-devolution",
    "title": "Neighbourhood devolution: a joint response from the community sector",
    "introduction": "A draft for members to shape. Comment on any section, propose wording, "
    "and sign for your organisation before the deadline.",
    "sections": [
        (
            "Question 1: which decisions should be devolved?",
            "Decisions about local services, open spaces and community buildings should be taken "
            "at parish level.",
            "Decisions about local services, open spaces and community buildings should be taken "
            "at neighbourhood or parish level, with **budgets** to match.",
        ),
        (
            "Question 2: what support do communities need?",
            "A properly resourced community capacity building strategy, delivered through local "
            "community organisations rather than bought in.",
            None,
        ),
        (
            "Question 3: funding for community groups",
            "Grants, not only contracts: small groups are shut out of contracts that are too "
            "large for them.",
            None,
        ),
        (
            "Question 4: accountability",
            "Neighbourhood bodies should report to residents in plain language, and meet in "
            "public.",
            None,
        ),
    ],
}

# Positions: slug, title, statement, rationale, decision title (governance demo), adopted,
# review, themes, research item slugs, development slugs
POSITIONS = [
    (
        "commissioning-and-independent-action",
        "Funding that supports, not undermines, independent action",
        "Commissioning must not replace grants for small community groups. Funders should keep "
        "core grants, light reporting and the freedom to campaign.",
        "Our work in West Sussex shows commissioning strategies shutting small groups out and "
        "reducing advocacy. We want positive approaches from funders, not only a return to grants.",
        "Continue the work on funding regimes in West Sussex",
        "2010-02-25", "2011-02-25", ["Funding and finance"],
        ["commissioning-in-west-sussex", "from-grants-to-contracts"],
        ["compact-code-on-commissioning"],
    ),
    (
        "personalisation-self-directed-support",
        "Personalisation and self-directed support",
        "People should control how their support needs are met; the market must not decide "
        "quality, and statutory bodies remain responsible for what happens.",
        "The changes from April are likely to wreak havoc in the care landscape, introducing "
        "fierce competition and sales techniques. The Coalition should have a position and be "
        "active in the area.",
        "Add personalisation and self-directed support to the work programme",
        "2010-02-25", "2011-04-01", ["Community development"],
        ["personalisation-and-community-groups"],
        ["personalisation-self-directed-support"],
    ),
    (
        "resourced-community-capacity-building",
        "Devolution needs resourced community capacity building",
        "Devolving local governance to neighbourhoods needs a coherent and properly resourced "
        "community capacity building strategy.",
        "Harnessing the skills, knowledge and experience of residents and community groups at "
        "neighbourhood level does not happen by itself (strategic plan 2007-2010).",
        None,
        "2007-04-01", None, ["Local democracy"],
        [],
        ["local-government-white-paper-2006", "devolving-decisions-to-neighbourhoods"],
    ),
]  # fmt: skip

# Publications: slug, title, kind, summary, published, themes, downloads, text of the PDF (or
# None for an external article), external url
PUBLICATIONS = [
    (
        "strategic-plan-2007-2010", "Strategic plan 2007-2010", "strategic_plan",
        "Our vision, mission, aims and values, and the three programmes: campaign, learn, "
        "enable.", "2007-04-01", ["Community development"], 214,
        "Campaigning for policy change that will benefit the community sector. Delivering a "
        "programme of research and learning. Enabling members to share information and identify "
        "priorities for collective action.", "",
    ),
    (
        "operating-guide", "Operating guide and work plan", "operating_guide",
        "How the Coalition works: membership, the Executive Group, quarterly meetings, hosting "
        "and staffing.", "2007-04-01", [], 87,
        "The Coalition is a network of organisations governed by an elected Executive Group "
        "which meets four times a year.", "",
    ),
    (
        "management-styles-policy-paper", "The impact of management styles on voluntary action",
        "policy_paper",
        "Defending inclusive, participative, non-bureaucratic ways of working against a "
        "management orthodoxy imported from the private sector.", "2010-04-15",
        ["Community development"], 56,
        "Following the workshop in Nottingham on 27 February: pay differentials, independence "
        "audits, and sparking debate within workplaces.", "",
    ),
    (
        "funding-regimes-leaflet", "Funding that supports independent action", "leaflet",
        "A two-page leaflet for community groups on what to ask of funders and commissioners.",
        "2010-06-01", ["Funding and finance"], 131,
        "What to ask of funders: core grants, light reporting, the freedom to campaign.", "",
    ),
    (
        "placed-article-loss-of-advocacy", "When contracts silence campaigning", "article",
        "A placed article on the loss of advocacy and campaigning in agencies that take "
        "contracts to run erstwhile public services.", "2010-09-10", ["Funding and finance"], 0,
        None, "https://www.example.org/press/when-contracts-silence-campaigning",
    ),
]  # fmt: skip

# What others said: organisation, kind, text, is quote, source, date, themes, development slug
STATEMENTS = [
    (
        "Department for Communities and Local Government", "government",
        "Summary: the White Paper promises to give local people and communities more influence "
        "and power to improve their lives, with neighbourhood charters and parish councils.",
        False, "https://www.example.org/dclg/strong-and-prosperous-communities", "2006-10-26",
        ["Local democracy"], "local-government-white-paper-2006",
    ),
    (
        "Office of the Third Sector", "government",
        "Summary: third sector organisations should play a bigger part in designing and "
        "delivering public services, through commissioning.",
        False, "https://www.example.org/ots/partnership-in-public-services", "2006-12-05",
        ["Funding and finance"], "compact-code-on-commissioning",
    ),
    (
        "Local Grants Forum", "coalition",
        "Summary: small grants remain the most effective way to fund local community action; "
        "the Forum will publish a guide for local funders.",
        False, "https://www.example.org/local-grants-forum/guide", "2010-01-20",
        ["Funding and finance"], None,
    ),
    (
        "Department of Health", "government",
        "Summary: every person receiving support will have choice and control through personal "
        "budgets, from April.",
        False, "https://www.example.org/doh/putting-people-first", "2009-12-01",
        ["Community development"], "personalisation-self-directed-support",
    ),
    (
        "Trades unions in public services", "national",
        "Summary: the unions oppose the privatisation of public services and want to work "
        "with voluntary organisations that share that concern.",
        False, "https://www.example.org/unions/public-services", "2010-03-15",
        ["Funding and finance"], "inquiry-voluntary-sector-public-services",
    ),
]  # fmt: skip
