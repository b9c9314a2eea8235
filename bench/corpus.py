"""Realistic vacancy text: titles, summaries and descriptions for each sector.

Full-text search is only realistic if the words are: each description is assembled from
sector-specific and general paragraphs so that term frequencies and document lengths vary
like a real job board's, and keyword queries match hundreds to thousands of rows, not all or none.
"""

from __future__ import annotations

import random

TITLES: dict[str, list[str]] = {
    "health_care": [
        "Care assistant",
        "Senior care assistant",
        "Healthcare assistant",
        "Support worker",
        "Community support worker",
        "Registered nurse",
        "Domiciliary carer",
        "Night care worker",
        "Mental health support worker",
        "Occupational therapy assistant",
        "Pharmacy assistant",
        "Reablement worker",
        "Activities coordinator",
    ],
    "hospitality": [
        "Chef de partie",
        "Commis chef",
        "Kitchen porter",
        "Barista",
        "Waiter",
        "Bar staff",
        "Front of house host",
        "Restaurant supervisor",
        "Catering assistant",
        "Housekeeper",
        "Hotel receptionist",
        "Events assistant",
    ],
    "retail": [
        "Sales assistant",
        "Customer assistant",
        "Store supervisor",
        "Visual merchandiser",
        "Stock controller",
        "Checkout operator",
        "Assistant store manager",
        "Bakery assistant",
        "Pharmacy counter assistant",
        "Online order picker",
    ],
    "education": [
        "Teaching assistant",
        "Special educational needs teaching assistant",
        "Nursery practitioner",
        "Early years educator",
        "Lunchtime supervisor",
        "School administrator",
        "Cover supervisor",
        "After-school club leader",
        "Maths teacher",
        "English teacher",
        "Learning mentor",
    ],
    "public_sector": [
        "Customer services officer",
        "Housing officer",
        "Library assistant",
        "Revenues officer",
        "Parking services officer",
        "Planning support officer",
        "Environmental health officer",
        "Community engagement officer",
        "Benefits assessor",
        "Social worker",
    ],
    "charity": [
        "Volunteer coordinator",
        "Fundraising assistant",
        "Community development worker",
        "Project officer",
        "Youth worker",
        "Advice worker",
        "Food bank coordinator",
        "Outreach worker",
        "Shop manager (charity retail)",
    ],
    "construction": [
        "Electrician",
        "Plumber",
        "Site labourer",
        "Carpenter",
        "Painter and decorator",
        "Repairs operative",
        "Multi-skilled maintenance operative",
        "Quantity surveyor",
        "Site manager",
        "Apprentice bricklayer",
    ],
    "transport": [
        "Delivery driver",
        "Warehouse operative",
        "Bus driver",
        "Van driver",
        "Courier",
        "Logistics coordinator",
        "Forklift driver",
        "Station assistant",
        "Cycle courier",
    ],
    "facilities": [
        "Cleaner",
        "Office cleaner",
        "Security officer",
        "Caretaker",
        "Concierge",
        "Facilities assistant",
        "Porter",
        "Grounds maintenance operative",
        "Cleaning supervisor",
    ],
    "digital": [
        "Software developer",
        "Python developer",
        "Web developer",
        "Data analyst",
        "IT support technician",
        "User researcher",
        "Content designer",
        "Product manager",
        "Digital marketing assistant",
        "Cyber security analyst",
    ],
    "finance": [
        "Accounts assistant",
        "Payroll officer",
        "Bookkeeper",
        "Finance officer",
        "Paralegal",
        "Legal secretary",
        "Audit associate",
        "Credit controller",
        "Tax assistant",
    ],
    "creative": [
        "Graphic designer",
        "Marketing assistant",
        "Box office assistant",
        "Museum assistant",
        "Photographer",
        "Video editor",
        "Gallery assistant",
        "Communications officer",
        "Front of house (theatre)",
    ],
    "science": [
        "Laboratory technician",
        "Research assistant",
        "Clinical trials coordinator",
        "Data scientist",
        "Lab support scientist",
        "Research nurse",
        "Biomedical scientist",
    ],
    "admin": [
        "Administrator",
        "Receptionist",
        "Office manager",
        "Personal assistant",
        "Data entry clerk",
        "Medical receptionist",
        "Team administrator",
        "Executive assistant",
        "Administration apprentice",
    ],
}

SECTOR_DUTIES: dict[str, list[str]] = {
    "health_care": [
        (
            "You will support people to live independently in their own "
            "homes, helping with personal care, meals and medication."
        ),
        (
            "Our residents need kind, patient carers who listen "
            "and treat everyone with dignity and respect."
        ),
        (
            "You will keep accurate care records and work "
            "closely with nurses, families and social workers."
        ),
        (
            "Experience in care is welcome but not essential: we "
            "give full training, including the Care Certificate."
        ),
        "You will help people with dementia take part in activities they enjoy.",
    ],
    "hospitality": [
        "You will prepare fresh food to a high standard in a busy, friendly kitchen.",
        (
            "Our cafe serves breakfast and lunch to local "
            "people, students and visitors to Camden Market."
        ),
        "You will welcome guests, take orders and make sure every table has a great experience.",
        "Food hygiene level 2 is useful; we will pay for the course if you do not have it.",
        "You will keep the kitchen clean and safe, and help with deliveries and stock rotation.",
    ],
    "retail": [
        (
            "You will serve customers on the shop floor and "
            "on the tills, and keep shelves stocked and tidy."
        ),
        "Our store on Kentish Town Road is busy on weekends, and we plan rotas around your life.",
        "You will help with deliveries, stock counts and click-and-collect orders.",
        "Great customer service matters more to us than experience.",
    ],
    "education": [
        "You will support pupils in the classroom, working with small groups and one to one.",
        "Our primary school is a friendly community where every child is known by name.",
        "You will help children with special educational needs and disabilities to learn and play.",
        "The role follows the school year, with the school holidays off.",
        "You will work with the class teacher to plan activities and track progress.",
    ],
    "public_sector": [
        (
            "You will help residents with enquiries by phone, "
            "email and face to face at our Crowndale Centre office."
        ),
        (
            "The council serves more than 200,000 residents, "
            "and we want our workforce to reflect the borough."
        ),
        "You will manage a caseload, keep records up to date and work with partner organisations.",
        "We offer a local government pension, generous annual leave and learning opportunities.",
    ],
    "charity": [
        "You will work with volunteers and local groups to support residents facing hardship.",
        "Our charity has worked in Somers Town and King's Cross for over thirty years.",
        "You will plan and run community events, workshops and drop-in sessions.",
        "Lived experience of the issues we work on is valued and welcomed.",
    ],
    "construction": [
        "You will carry out repairs and planned maintenance in council homes across the borough.",
        "You will hold a relevant NVQ level 2 or 3, or be working towards one.",
        "We provide a van, tools and uniform, and support you to gain further qualifications.",
        "Health and safety comes first on every site; a CSCS card is required.",
    ],
    "transport": [
        (
            "You will deliver parcels to homes and businesses "
            "across north London using an electric van."
        ),
        "You will pick, pack and load orders in our warehouse near King's Cross.",
        "A full UK driving licence is needed for driving roles; warehouse roles need no licence.",
        "Shifts are published four weeks ahead and you can swap shifts through our app.",
    ],
    "facilities": [
        "You will keep our offices clean, safe and welcoming for staff and visitors.",
        (
            "Early morning and evening shifts are available, "
            "and you can choose the shifts that suit you."
        ),
        "You will hold an SIA licence for security roles, or we will help you get one.",
        "You will report repairs and help with room set-ups and deliveries.",
    ],
    "digital": [
        "You will build and run digital services used by thousands of people every day.",
        "Our team works in Python and Django, with PostgreSQL, and deploys many times a day.",
        (
            "You will work with user researchers and designers "
            "to make services accessible to everyone."
        ),
        "We value clear writing, testing and pairing over long hours.",
    ],
    "finance": [
        "You will process invoices, reconcile accounts and help with the month-end close.",
        "Experience with Xero or Sage is useful; AAT qualifications are welcome but not required.",
        "You will support a small, friendly team in our office near Holborn station.",
        "We will support you to study for a professional qualification.",
    ],
    "creative": [
        "You will help create content for our website, newsletters and social media.",
        "Our theatre welcomes audiences from across London to more than 300 performances a year.",
        "You will greet visitors, sell tickets and help run events and exhibitions.",
        "A portfolio is welcome but not required; tell us what you have made.",
    ],
    "science": [
        (
            "You will support research teams in a modern "
            "laboratory at the Francis Crick Institute area."
        ),
        "You will prepare samples, maintain equipment and keep careful records.",
        "A degree in a biological science, or equivalent experience, is needed.",
        "You will work with clinicians and patients taking part in clinical trials.",
    ],
    "admin": [
        (
            "You will be the first point of contact for visitors "
            "and callers, and keep diaries and records up to date."
        ),
        "You will organise meetings, take minutes and support a busy team.",
        "Good IT skills, including Microsoft Office or Google Workspace, are needed.",
        "Our GP practice in Kilburn serves a diverse community of 12,000 patients.",
    ],
}

FLEXIBLE_SENTENCES: dict[str, str] = {
    "part_time": "This role is part-time and we are open to the days you work.",
    "job_share": "We welcome applications from people who want to job share.",
    "flexitime": "You can choose your start and finish times around core hours.",
    "compressed_hours": "You can work your hours over four days instead of five.",
    "annualised_hours": "Your hours are worked out over the year, with quieter and busier times.",
    "term_time": "You will work during school terms only.",
    "self_rostering": "You choose your own shifts from the rota each month.",
    "shift_swapping": "You can swap shifts with colleagues when your plans change.",
    "predictable_shifts": "Rotas are published weeks ahead, so you can plan childcare and caring.",
}

GENERAL_PARAGRAPHS: list[str] = [
    (
        "We are a London Living Wage employer and pay at "
        "least the real Living Wage to every member of staff."
    ),
    (
        "We welcome applications from everyone, and particularly "
        "from disabled people, carers and people returning to work."
    ),
    "We are a Disability Confident employer: if you need any adjustments to apply, please tell us.",
    (
        "You will get 28 days of annual leave, a pension, "
        "free eye tests and an employee assistance programme."
    ),
    "We are close to Camden Town, Kentish Town and Euston stations and several bus routes.",
    "Training is paid, and there are clear routes to progress into senior and supervisory roles.",
    (
        "If you have been out of work for a while, a work "
        "coach from Good Work Camden can help you apply."
    ),
    "We support people to use their right to request flexible working from their first day.",
    "Please apply with a short statement telling us why you would like the job.",
    (
        "We will guarantee an interview to applicants who "
        "live in Camden and meet the essential criteria."
    ),
]

SUMMARY_TEMPLATES: list[str] = [
    "{title} for a {size} {noun} in {ward}. {flex}",
    "Join our team as a {title_lower} in {ward}. {flex}",
    "We are looking for a friendly {title_lower} to join us in {ward}. {flex}",
    "{title} needed in {ward}: {flex_lower}",
]

NOUNS = ["team", "organisation", "business", "service", "employer"]
SIZES = ["small", "friendly", "busy", "growing", "local", "well-established"]

FIRST_NAMES = [
    "Amina",
    "Oliver",
    "Fatima",
    "George",
    "Sofia",
    "Mohammed",
    "Grace",
    "Yusuf",
    "Chloe",
    "Daniel",
    "Aisha",
    "Jack",
    "Mei",
    "Kwame",
    "Isla",
    "Tomasz",
    "Priya",
    "Liam",
    "Hana",
    "Samuel",
    "Zara",
    "Ahmed",
    "Emily",
    "Kofi",
    "Ruth",
    "Luca",
    "Nadia",
    "Ibrahim",
    "Eleanor",
    "Joseph",
]
LAST_NAMES = [
    "Ahmed",
    "Smith",
    "Begum",
    "Jones",
    "Khan",
    "Williams",
    "Okafor",
    "Brown",
    "Nowak",
    "Taylor",
    "Hussain",
    "Murphy",
    "Patel",
    "Evans",
    "Mensah",
    "Chen",
    "Ali",
    "Walker",
    "Rossi",
    "Osei",
]
ORGANISATION_WORDS = [
    "Camden",
    "Kentish",
    "Regent's",
    "Primrose",
    "Fleet",
    "Hampstead",
    "Holborn",
    "Somers",
    "Highgate",
    "Belsize",
    "Bloomsbury",
    "Euston",
    "Chalk Farm",
    "Gospel Oak",
    "Kilburn",
]
ORGANISATION_KINDS: dict[str, list[str]] = {
    "health_care": ["Care", "Homecare", "Health Partners", "Care Home"],
    "hospitality": ["Kitchen", "Cafe", "Hotel", "Catering", "Bakery"],
    "retail": ["Stores", "Market", "Grocers", "Books"],
    "education": ["Primary School", "Nursery", "Academy", "College"],
    "public_sector": ["Services", "Housing", "Library Service"],
    "charity": ["Community Trust", "Foundation", "Advice Centre", "Youth Project"],
    "construction": ["Builders", "Maintenance", "Construction", "Electrical"],
    "transport": ["Logistics", "Couriers", "Deliveries", "Transport"],
    "facilities": ["Cleaning", "Security", "Facilities"],
    "digital": ["Digital", "Labs", "Software", "Data"],
    "finance": ["Accountants", "Solicitors", "Finance", "Payroll"],
    "creative": ["Theatre", "Studio", "Gallery", "Media"],
    "science": ["Research", "Biosciences", "Laboratories"],
    "admin": ["Medical Practice", "Office Services", "Surgery"],
}


def vacancy_text(
    rng: random.Random, sector: str, time_options: list[str], ward_label: str
) -> tuple[str, str, str]:
    title = rng.choice(TITLES[sector])
    flex_options = [FLEXIBLE_SENTENCES[o] for o in time_options]
    flex = flex_options[0] if flex_options else "We are happy to talk about flexible working."
    summary = rng.choice(SUMMARY_TEMPLATES).format(
        title=title,
        title_lower=title[0].lower() + title[1:],
        size=rng.choice(SIZES),
        noun=rng.choice(NOUNS),
        ward=ward_label,
        flex=flex,
        flex_lower=flex[0].lower() + flex[1:],
    )[:300]
    duties = rng.sample(SECTOR_DUTIES[sector], k=min(len(SECTOR_DUTIES[sector]), rng.randint(2, 4)))
    general = rng.sample(GENERAL_PARAGRAPHS, k=rng.randint(2, 4))
    paragraphs = [" ".join(duties), " ".join(flex_options) or flex, *general]
    if rng.random() < 0.5:
        paragraphs.insert(2, "\n".join(f"- {d}" for d in rng.sample(SECTOR_DUTIES[sector], k=2)))
    return title, summary, "\n\n".join(paragraphs)


def organisation_name(rng: random.Random, sector: str, n: int) -> str:
    return f"{rng.choice(ORGANISATION_WORDS)} {rng.choice(ORGANISATION_KINDS[sector])} {n}"
