"""The sample websites' words. Each site: the organisation it belongs to (by slug), its
pages (path -> title, paragraphs, links) and its PDFs (path -> title, paragraphs)."""

SITES = [
    {
        "slug": "acre",
        "name": "Action with Communities in Rural England",
        "port_offset": 1,
        "pages": {
            "/": (
                "Action with Communities in Rural England",
                [
                    "ACRE is the national umbrella body for the 38 Rural Community Councils. Together we support community action in England's villages and market towns.",
                    "Our network helps rural communities to run village halls, keep shops and pubs open, plan for affordable housing and make their voice heard in local decisions.",
                ],
                [
                    "/about/",
                    "/village-halls/",
                    "/rural-transport/",
                    "/affordable-housing/",
                    "/news/",
                    "/publications/",
                ],
            ),
            "/about/": (
                "About ACRE",
                [
                    "ACRE was founded in 1987. We speak for rural communities in national policy and support the Rural Community Councils that work in every English county.",
                    "We are a registered charity governed by a board drawn from the network. We are a founding member of the Community Sector Coalition.",
                ],
                ["/", "/publications/"],
            ),
            "/village-halls/": (
                "Village halls",
                [
                    "There are more than 10,000 village halls in England. Most are run by volunteers and are the last community building left in their village.",
                    "Our village halls advisers help management committees with charity law, licensing, energy efficiency and finding grants for repairs.",
                    "Village halls week celebrates the volunteers who keep these buildings open for playgroups, lunch clubs, parish meetings and dances.",
                ],
                ["/", "/village-halls/survey-2009/", "/publications/"],
            ),
            "/village-halls/survey-2009/": (
                "Village halls survey 2009",
                [
                    "Our 2009 survey of 1,600 village halls found that one in five expects to close within ten years unless it can pay for major repairs.",
                    "Energy costs have doubled since 2004. Halls that installed insulation and heat pumps cut their bills by a third.",
                ],
                ["/village-halls/", "/publications/village-halls-survey-2009.pdf"],
            ),
            "/rural-transport/": (
                "Rural transport",
                [
                    "Without a bus, people in villages cannot reach work, college, the doctor or the supermarket. Community transport schemes fill some of the gaps with volunteer drivers and dial-a-ride minibuses.",
                    "We are calling on county councils to protect community transport grants when they review bus subsidies.",
                ],
                ["/", "/news/bus-cuts/"],
            ),
            "/affordable-housing/": (
                "Affordable rural housing",
                [
                    "Young families are priced out of the villages they grew up in. Rural housing enablers work with parish councils and housing associations to build small schemes of affordable homes for local people.",
                    "Community land trusts let a community own the land and keep the homes affordable for ever.",
                ],
                ["/", "/publications/"],
            ),
            "/news/": (
                "News",
                [
                    "The latest from ACRE and the Rural Community Councils.",
                ],
                ["/news/bus-cuts/", "/news/broadband/"],
            ),
            "/news/bus-cuts/": (
                "Bus cuts leave villages stranded",
                [
                    "Published 12 January 2010. A third of rural bus routes in the counties we surveyed have been cut or reduced in the last two years.",
                    "Older people who no longer drive are the hardest hit. Community transport volunteers report waiting lists for the first time.",
                ],
                ["/news/", "/rural-transport/"],
            ),
            "/news/broadband/": (
                "Rural broadband: communities take the lead",
                [
                    "Published 3 March 2010. Where the market will not reach, villages are building their own broadband networks with volunteers digging the trenches.",
                ],
                ["/news/"],
            ),
            "/publications/": (
                "Publications",
                [
                    "Reports, briefings and guides from ACRE. Download them free.",
                ],
                [
                    "/publications/village-halls-survey-2009.pdf",
                    "/publications/rural-services-briefing.pdf",
                    "/",
                ],
            ),
        },
        "pdfs": {
            "/publications/village-halls-survey-2009.pdf": (
                "Village Halls Survey 2009: the state of England's village halls",
                [
                    "Summary. We surveyed 1,600 village halls across England between March and June 2009. Village halls are run almost entirely by volunteers: the average hall has a management committee of nine and relies on 25 regular volunteers.",
                    "Finances. Two thirds of halls cover their running costs from hire income and fundraising. Major repairs - roofs, heating, accessible toilets - depend on grants, and the number of grant sources has fallen since the lottery distributors changed their priorities.",
                    "Energy. Energy bills are the fastest rising cost. Halls that invested in insulation, double glazing and heat pumps cut their energy bills by a third on average.",
                    "Recommendations. Funders should offer capital grants for energy efficiency and accessibility, and local authorities should give village halls mandatory rate relief.",
                ],
            ),
            "/publications/rural-services-briefing.pdf": (
                "Briefing: keeping rural services alive",
                [
                    "Village shops, post offices, pubs and schools are closing. Community-owned shops now number more than 250 and almost all have survived.",
                    "Community ownership works when people have access to advice, start-up funding and a building. Rural Community Councils provide the advice; funders must provide the capital.",
                ],
            ),
        },
    },
    {
        "slug": "community-matters",
        "name": "Community Matters",
        "port_offset": 2,
        "pages": {
            "/": (
                "Community Matters",
                [
                    "Community Matters is the national federation of community associations and community centres. Our 1,200 members run buildings that are the heart of their neighbourhoods.",
                    "We give members advice on running a community centre, governance, employing staff and managing volunteers, and we speak up for community-led organisations.",
                ],
                [
                    "/about/",
                    "/advice/",
                    "/advice/running-a-community-centre/",
                    "/advice/governance/",
                    "/campaigns/",
                    "/resources/",
                ],
            ),
            "/about/": (
                "About Community Matters",
                [
                    "Founded in 1945 as the National Federation of Community Associations, we have supported community associations for more than sixty years.",
                    "Our Chair, David Tyler, represents us on the Executive Group of the Community Sector Coalition.",
                ],
                ["/"],
            ),
            "/advice/": (
                "Advice for members",
                [
                    "Our advice line answers around 5,000 questions a year on charity law, leases, licensing, insurance and employment.",
                ],
                [
                    "/advice/running-a-community-centre/",
                    "/advice/governance/",
                    "/advice/volunteers/",
                ],
            ),
            "/advice/running-a-community-centre/": (
                "Running a community centre",
                [
                    "A community centre needs a sound lease, insurance, a health and safety policy and a plan for maintenance. Most are run by an elected committee of local residents.",
                    "Community asset transfer lets councils hand buildings to community organisations. Take advice before accepting a building with a repair backlog.",
                ],
                ["/advice/", "/resources/asset-transfer-guide.pdf"],
            ),
            "/advice/governance/": (
                "Good governance for community associations",
                [
                    "Trustees are responsible for the organisation. Our governance guide explains their duties, how to run an annual general meeting and how to keep membership open to everyone in the neighbourhood.",
                ],
                ["/advice/"],
            ),
            "/advice/volunteers/": (
                "Volunteers",
                [
                    "Volunteers run most community centres. Thank them, train them and never treat them as unpaid staff. Volunteering should be free from unnecessary bureaucracy.",
                ],
                ["/advice/"],
            ),
            "/campaigns/": (
                "Our campaigns",
                [
                    "We campaign for community anchor organisations to be funded fairly, and against commissioning that shuts small community groups out of public service contracts.",
                ],
                ["/campaigns/community-anchors/", "/"],
            ),
            "/campaigns/community-anchors/": (
                "Community anchors",
                [
                    "Community anchors are independent, community-led organisations with a building and a long-term commitment to their area. They need core funding, not only short-term projects.",
                ],
                ["/campaigns/"],
            ),
            "/resources/": (
                "Resources",
                [
                    "Guides and templates for community associations.",
                ],
                ["/resources/asset-transfer-guide.pdf", "/"],
            ),
        },
        "pdfs": {
            "/resources/asset-transfer-guide.pdf": (
                "Community asset transfer: a guide for community associations",
                [
                    "Taking over a building from the council can secure a community centre for the future, but only if the building comes with a fair lease and money for repairs.",
                    "Before you agree: commission a condition survey, ask for a lease of at least 25 years, and check that the building can earn enough from lettings to cover its running costs.",
                    "Case study: the Meadows Community Association took over its centre in 2008 and now runs a cafe, a nursery and an advice service from it.",
                ],
            ),
        },
    },
    {
        "slug": "navca",
        "name": "NAVCA",
        "port_offset": 3,
        "pages": {
            "/": (
                "NAVCA - the national voice of local support and development organisations",
                [
                    "NAVCA is the national membership body for councils for voluntary service and other local infrastructure organisations in England.",
                    "Our members help local voluntary and community groups to find funding, recruit volunteers, run well and work with the public sector.",
                ],
                ["/about/", "/funding/", "/commissioning/", "/volunteering/", "/briefings/"],
            ),
            "/about/": (
                "About NAVCA",
                [
                    "Our 360 members work in every part of England. NAVCA's Chief Executive, Kevin Curley, serves on the Executive Group of the Community Sector Coalition.",
                ],
                ["/"],
            ),
            "/funding/": (
                "Funding the local voluntary sector",
                [
                    "Local authority grants to small community groups are being replaced by contracts. Small groups cannot compete for large contracts and lose the independence that grants gave them.",
                    "We urge councils to keep a small grants programme and to follow the Compact's code on funding and procurement.",
                ],
                ["/commissioning/", "/briefings/funding-regimes.pdf"],
            ),
            "/commissioning/": (
                "Commissioning and procurement",
                [
                    "Commissioning public services from the voluntary sector should be about outcomes for people, not the lowest price. Full cost recovery means paying the real cost of a service, including overheads.",
                    "Intelligent commissioning involves local groups in designing services from the start.",
                ],
                ["/funding/", "/briefings/"],
            ),
            "/volunteering/": (
                "Volunteer centres",
                [
                    "Volunteer centres match people who want to volunteer with local groups that need help. They also promote good practice in involving volunteers.",
                ],
                ["/"],
            ),
            "/briefings/": (
                "Briefings",
                [
                    "Policy briefings for NAVCA members.",
                ],
                ["/briefings/funding-regimes.pdf", "/briefings/compact/"],
            ),
            "/briefings/compact/": (
                "The Compact: what it means locally",
                [
                    "The Compact is the agreement between government and the voluntary sector. Local Compacts set out how councils will consult, fund and work with local groups, including twelve weeks for consultation.",
                ],
                ["/briefings/"],
            ),
        },
        "pdfs": {
            "/briefings/funding-regimes.pdf": (
                "From grants to contracts: how funding regimes are changing the local voluntary sector",
                [
                    "This briefing draws on a study in West Sussex with Adur Voluntary Action. Respondents described serious problems arising from commissioning strategies: contracts too large for local groups, short notice of tenders and payment in arrears.",
                    "Many groups reported that they had changed what they do to fit funders' priorities, and that their independence and campaigning voice had suffered.",
                    "We recommend that councils keep grant aid for small community groups, pay full cost recovery on contracts, and involve local groups in designing services.",
                ],
            ),
        },
    },
    {
        "slug": "urban-forum",
        "name": "Urban Forum",
        "port_offset": 4,
        "pages": {
            "/": (
                "Urban Forum",
                [
                    "Urban Forum is the national umbrella body for community and voluntary groups with an interest in urban and regional policy, especially neighbourhood renewal and regeneration.",
                ],
                ["/about/", "/neighbourhood-renewal/", "/local-democracy/", "/empowerment/"],
            ),
            "/about/": (
                "About Urban Forum",
                [
                    "We have more than 800 members, from tenants' and residents' associations to national charities. We help communities influence regeneration.",
                ],
                ["/"],
            ),
            "/neighbourhood-renewal/": (
                "Neighbourhood renewal",
                [
                    "Neighbourhood renewal works when residents lead it. Regeneration programmes that treat communities as consultees rather than partners fail to last.",
                    "The Neighbourhood Renewal Fund ended in 2008. We are tracking what happened to the community projects it paid for.",
                ],
                ["/", "/neighbourhood-renewal/after-the-fund/"],
            ),
            "/neighbourhood-renewal/after-the-fund/": (
                "After the Neighbourhood Renewal Fund",
                [
                    "Of the 120 community projects we followed, 45 have closed, 50 continue with reduced staff and 25 found new funding, mostly from trusts and foundations.",
                ],
                ["/neighbourhood-renewal/"],
            ),
            "/local-democracy/": (
                "Local democracy and participation",
                [
                    "Participatory budgeting lets residents decide how part of a public budget is spent. Pilots in Bradford and Newcastle involved thousands of people.",
                    "Strengthening local governance means real power for neighbourhood forums and parish councils, not only consultation.",
                ],
                ["/", "/empowerment/"],
            ),
            "/empowerment/": (
                "Community empowerment",
                [
                    "The duty to involve requires councils to inform, consult and involve local people. Community groups need support to take part on equal terms.",
                ],
                ["/local-democracy/"],
            ),
        },
        "pdfs": {},
    },
    {
        "slug": "",
        "name": "Community sector research library",
        "port_offset": 5,
        "pages": {
            "/": (
                "Community sector research library",
                [
                    "A library of research on the community and voluntary sector in England, collected by the Community Sector Coalition and its members.",
                ],
                ["/reports/", "/reports/independence/", "/reports/below-the-radar/"],
            ),
            "/reports/": (
                "Reports",
                [
                    "Research reports on funding, independence, volunteering and small community groups.",
                ],
                [
                    "/reports/independence/",
                    "/reports/below-the-radar/",
                    "/reports/independence-of-voluntary-action.pdf",
                    "/reports/small-groups-survey.pdf",
                ],
            ),
            "/reports/independence/": (
                "The independence of voluntary action",
                [
                    "Independence is the freedom of voluntary organisations to decide their own purposes and ways of working, and to speak out. Dependence on state contracts threatens it.",
                ],
                ["/reports/", "/reports/independence-of-voluntary-action.pdf"],
            ),
            "/reports/below-the-radar/": (
                "Below the radar: small community groups",
                [
                    "Most community groups are small, unregistered and run by volunteers, with incomes below five thousand pounds a year. They are below the radar of official statistics and of most funders.",
                ],
                ["/reports/", "/reports/small-groups-survey.pdf"],
            ),
        },
        "pdfs": {
            "/reports/independence-of-voluntary-action.pdf": (
                "The independence of voluntary action: a discussion paper",
                [
                    "Voluntary action is people coming together freely to act on what they care about. Its independence from the state and from the market is what makes it valuable.",
                    "Privatisation of public services draws voluntary organisations into contracts that specify what they do and how. Inclusive, participative, non-bureaucratic ways of working give way to a management orthodoxy imported from the private sector.",
                    "We argue for new understandings of the proper role of voluntary action and new mechanisms for state funding, such as grants that protect independence.",
                ],
            ),
            "/reports/small-groups-survey.pdf": (
                "Small community groups survey 2010",
                [
                    "We surveyed 900 small community groups. Half have no paid staff; three quarters receive no public funding; most rely on subscriptions, jumble sales and small grants.",
                    "Groups told us that application forms, monitoring and safeguarding paperwork designed for large charities take up the time of their volunteers.",
                    "Support from local infrastructure organisations was valued most when it was practical and local.",
                ],
            ),
        },
        "robots": "User-agent: *\nDisallow: /drafts/\nSitemap: {base}/sitemap.xml\n",
    },
]

BASE_PORT = 8200
# ruff: noqa: E501 (prose)
