"""Plausible supporters for the demo: names, addresses and postcodes across England."""

import random

FIRST_NAMES = [
    "Aisha", "Alan", "Amara", "Amy", "Andrew", "Anita", "Ben", "Bernadette", "Carl", "Catherine",
    "Chloe", "Chris", "Claire", "Daniel", "Deborah", "Declan", "Dev", "Eleanor", "Emma", "Fatima",
    "Fiona", "Gareth", "Grace", "Hannah", "Harjit", "Helen", "Ian", "Imran", "Jack", "Jane",
    "Janet", "Jason", "Joanne", "John", "Joseph", "Kate", "Kwame", "Laura", "Leanne", "Liam",
    "Lucy", "Mandeep", "Margaret", "Mark", "Mary", "Michael", "Mohammed", "Nadia", "Natalie",
    "Neil", "Nicola", "Oliver", "Olu", "Patrick", "Paul", "Priya", "Rachel", "Rebecca", "Richard",
    "Rosa", "Ruth", "Sam", "Sarah", "Shabana", "Simon", "Sophie", "Stephen", "Sunita", "Tariq",
    "Thomas", "Tom", "Tracey", "Vikram", "Wendy", "Yusuf", "Zainab", "Zoe",
]  # fmt: skip
SURNAMES = [
    "Ahmed", "Ali", "Allen", "Atkinson", "Bailey", "Baker", "Begum", "Bennett", "Brown", "Campbell",
    "Carter", "Chapman", "Clarke", "Collins", "Cooper", "Davies", "Dixon", "Edwards", "Evans",
    "Fisher", "Francis", "Green", "Griffiths", "Hall", "Harris", "Hughes", "Hussain", "Jackson",
    "James", "Johnson", "Jones", "Kaur", "Khan", "King", "Lewis", "Marshall", "Martin", "Mensah",
    "Mitchell", "Moore", "Morgan", "Murphy", "Nguyen", "O'Brien", "Okafor", "Owen", "Palmer",
    "Parker", "Patel", "Phillips", "Price", "Rahman", "Roberts", "Robinson", "Scott", "Shah",
    "Singh", "Smith", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson",
    "White", "Williams", "Wilson", "Wood", "Wright", "Young",
]  # fmt: skip
# Postcode districts across England's regions, roughly in proportion to where people live.
DISTRICTS = [
    "NE1", "NE4", "NE6", "NE15", "SR1", "DH1", "TS1", "TS5", "CA1", "LA1",
    "M1", "M4", "M8", "M13", "M14", "M16", "M20", "L1", "L8", "L15", "PR1", "BB1", "BL1", "WA1",
    "LS1", "LS6", "LS7", "LS8", "LS11", "BD1", "BD3", "HX1", "HD1", "S1", "S2", "S7", "S10",
    "S11", "HU3", "YO1", "YO10", "DN1",
    "NG1", "NG2", "NG3", "NG7", "NG5", "LE1", "LE2", "LE4", "DE1", "DE22", "LN1", "NN1",
    "B1", "B5", "B10", "B11", "B29", "CV1", "CV5", "WV1", "WS1", "ST1", "WR1", "HR1",
    "CB1", "CB4", "NR1", "NR2", "IP1", "CO1", "LU1", "MK9", "PE1", "SG1",
    "E1", "E8", "E17", "N1", "N7", "N17", "NW1", "NW10", "SE1", "SE5", "SE15", "SW2", "SW9",
    "W2", "W10", "EC1V", "WC1H",
    "BN1", "BN2", "BN15", "BN43", "PO1", "SO14", "OX1", "OX4", "RG1", "GU1", "CT1", "ME1", "MK40",
    "BS1", "BS2", "BS3", "BS5", "BS6", "BS16", "EX1", "EX4", "PL1", "TR1", "BA1", "GL1", "SN1",
]  # fmt: skip
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DOMAINS = ["example.com", "example.net", "example.org"]


def postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def person(rng: random.Random, number: int, districts=None) -> dict:
    """A supporter: the same number always gives the same person."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    local = f"{first}.{last}".lower().replace("'", "")
    return {
        "name": f"{first} {last}",
        "email": f"{local}.{number}@{DOMAINS[number % 3]}",
        "postcode": postcode(rng, rng.choice(districts or DISTRICTS)),
    }
