"""The demo's research content, from the seeds' topics: commissioning and funding regimes,
the impact of management styles, advocacy under contracts, personalisation and self-directed
support, the community sector itself. People and works are fictional; DOIs use the 10.5555
prefix, which is kept for examples and resolves nowhere."""

INSTITUTIONS = [
    (
        "Birkbeck, University of London",
        "birkbeck",
        "Evening university in Bloomsbury; research on voluntary action and civil society.",
        "voluntary action, civil society, management and organisation",
        ["Community development", "Local democracy"],
    ),
    (
        "University of Roehampton",
        "roehampton",
        "Research on social policy, social care and community action.",
        "social care, personalisation, self-directed support",
        ["Community development", "Advice services"],
    ),
    (
        "Nottingham Trent University",
        "nottingham-trent",
        "Research on public services, commissioning and the voluntary sector.",
        "commissioning, public service delivery, funding regimes",
        ["Funding and finance", "Neighbourhood renewal"],
    ),
    (
        "University of Essex",
        "essex",
        "Research on democracy, participation and local governance.",
        "local democracy, participation, advocacy and campaigning",
        ["Local democracy", "Community development"],
    ),
]

# name, username, institution slug, role, expertise, themes, public profile, bio
RESEARCHERS = [
    (
        "Dr Ruth Okafor",
        "ruth",
        "nottingham-trent",
        "Senior Lecturer in Public Policy",
        "commissioning, funding regimes, procurement, small community groups",
        ["Funding and finance", "Community development"],
        True,
        "Ruth studies how commissioning and procurement change small voluntary and community "
        "groups, and what funders could do differently.",
    ),
    (
        "Professor Martin Hale",
        "martin",
        "birkbeck",
        "Professor of Voluntary Sector Studies",
        "management styles, managerialism, pay differentials, independence of voluntary action",
        ["Community development", "Volunteering"],
        True,
        "Martin writes on the organisation and management of voluntary action, and on the "
        "import of private-sector management into the sector.",
    ),
    (
        "Dr Sunita Bains",
        "sunita",
        "roehampton",
        "Reader in Social Care",
        "personalisation, self-directed support, social care markets, user-led organisations",
        ["Advice services", "Community development"],
        True,
        "Sunita researches personalisation in adult social care and what it means for "
        "user-led and community organisations.",
    ),
    (
        "Dr Owen Pritchard",
        "owen",
        "essex",
        "Lecturer in Politics",
        "advocacy and campaigning, local democracy, participation, contracts",
        ["Local democracy"],
        False,
        "",
    ),
]

# slug, type, title, authors [(name, kind)], publisher, container, year, summary, abstract,
# findings (lines), themes, campaign slugs, doi, url, licence, open access, days ago
ITEMS = [
    (
        "commissioning-in-west-sussex",
        "report",
        "Commissioning in West Sussex: the experience of community groups in Adur and Worthing",
        [("Adur Voluntary Action", "organisation"), ("Okafor, Ruth", "person")],
        "Adur Voluntary Action",
        "",
        2010,
        "46 community groups told us how the county’s commissioning strategy changed their work.",
        "A survey and interviews with 46 community groups and voluntary organisations in Adur "
        "and Worthing on the effects of West Sussex County Council’s commissioning strategy.",
        "Small, volunteer-run groups are shut out of contracts that are too large for them\n"
        "Groups that won contracts have less time for advocacy and community development\n"
        "Monitoring asks volunteers for the same information several times over",
        ["Funding and finance", "Community development"],
        ["funding-the-community-sector"],
        "10.5555/csc.2010.001",
        "https://www.example.org/research/commissioning-west-sussex.pdf",
        "cc-by",
        True,
        40,
    ),
    (
        "from-grants-to-contracts",
        "article",
        "From grants to contracts: funding regimes and the independence of voluntary action",
        [("Okafor, Ruth", "person"), ("Hale, Martin", "person")],
        "",
        "Voluntary Sector Review",
        2009,
        "How the shift from grants to contracts changes what community groups can do.",
        "Drawing on 30 case studies, the article traces how the move from grant aid to "
        "contracts and commissioning alters the purposes, governance and independence of "
        "community organisations.",
        "The shift from grants is fastest for groups under £100,000 a year\n"
        "Contract terms often restrict campaigning, formally or informally\n"
        "Positive funders keep core grants and light reporting",
        ["Funding and finance"],
        ["funding-the-community-sector"],
        "10.5555/vsr.2009.0142",
        "",
        "all-rights",
        False,
        120,
    ),
    (
        "management-styles-and-voluntary-action",
        "policy_paper",
        "The impact of management styles on voluntary action",
        [("Hale, Martin", "person"), ("Community Sector Coalition", "organisation")],
        "Community Sector Coalition",
        "",
        2010,
        "Private-sector management orthodoxy and what it does to inclusive, participative "
        "ways of working.",
        "A policy paper following the Nottingham workshop: how management practice imported "
        "from the private sector affects voluntary action, and how groups can defend "
        "non-bureaucratic ways of working.",
        "Pay differentials are a critical factor in the move to managerialism\n"
        "Participative organisations keep volunteers longer\n"
        "Independence audits help groups see how independent they really are",
        ["Community development", "Volunteering"],
        [],
        "10.5555/csc.2010.002",
        "https://www.example.org/research/management-styles.pdf",
        "cc-by-nc",
        True,
        25,
    ),
    (
        "advocacy-under-contract",
        "evaluation",
        "Advocacy under contract: does delivering public services silence campaigning?",
        [("Pritchard, Owen", "person")],
        "University of Essex",
        "",
        2009,
        "Agencies running public services under contract campaign less, and say so.",
        "An evaluation of 18 agencies that took on home care and advice contracts, comparing "
        "their advocacy and campaigning before and after.",
        "Two thirds of agencies reduced campaigning after taking contracts\n"
        "Few contracts forbid campaigning; fear of losing the contract does the work\n"
        "Agencies with independent income kept their voice",
        ["Local democracy", "Advice services"],
        ["strengthening-local-governance"],
        "10.5555/essex.2009.77",
        "",
        "cc-by",
        True,
        60,
    ),
    (
        "personalisation-and-community-groups",
        "briefing",
        "Personalisation and self-directed support: what it means for community groups",
        [("Bains, Sunita", "person")],
        "University of Roehampton",
        "",
        2010,
        "A short briefing on personal budgets and the care market, for community groups.",
        "Personal budgets give people control over their support, but risk fierce "
        "competition, marketing-led services and the loss of quality safeguards. This "
        "briefing sets out what community and user-led groups can do.",
        "Control over one’s own support is widely welcomed\n"
        "Small user-led groups struggle to sell services in a market\n"
        "Councils risk stepping back from responsibility for quality",
        ["Advice services", "Community development"],
        [],
        "",
        "https://www.example.org/research/personalisation-briefing.pdf",
        "cc-by",
        True,
        12,
    ),
    (
        "what-is-the-community-sector",
        "chapter",
        "What is the community sector? Communities of place and of interest",
        [("Hale, Martin", "person"), ("Bains, Sunita", "person")],
        "Policy Press",
        "Voluntary Action in England",
        2008,
        "Defining the community sector: activists, groups, centres and community anchors.",
        "The chapter distinguishes the community sector within the voluntary and community "
        "sector, from community activists and informal groups to community anchors.",
        "Most community groups are small, informal and unpaid\n"
        "Community anchors provide holistic, multi-purpose support",
        ["Community development", "Neighbourhood renewal"],
        [],
        "10.5555/pp.2008.3",
        "",
        "all-rights",
        False,
        200,
    ),
    (
        "small-grants-survey-2009",
        "dataset",
        "Small grants to community groups in England: survey data 2009",
        [("Community Matters", "organisation")],
        "Community Matters",
        "",
        2009,
        "Survey responses from 612 community groups on grants, contracts and paperwork.",
        "Anonymised responses from 612 community groups on their income, the grants they "
        "receive and the time spent on applications and monitoring.",
        "Volunteers spend a median of 6 hours a month on funding paperwork",
        ["Funding and finance", "Volunteering"],
        ["funding-the-community-sector"],
        "10.5555/cm.data.2009",
        "https://www.example.org/research/small-grants-2009.csv",
        "cc0",
        True,
        90,
    ),
    (
        "joint-working-with-the-statutory-sector",
        "report",
        "Effective joint working between community groups and the statutory sector",
        [("Okafor, Ruth", "person"), ("Pritchard, Owen", "person")],
        "Nottingham Trent University",
        "",
        2010,
        "Six models of joint working that kept community groups independent.",
        "Case studies of six partnerships between councils and community groups, and what "
        "made them work without swallowing the groups’ independence.",
        "Shared aims written down early prevent later disputes\n"
        "Multi-year grants outperform short contracts for joint work",
        ["Local democracy", "Community development"],
        ["strengthening-local-governance"],
        "10.5555/ntu.2010.12",
        "",
        "ogl",
        True,
        6,
    ),
]

# A researcher's item waiting for staff: username, slug, title, summary
WAITING = (
    "sunita",
    "user-led-organisations-and-personal-budgets",
    "User-led organisations and personal budgets: early evidence from three councils",
    "Early findings on how user-led organisations fare as personal budgets begin.",
)

# title, description, themes, status, supporters (usernames), note, answered by (item slugs)
GAPS = [
    (
        "What happens to advocacy when community groups take on contracts?",
        "Activists tell us groups stop campaigning once they deliver public services. We need "
        "evidence beyond anecdote to persuade boards and funders.",
        ["Local democracy"],
        "answered",
        ["david", "ruth", "martin", "sunita"],
        "Answered by the Essex evaluation of agencies under contract.",
        ["advocacy-under-contract"],
    ),
    (
        "How much does funding paperwork cost small community groups?",
        "Volunteers spend hours on applications and monitoring. What is the real cost, and "
        "what would proportionate reporting look like?",
        ["Funding and finance", "Volunteering"],
        "researching",
        ["david", "owen", "martin"],
        "Ruth Okafor is analysing the 2009 small grants survey.",
        [],
    ),
    (
        "Do independence audits change how organisations behave?",
        "Independence audits help agencies see how independent they are. Does doing one lead "
        "to change a year later?",
        ["Community development"],
        "open",
        ["naomi", "martin"],
        "",
        [],
    ),
    (
        "What is personalisation doing to small user-led groups?",
        "Personal budgets began in April. Are small user-led groups surviving the market?",
        ["Advice services"],
        "open",
        ["sunita"],
        "",
        [],
    ),
]
