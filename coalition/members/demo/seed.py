"""The Community Sector Coalition as described in its strategic plan 2007-2010 (seed 002)."""

PROFILE = {
    "name": "Community Sector Coalition",
    "short_name": "CSC",
    "tagline": "A stronger, unified voice for the community sector",
    "vision": "For the community sector to be empowered, valued and active in local democracy",
    "mission": "To be a credible and authoritative independent voice for the community sector",
    "history": (
        "The Community Sector Coalition was established in 1994 by a group of Chief Executives "
        "of national umbrella organisations whose work focussed on the community sector. They "
        "met to establish a Coalition of organisations that wanted to champion the unique "
        "contribution that the community sector makes to society.\n\n"
        "Since 1994 the Coalition has met regularly to share information, network, develop "
        "joint projects and respond collectively to Government policy. The added value that is "
        "generated through members working together ensures that resources are used more "
        "effectively across organisational boundaries and that a stronger, unified voice "
        "campaigns on issues vital to the sector.\n\n"
        "In 2006 the Coalition appointed its first full time Co-ordinator, which enabled it to "
        "undertake a strategic review and produce its first strategy and operational guide."
    ),
    "community_sector": (
        "The community sector is the part of the voluntary and community sector (VCS) that is "
        "driven by the communities it serves. These may be communities of place such as a "
        "neighbourhood or village, or may be communities of interest such as people who share "
        "a faith or a disability.\n\n"
        "It is made up of a wide range of activity and organisations: community activists, "
        "community development workers, specialist community activity such as arts and sports "
        "events, city farms and community gardens, youth groups, advice centres and conservation "
        "activity, community groups, community centres, community anchors, and tenants' and "
        "residents' associations.\n\n"
        "The community sector builds social capital, provides free or low cost activity to "
        "people who might otherwise go without, gives people with few qualifications a way back "
        "into learning and work, increases engagement in local democracy, and empowers people "
        "as active citizens in their community."
    ),
    "how_we_work": (
        "The Coalition has a membership of Chief Officers of national organisations that "
        "support the community sector. It is a network of organisations governed by an elected "
        "Executive Group which meets four times a year.\n\n"
        "Coalition meetings take place quarterly: to enable members to meet and exchange "
        "information, to discuss issues affecting the sector and establish priorities for the "
        "Coalition's work, to let members with specialist expertise feed back on developments "
        "in their area, and to build trust and effective working relationships between member "
        "organisations.\n\n"
        "The Coalition is independent and aims to generate 25% of its turnover through earned "
        "income: through membership and associate subscriptions, and through tendering for "
        "specific pieces of work that clusters of its members can deliver."
    ),
    "hosting": (
        "The Coalition is a network of organisations and is not formally constituted. bassac "
        "acts as accountable body for the Coalition, employing and hosting staff at the "
        "Community Hub in Corsham Street, London, which is jointly owned by bassac and the "
        "Development Trusts Association (DTA)."
    ),
    "address": "33 Corsham Street\nLondon\nN1 6DR",
    "phone": "020 7336 9461",
    "email": "info@example.org",
    "website": "https://www.communitysectorcoalition.org.uk",
}

AIMS = [
    (
        "To campaign for policy change that will benefit the community sector",
        "campaign",
        "For the community sector to be well resourced and to be an active participant in local "
        "democracy",
        "Two areas of policy work: the funding of the community sector, and the role the sector "
        "plays in local democracy, with simple campaign actions, tips, evidence and materials.",
    ),
    (
        "To deliver a programme of research and learning about the community sector",
        "learn",
        "For the Coalition to be the first point of call for people seeking information about the "
        "community sector",
        "Partnerships with research institutions, identifying gaps in research, collating members' "
        "research and email briefings on new findings.",
    ),
    (
        "To enable members to share information and identify priorities for collective action",
        "enable",
        "For members to have a good awareness of wider developments and to agree key priorities "
        "for collective action within the sector",
        "Quarterly meetings, a regular bulletin of news and events from members, and collective "
        "responses to policy.",
    ),
]

VALUES = [
    (
        "Inclusive",
        "The Coalition seeks to include national organisations that support the wide "
        "spectrum of activity in the community sector.",
    ),
    (
        "Diverse",
        "The Coalition values the diversity of communities as an important way of "
        "challenging discrimination and disadvantage.",
    ),
    (
        "Transparent",
        "The Coalition will work to ensure that information about its activities, "
        "plans and decisions are clear, accessible and easy to understand.",
    ),
    (
        "Independent",
        "The Coalition will ensure it is independent from Government or any other "
        "independent interest group.",
    ),
    (
        "Enabling",
        "The Coalition exists to serve and enable collaborative working between its "
        "members, not to further its own existence.",
    ),
    (
        "Credible",
        "The Coalition will work to create a robust evidence base for all its campaigns "
        "and policy influencing based on the research and experience of its members.",
    ),
]

REGIONS = [
    "England-wide",
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]

THEMES = [
    "Community development",
    "Rural communities",
    "Neighbourhood renewal",
    "Funding and finance",
    "Local democracy",
    "Advice services",
    "Volunteering",
    "Youth",
    "Faith communities",
    "Black and minority ethnic communities",
    "Environment and conservation",
    "Arts and culture",
    "Housing and tenants",
    "Learning and skills",
    "Social enterprise",
    "Community assets",
]

MEMBERSHIP_TYPES = [
    (
        "Full",
        "full",
        250,
        "Full membership is open to national (England wide) voluntary or charitable organisations, "
        "where the major part of their work is carried out on behalf of the community sector.",
    ),
    (
        "Associate",
        "associate",
        100,
        "Associate membership is open to any England wide voluntary or charitable organisation "
        "that "
        "has an interest in or supports the community sector in any part of its work.",
    ),
]

# name, short name, representative, themes, description. The Executive Group (as at April 2007)
# first, then the full members listed in the strategic plan.
EXECUTIVE = [
    (
        "Action with Communities in Rural England",
        "ACRE",
        "Sylvia Brown",
        None,
        ["Rural communities", "Community development"],
        "The national umbrella body for the Rural Community Councils, supporting community action "
        "in England's villages and market towns.",
    ),
    (
        "British Association of Settlements and Social Action Centres",
        "bassac",
        "Ben Hughes",
        None,
        ["Community assets", "Neighbourhood renewal"],
        "The network of multi-purpose community organisations, settlements and social action "
        "centres; accountable body and host for the Coalition's staff.",
    ),
    (
        "Community Matters",
        "",
        "David Tyler",
        "Chair",
        ["Community assets", "Community development"],
        "The national federation of community associations and community centres.",
    ),
    (
        "National Association for Voluntary and Community Action",
        "NAVCA",
        "Kevin Curley",
        None,
        ["Community development", "Local democracy"],
        "The national voice of local support and development organisations such as councils for "
        "voluntary service.",
    ),
    (
        "Urban Forum",
        "",
        "Toby Blume",
        None,
        ["Neighbourhood renewal", "Local democracy"],
        "A national umbrella body for community groups and voluntary organisations with an "
        "interest in urban and regeneration policy.",
    ),
]

FULL_MEMBERS = [
    (
        "ADEPT",
        "",
        "Denise Taylor",
        ["Community development"],
        "Supports community development practice and practitioners across England.",
    ),
    (
        "Advice UK",
        "AUK",
        "Steve Johnson",
        ["Advice services"],
        "The UK's largest network of independent advice services.",
    ),
    (
        "Black Training & Enterprise Group",
        "BTEG",
        "Jeremy Crook",
        ["Black and minority ethnic communities", "Learning and skills"],
        "Promotes equality of opportunity for Black and minority ethnic communities in training, "
        "enterprise and employment.",
    ),
    (
        "British Trust for Conservation Volunteers",
        "BTCV",
        "Neil Canham",
        ["Environment and conservation", "Volunteering"],
        "Supports people and community groups to improve their local environment through "
        "practical conservation volunteering.",
    ),
    (
        "Centre for Local Economic Strategies",
        "CLES",
        "Neil McInroy",
        ["Neighbourhood renewal", "Local democracy"],
        "An independent research and membership organisation working on local economic "
        "development and regeneration.",
    ),
    (
        "Churches' Community Work Alliance",
        "CCWA",
        "Nils Chittenden",
        ["Faith communities", "Community development"],
        "Promotes and supports community work undertaken by churches and faith groups.",
    ),
    (
        "Community Development Exchange",
        "CDX",
        "Amanda Inverarity",
        ["Community development"],
        "The national membership body for community development workers and organisations.",
    ),
    (
        "Community Development Foundation",
        "CDF",
        "Sarah Benioff",
        ["Community development", "Funding and finance"],
        "Supports community development through research, grant programmes and advice to "
        "government.",
    ),
    (
        "Confederation of Indian Organisations",
        "CIO",
        None,
        ["Black and minority ethnic communities"],
        "An umbrella body supporting South Asian voluntary and community organisations.",
    ),
    (
        "ContinYou",
        "",
        "Laurence Blackhall",
        ["Learning and skills", "Youth"],
        "A community learning organisation working to widen opportunities for people who have "
        "gained least from formal education.",
    ),
    (
        "Development Trusts Association",
        "DTA",
        "Steve Wyler",
        ["Community assets", "Social enterprise"],
        "The national network of development trusts: community-owned, community-led "
        "organisations working to regenerate their area.",
    ),
    (
        "Educational Centres Association",
        "ECA",
        "Bernard Godding",
        ["Learning and skills"],
        "The national organisation for adult and community learning centres.",
    ),
    (
        "Faith Based Regeneration Network",
        "FbRN",
        "Doreen Finneron",
        ["Faith communities", "Neighbourhood renewal"],
        "A multi-faith network supporting faith communities' involvement in regeneration.",
    ),
    (
        "Federation for Community Development Learning",
        "FCDL",
        "Janice Marks",
        ["Learning and skills", "Community development"],
        "Promotes learning, training and qualifications in community development.",
    ),
    (
        "Federation of City Farms and Community Gardens",
        "FCFCG",
        "Jeremy Iles",
        ["Environment and conservation", "Community assets"],
        "Supports, represents and promotes community-managed farms and gardens.",
    ),
    (
        "Federation of Stadium Communities",
        "",
        "Judy Crabb",
        ["Neighbourhood renewal"],
        "Brings together communities living near sports stadiums to make their voice heard.",
    ),
    (
        "League of British Muslims",
        "",
        "Khalid Hussain",
        ["Faith communities"],
        "Supports Muslim community organisations and their contribution to civil society.",
    ),
    (
        "National Council for Voluntary Youth Services",
        "NCVYS",
        "Stephen Quashie",
        ["Youth"],
        "The national network of voluntary and community youth organisations.",
    ),
    (
        "Tenant Participation Advisory Service",
        "TPAS",
        "Phil Morgan",
        ["Housing and tenants"],
        "Promotes tenant participation and empowerment in housing.",
    ),
    (
        "The Scarman Trust",
        "",
        "Dorothy Newton",
        ["Community development", "Local democracy"],
        "Supports active citizens and community activists to make change in their neighbourhood.",
    ),
    (
        "Voluntary Arts Network",
        "VAN",
        "Robin Simpson",
        ["Arts and culture", "Volunteering"],
        "Promotes participation in the voluntary arts: amateur and community creative activity.",
    ),
]

ASSOCIATES = [
    (
        "Local Grants Forum",
        "",
        "Chris Warren",
        ["Funding and finance"],
        "Brings together local grant-makers and funded groups to promote accessible funding for "
        "small community organisations.",
    ),
    (
        "Network for Social Change",
        "",
        "Penny Hart",
        ["Funding and finance"],
        "A network of individual donors funding projects for progressive social change.",
    ),
    (
        "Every Action Counts",
        "",
        "Adrian Cole",
        ["Environment and conservation"],
        "The Defra-funded programme supporting community groups to act on sustainable development, "
        "chaired by the Coalition.",
    ),
]

STAFF = [
    ("Naomi Alexander", "Co-ordinator", "2.5 days a week"),
    ("John Routledge", "Co-ordinator", "2.5 days a week"),
]

PENDING_APPLICATIONS = [
    {
        "organisation_name": "Adur Voluntary Action",
        "website": "https://www.example.org/adur-voluntary-action",
        "description": "Supports voluntary and community groups in Adur, West Sussex; partner in "
        "the Coalition's work on commissioning and funding regimes.",
        "contact_name": "Jan Crawley",
        "contact_email": "jan.crawley@example.org",
        "contact_role": "Chief Officer",
        "type": "associate",
        "themes": ["Funding and finance", "Community development"],
        "regions": ["South East"],
    },
    {
        "organisation_name": "Community Action Network for Advocacy",
        "website": "https://www.example.org/canfa",
        "description": "A national network defending advocacy and campaigning as a proper role "
        "of voluntary action, especially where agencies now deliver public services under "
        "contract.",
        "contact_name": "Colin Rochester",
        "contact_email": "colin.rochester@example.org",
        "contact_role": "Director",
        "type": "full",
        "themes": ["Local democracy"],
        "regions": ["England-wide"],
    },
]
