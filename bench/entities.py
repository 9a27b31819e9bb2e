"""People and places the synthetic corpus mentions, each with the spellings a real corpus mixes.

Curated entities carry the variants that make name search hard: romanisations (Kim Jong-un /
Kim Jong Un / Kim Jung-eun), transliterations (Gaddafi / Qaddafi / Gadhafi), accents (São Paulo /
Sao Paulo), typos seen in print (Shenyng) and the name in its own script (김정은, 沈阳, Путин).
Filler people and places are combined from plain lists so the vocabulary is large, as in a real
corpus, and the curated names stand out only by how often they recur.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    """A person or place: its canonical name, weighted surface forms and a short form."""

    canonical: str
    kind: str  # "person" or "place"
    forms: tuple[tuple[str, int], ...]  # (surface form, relative weight)
    short: str | None = None  # how a later mention in the same article names a person
    weight: int = 1  # how often articles are about this entity, relative to the others


def _entity(canonical, kind, forms, short=None, weight=1):
    return Entity(canonical, kind, tuple(forms), short, weight)


CURATED: tuple[Entity, ...] = (
    _entity(
        "Kim Jong-un",
        "person",
        [
            ("Kim Jong-un", 8),
            ("Kim Jong Un", 8),
            ("Kim Jong-eun", 2),
            ("Kim Jung-eun", 1),
            ("Kim Jongun", 1),
            ("김정은", 2),
        ],
        short="Kim",
        weight=30,
    ),
    _entity(
        "Kim Jong-il",
        "person",
        [("Kim Jong-il", 6), ("Kim Jong Il", 6), ("Kim Jong-Il", 2), ("김정일", 1)],
        short="Kim",
        weight=12,
    ),
    _entity(
        "Kim Yo-jong",
        "person",
        [("Kim Yo-jong", 6), ("Kim Yo Jong", 5), ("Kim Yeo-jeong", 1), ("김여정", 1)],
        short="Kim",
        weight=8,
    ),
    _entity(
        "Ri Sol-ju",
        "person",
        [("Ri Sol-ju", 5), ("Ri Sol Ju", 4), ("Lee Seol-ju", 1), ("리설주", 1)],
        short="Ri",
        weight=4,
    ),
    _entity(
        "Lee Myung-bak",
        "person",
        [("Lee Myung-bak", 6), ("Lee Myeong-bak", 3), ("Lee Myeong-Bak", 1), ("이명박", 1)],
        short="Lee",
        weight=6,
    ),
    _entity(
        "Muammar Gaddafi",
        "person",
        [
            ("Muammar Gaddafi", 6),
            ("Muammar Qaddafi", 5),
            ("Moammar Gadhafi", 4),
            ("Muammar al-Qaddafi", 2),
            ("Muammar Kadhafi", 1),
            ("Муаммар Каддафи", 1),
        ],
        short="Gaddafi",
        weight=10,
    ),
    _entity(
        "Vladimir Putin",
        "person",
        [("Vladimir Putin", 10), ("Vladimir Poutine", 1), ("Владимир Путин", 2)],
        short="Putin",
        weight=10,
    ),
    _entity(
        "Xi Jinping",
        "person",
        [("Xi Jinping", 10), ("Xi Jin-ping", 1), ("习近平", 2)],
        short="Xi",
        weight=10,
    ),
    _entity(
        "Aung San Suu Kyi",
        "person",
        [("Aung San Suu Kyi", 10), ("Aung San Su Kyi", 1), ("Daw Aung San Suu Kyi", 2)],
        short="Suu Kyi",
        weight=5,
    ),
    _entity(
        "Abdel Fattah el-Sisi",
        "person",
        [("Abdel Fattah el-Sisi", 6), ("Abdel Fattah al-Sisi", 4), ("Abdel Fatah el-Sissi", 1)],
        short="Sisi",
        weight=4,
    ),
    _entity(
        "Osama bin Laden",
        "person",
        [("Osama bin Laden", 8), ("Usama bin Ladin", 2), ("Osama bin Ladin", 1)],
        short="bin Laden",
        weight=3,
    ),
    _entity(
        "Sam Zarifi",
        "person",
        [("Sam Zarifi", 1)],
        short="Zarifi",
        weight=1,
    ),
    _entity(
        "Shenyang",
        "place",
        [("Shenyang", 12), ("Shen-yang", 1), ("Shenyng", 1), ("沈阳", 2)],
        weight=15,
    ),
    _entity("Tumen River", "place", [("Tumen River", 6), ("Tumen", 6), ("图们江", 1)], weight=10),
    _entity(
        "Pyongyang",
        "place",
        [("Pyongyang", 12), ("P’yŏngyang", 1), ("평양", 2), ("Пхеньян", 1)],
        weight=20,
    ),
    _entity("Dandong", "place", [("Dandong", 8), ("Tan-tung", 1), ("丹东", 1)], weight=8),
    _entity("Chongjin", "place", [("Chongjin", 6), ("Ch’ŏngjin", 1), ("청진", 1)], weight=5),
    _entity("Hyesan", "place", [("Hyesan", 6), ("혜산", 1)], weight=5),
    _entity("Sinuiju", "place", [("Sinuiju", 6), ("Sinŭiju", 2), ("신의주", 1)], weight=5),
    _entity("Kaesong", "place", [("Kaesong", 6), ("Gaeseong", 2), ("개성", 1)], weight=3),
    _entity("Yanji", "place", [("Yanji", 6), ("Yenki", 1), ("延吉", 1)], weight=4),
    _entity(
        "Ürümqi",
        "place",
        [("Ürümqi", 4), ("Urumqi", 6), ("Urumchi", 1), ("乌鲁木齐", 1)],
        weight=4,
    ),
    _entity("São Paulo", "place", [("São Paulo", 8), ("Sao Paulo", 5)], weight=6),
    _entity("Bogotá", "place", [("Bogotá", 6), ("Bogota", 5)], weight=4),
    _entity("Kraków", "place", [("Kraków", 5), ("Krakow", 4), ("Cracow", 1)], weight=3),
    _entity("Zürich", "place", [("Zürich", 5), ("Zurich", 5), ("Zuerich", 1)], weight=3),
    _entity("Kyiv", "place", [("Kyiv", 8), ("Kiev", 5), ("Київ", 1), ("Киев", 1)], weight=8),
    _entity(
        "Nizhny Novgorod",
        "place",
        [("Nizhny Novgorod", 6), ("Nizhni Novgorod", 2), ("Нижний Новгород", 1)],
        weight=2,
    ),
    _entity("Tripoli", "place", [("Tripoli", 8), ("Tarabulus", 1)], weight=6),
)

FIRST_NAMES: tuple[str, ...] = (
    "Aisha", "Alejandro", "Amara", "Ana", "Andrei", "Björn", "Carlos", "Chen", "Daniel", "Dmitri",
    "Elena", "Emeka", "Farah", "Fatima", "François", "Grace", "Hana", "Hyun-woo", "Ibrahim",
    "Ines", "Ivan", "Jae-won", "James", "Jiwoo", "José", "Karim", "Katarzyna", "Li", "Lucía",
    "Łukasz", "Mariam", "Mei", "Min-jun", "Mohammed", "Nadia", "Nguyễn", "Olga", "Omar", "Paulo",
    "Priya", "Rafael", "Rania", "Ricardo", "Sandra", "Seo-yeon", "Sergei", "Søren", "Sun-hee",
    "Tatiana", "Thomas", "Tomás", "Wei", "Yasmin", "Yong-ho", "Yusuf", "Zanele", "Zoë", "Émile",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Abdullah", "Ahmadi", "Alvarez", "Andersen", "Bae", "Baker", "Bondarenko", "Cho", "Choi",
    "Da Silva", "Dlamini", "Dubois", "Fernández", "García", "Gómez", "Haddad", "Han", "Hoffmann",
    "Hussein", "Ivanova", "Jang", "Jung", "Kang", "Kowalski", "Kuznetsov", "Kwon", "Lim", "Liu",
    "López", "Mahmoud", "Martins", "Mensah", "Moreau", "Müller", "Nakamura", "Novak", "Nowak",
    "Okafor", "Oh", "Park", "Pereira", "Petrov", "Rahman", "Reyes", "Rossi", "Sato", "Schmidt",
    "Seo", "Shin", "Smirnova", "Sokolov", "Tanaka", "Wang", "Wójcik", "Yilmaz", "Yoon", "Zhang",
    "Zhou", "Ørsted", "Ünal",
)  # fmt: skip

PLACES: tuple[str, ...] = (
    "Aleppo", "Almaty", "Amman", "Ankara", "Antakya", "Baghdad", "Bangkok", "Basra", "Beijing",
    "Beirut", "Belgrade", "Benghazi", "Busan", "Cairo", "Changchun", "Chiang Mai", "Daegu",
    "Damascus", "Dhaka", "Donetsk", "Erbil", "Gaziantep", "Geneva", "Goma", "Guangzhou",
    "Hanoi", "Harbin", "Hebei", "Helsinki", "Hong Kong", "Incheon", "Istanbul", "Jakarta",
    "Jilin", "Juba", "Kabul", "Kampala", "Karachi", "Kharkiv", "Khartoum", "Kinshasa", "Kunming",
    "Lagos", "Liaoning", "Lima", "Lviv", "Mandalay", "Manila", "Mariupol", "Misrata", "Mosul",
    "Nairobi", "Odesa", "Oslo", "Phnom Penh", "Qinhuangdao", "Quito", "Raqqa", "Rangoon",
    "Sanaa", "Santiago", "Sarajevo", "Seoul", "Shanghai", "Sirte", "Tashkent", "Tbilisi",
    "Tehran", "Tijuana", "Tokyo", "Ulaanbaatar", "Vientiane", "Vladivostok", "Warsaw", "Yangon",
    "Yerevan", "Yunnan", "Łódź", "Malmö", "Medellín", "Mérida", "Göttingen", "Córdoba",
)  # fmt: skip

ORGANISATIONS: tuple[str, ...] = (
    "Amnesty International", "Human Rights Watch", "the UN refugee agency", "Daily NK",
    "Radio Free Asia", "the Ministry of Public Security", "the National Security Agency",
    "the International Committee of the Red Cross", "Médecins Sans Frontières",
    "the Ministry of Foreign Affairs", "a local human rights group", "the provincial court",
)  # fmt: skip
