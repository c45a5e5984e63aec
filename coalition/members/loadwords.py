"""Words that realistic generated organisations and people are made of (generate_load_data)."""

PLACES = (
    "Ashford Barnsley Bedford Birkenhead Blackburn Bolton Bradford Brighton Bristol Burnley "
    "Cambridge Carlisle Chester Colchester Coventry Crawley Darlington Derby Doncaster Dudley "
    "Durham Exeter Gateshead Gloucester Grimsby Halifax Harrogate Hartlepool Hastings Hereford "
    "Huddersfield Hull Ipswich Kendal Lancaster Leeds Leicester Lincoln Liverpool Luton "
    "Maidstone Manchester Middlesbrough Milton-Keynes Newcastle Northampton Norwich Nottingham "
    "Oldham Oxford Peterborough Plymouth Portsmouth Preston Reading Rochdale Rotherham Salford "
    "Scarborough Sheffield Shrewsbury Slough Southampton Southend Stockport Stoke Sunderland "
    "Swindon Taunton Telford Torbay Truro Wakefield Walsall Warrington Watford Wigan "
    "Winchester Wolverhampton Worcester York Hackney Lambeth Tower-Hamlets Brent Croydon "
    "Lewisham Newham Southwark Islington Camden Haringey Ealing"
).split()
AREAS = (
    "Northern Southern Eastern Western Rural Urban Coastal Inner-City Market-Town Moorland "
    "Riverside Valley Fenland Peak-District Pennine Cotswold Marches Black-Country Tyneside "
    "Wessex Mercia Chilterns Dales Broads"
).split()
QUALIFIERS = [
    "Community",
    "Neighbourhood",
    "Voluntary",
    "Village",
    "Tenants'",
    "Residents'",
    "Youth",
    "Older People's",
    "Women's",
    "Refugee",
    "Carers'",
    "Disability",
    "Faith",
    "Black and Minority Ethnic",
    "Rural",
    "Environmental",
    "Arts",
    "Social Enterprise",
    "Credit Union",
    "Food",
    "Family",
    "Mental Health",
    "Heritage",
    "Sports",
    "Allotment",
]
KINDS = [
    "Action",
    "Alliance",
    "Association",
    "Centre",
    "Council for Voluntary Service",
    "Development Trust",
    "Forum",
    "Foundation",
    "Hub",
    "Network",
    "Partnership",
    "Project",
    "Trust",
    "Collective",
    "Federation",
    "Link",
    "Matters",
    "Exchange",
    "Advice Service",
    "Support Group",
]
ACTIVITIES = [
    "runs a community centre open seven days a week",
    "supports volunteers and local groups with advice, training and funding searches",
    "brings tenants and residents together to improve their estates",
    "offers free and confidential advice on debt, benefits and housing",
    "helps people with few qualifications back into learning and work",
    "manages community buildings and green spaces on behalf of local people",
    "runs youth clubs, holiday schemes and mentoring for young people",
    "campaigns for fair funding for small community groups",
    "connects faith groups working on social action across the area",
    "runs a community shop, café and food bank",
    "supports refugees and migrants to settle and take part in local life",
    "organises arts and heritage projects that celebrate local history",
    "helps communities take over and run local assets",
    "provides training for trustees and treasurers of small charities",
    "works with parish councils on neighbourhood and village plans",
    "runs a credit union and financial inclusion service",
    "cares for allotments, community gardens and a city farm",
    "offers befriending and lunch clubs for older people",
    "supports carers with respite breaks, advice and peer groups",
    "runs sports sessions for people of all ages and abilities",
]
AUDIENCES = [
    "across {place}",
    "in {place} and the surrounding villages",
    "for people living in {place}",
    "throughout the {place} area",
    "in the most deprived wards of {place}",
    "for communities of interest across the region",
]
CLOSINGS = [
    "It is run by local people, for local people.",
    "Most of its work is done by volunteers.",
    "It was founded by residents in {year} and is now a registered charity.",
    "It believes strong communities are built from the ground up.",
    "Its members include more than {n} community groups.",
    "It works in partnership with the local authority and other voluntary organisations.",
    "It is a community anchor organisation for the neighbourhood.",
    "Everything it does is shaped by the people who use it.",
]
FIRST_NAMES = (
    "Aaliyah Abdul Adam Ade Aisha Alan Alice Amara Amir Amy Andrew Angela Anita Ann Anwar "
    "Arjun Asha Barbara Ben Bernadette Bilal Brian Bronwen Callum Carol Catherine Chantelle "
    "Chen Chloe Chris Claire Colin Craig Daniel Darren David Deborah Deepak Denise Derek Dev "
    "Diane Dylan Eileen Eleanor Emeka Emily Emma Fatima Femi Fiona Frances Gareth Gemma "
    "George Grace Graham Hannah Harpreet Hassan Heather Helen Ian Imran Isla Jack James Jane "
    "Janet Jasmine Jason Jennifer Joanne John Jordan Joseph Joy Julie Karen Kate Kemi Kevin "
    "Kwame Laura Leah Lee Leon Linda Lisa Louise Lucy Luke Maria Mark Martin Mary Matthew "
    "Maureen Michael Mohammed Molly Nadia Naomi Neil Nicola Nisha Olivia Omar Owen Patricia "
    "Paul Pauline Peter Priya Rachel Rajesh Rebecca Richard Rita Robert Ruth Ryan Sadia Samuel "
    "Sandra Sarah Sean Sharon Shirley Simon Sophie Stephen Sunita Susan Tariq Thomas Tom "
    "Tracey Usha Victoria Wendy William Yasmin Yusuf Zainab Zoe"
).split()
SURNAMES = (
    "Abbott Adams Ahmed Akhtar Ali Allen Anderson Armstrong Atkinson Bailey Baker Banks Barker "
    "Barnes Begum Bell Bennett Bibi Bird Brown Butler Campbell Carter Chapman Chauhan Clarke "
    "Coleman Collins Cook Cooper Cox Davies Dawson Dixon Edwards Ellis Evans Fisher Fletcher "
    "Foster Fox Francis Gill Graham Grant Gray Green Griffiths Hall Harris Harrison Hart Hill "
    "Holmes Hughes Hussain Iqbal Jackson James Jenkins Johnson Jones Kaur Kelly Khan King "
    "Knight Kumar Lee Lewis Lloyd Marshall Martin Mason Matthews Miah Mills Mitchell Moore "
    "Morgan Morris Murphy Murray Nwosu Okafor Owen Palmer Parker Patel Pearson Phillips Price "
    "Rahman Reid Richards Roberts Robinson Rogers Rose Russell Ryan Saunders Scott Shah Sharma "
    "Shaw Simpson Singh Smith Stevens Stewart Taylor Thomas Thompson Turner Walker Ward Watson "
    "Webb White Williams Wilson Wood Wright Young"
).split()
ROLES = [
    "Chief Officer",
    "Chair",
    "Treasurer",
    "Secretary",
    "Trustee",
    "Policy Officer",
    "Development Worker",
    "Volunteer Coordinator",
    "Finance Manager",
    "Communications Officer",
    "Project Worker",
    "Centre Manager",
    "Volunteer",
    "Administrator",
]
