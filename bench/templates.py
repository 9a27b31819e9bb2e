"""Sentence and headline templates for the synthetic news articles.

Slots, filled per mention by the generator: ``{p}`` / ``{q}`` a person's full name, ``{ps}`` the
first person's short name, ``{l}`` / ``{k}`` places, ``{o}`` an organisation (``{O}`` capitalised),
``{n}`` a number, ``{d}`` a date. Quotes are typographic (“ ” ‘ ’) as in wire copy; some
sentences are in Korean, Chinese or Russian, as quoted passages are in real reports.
"""

HEADLINES: tuple[str, ...] = (
    "{p} visits {l} as tensions rise",
    "China detains {n} defectors near {l}",
    "Fear of forced repatriation rising among defectors in {l}",
    "{O} urges release of detainees held in {l}",
    "Court in {l} hears case against {p}",
    "Witnesses describe night crossing at {l}",
    "{p} and {q} meet in {l}",
    "Border guards in {l} stepped up patrols, sources say",
    "Families of {n} detainees appeal to {o}",
    "What we know about the arrests in {l}",
    "Report: {n} people held at camp outside {l}",
    "{p}’s envoy arrives in {l}",
)

SENTENCES: tuple[str, ...] = (
    "A well-informed source inside the security forces told {o} that {n} people had been "
    "arrested in {l}.",
    "“The situation in {l} is getting worse every week,” {p} said.",
    "{p} was last seen in {l} on {d}, according to relatives.",
    "The detainees were moved from {l} to {k} after {ps} intervened, the source added.",
    "Officials in {l} declined to comment on the report.",
    "{O} said it could not independently verify the figures.",
    "According to {p}, at least {n} people crossed the river near {l} that night.",
    "“We were told to wait until dark,” one of the women said. “Nobody explained why.”",
    "{ps} has not spoken publicly about the arrests since {d}.",
    "Local residents said the checkpoint outside {l} had been reinforced with {n} guards.",
    "The ministry’s statement, issued on {d}, did not mention {l} or {k}.",
    "{p} told reporters in {l} that the talks with {q} had been “frank and useful.”",
    "Satellite images reviewed by {o} show new fencing along the road from {l} to {k}.",
    "The court in {l} sentenced {n} people on charges of illegal border crossing.",
    "It is the first time since {d} that {ps} has travelled to {l}.",
    "A spokesperson for {o} said the organisation was “deeply concerned.”",
    "Some of the defectors had been hiding in {l} for more than {n} months.",
    "{q}, who helped several families reach {l}, said the routes had become more expensive.",
    "Brokers now charge up to {n} dollars for the journey from {k} to {l}, sources said.",
    "The report cites interviews with {n} former detainees held near {l}.",
    "“I don’t know where my son is,” said {p}, whose family lives in {l}.",
    "{p}’s office said the visit to {l} had been planned for months.",
    "The camp outside {l} holds about {n} people, according to {o}.",
    "Neither {p} nor {q} responded to requests for comment.",
    "Police in {l} confirmed that {n} people were questioned on {d}.",
    "In {l}, prices for rice and corn rose by {n} percent over the winter.",
    "Activists in {k} said they had lost contact with a group that left {l} on {d}.",
    "{O} has documented {n} cases of forced repatriation since {d}.",
    "The group travelled by bus to {l}, then on foot towards the border near {k}.",
    "The 45-year-old woman met her mother in {l} for exactly two days before the arrests.",
    "Officials said the new rules would apply to everyone entering {l} from {k}.",
    "{ps} was quoted as saying that the matter was “an internal affair.”",
    "Human rights groups have repeatedly urged authorities in {l} to stop the practice.",
    "Asked about the case on {d}, {p} said only: ‘We are looking into it.’",
    "The border town of {l} lies across the river from {k}.",
    "Witnesses said about {n} soldiers arrived in {l} before dawn.",
    "The trial of {p} is expected to resume in {l} on {d}.",
    "Several of those detained in {l} are children, {o} said.",
    "{q} spent {n} days in a detention centre in {l} before being released.",
    "Residents of {l} described a tense calm after the arrests.",
)

FOREIGN_SENTENCES: tuple[str, ...] = (
    "“{l}에서 체포된 탈북자들은 아직 구금되어 있다”고 소식통은 전했다.",
    "{p} 씨는 “가족과 연락이 끊겼다”고 말했다.",
    "据消息人士称,{l}附近有{n}人被拘留。",
    "当局尚未对{l}的情况发表评论。",
    "«Ситуация в {l} остаётся напряжённой», — заявил {p}.",
    "По данным правозащитников, в {l} задержаны {n} человек.",
)

OPENINGS: tuple[str, ...] = (
    "",
    "",
    "",
    "Go to contents\n\n",
    "≡ Menu\n\n",
    "Join our verified channel and get important news uncensored!\n\n",
)

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
