"""Postcode areas (the letters at the start of a postcode) and the regions they lie in.

Used to count actions by region in the staff view. A few postcode areas cross a
regional boundary (CA, DN, SY, TD, ...); each is given to the region where most of
its addresses are, which is plenty for "where are our supporters".
"""

NORTH_EAST = "North East"
NORTH_WEST = "North West"
YORKSHIRE = "Yorkshire and the Humber"
EAST_MIDLANDS = "East Midlands"
WEST_MIDLANDS = "West Midlands"
EAST = "East of England"
LONDON = "London"
SOUTH_EAST = "South East"
SOUTH_WEST = "South West"
WALES = "Wales"
SCOTLAND = "Scotland"
NORTHERN_IRELAND = "Northern Ireland"
OTHER = "Channel Islands, Isle of Man and elsewhere"

# In the order shown: England's nine regions, then the rest of the UK.
REGIONS = [
    NORTH_EAST,
    NORTH_WEST,
    YORKSHIRE,
    EAST_MIDLANDS,
    WEST_MIDLANDS,
    EAST,
    LONDON,
    SOUTH_EAST,
    SOUTH_WEST,
    WALES,
    SCOTLAND,
    NORTHERN_IRELAND,
    OTHER,
]

_AREAS = {
    NORTH_EAST: "DH DL NE SR TS",
    NORTH_WEST: "BB BL CA CH CW FY L LA M OL PR SK WA WN",
    YORKSHIRE: "BD DN HD HG HU HX LS S WF YO",
    EAST_MIDLANDS: "DE LE LN NG NN",
    WEST_MIDLANDS: "B CV DY HR ST SY TF WR WS WV",
    EAST: "AL CB CM CO EN IP LU MK NR PE SG SS",
    LONDON: "BR CR DA E EC HA IG KT N NW RM SE SM SW TW UB W WC",
    SOUTH_EAST: "BN CT GU HP ME OX PO RG RH SL SO TN",
    SOUTH_WEST: "BA BH BS DT EX GL PL SN SP TA TQ TR",
    WALES: "CF LD LL NP SA",
    SCOTLAND: "AB DD DG EH FK G HS IV KA KW KY ML PA PH TD ZE",
    NORTHERN_IRELAND: "BT",
    OTHER: "GY IM JE",
}

AREA_TO_REGION: dict[str, str] = {
    area: region for region, areas in _AREAS.items() for area in areas.split()
}


def region_for_area(area: str) -> str:
    """The region of a postcode area ("NG" -> "East Midlands"); OTHER when unknown."""
    return AREA_TO_REGION.get((area or "").upper(), OTHER)
