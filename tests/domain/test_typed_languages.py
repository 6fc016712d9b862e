"""Typed input in the ten languages: attacks, times, yes/no, warning signs (real phrases).

The warning signs are the red flags the diary asks about (a sudden worst-ever or thunderclap
headache, new weakness, numbness, confusion, trouble speaking): the "SNNOOP10" red flags for
secondary headache (Do et al., Neurology 2019) and the ICHD-3 warning that thunderclap headache
needs urgent investigation (ICHD-3 4.4).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.answers import parse_yes_no
from bot.domain.attack_text import (
    AttackIntent,
    DoseMention,
    is_attack_over_message,
    parse_attack_message,
)
from bot.domain.attacks import Side, Symptom
from bot.domain.languages import language_key, languages_to_try
from bot.domain.lexicon import find_phrase, fold, phrase, tokenize
from bot.domain.medications import DrugClass, MedicationRecord
from bot.domain.red_flags import RedFlag, detect_red_flag_words
from bot.domain.timephrases import parse_date, parse_past_when, parse_time_of_day

BERLIN = "Europe/Berlin"
# Wednesday 2026-11-25, 15:00 in Berlin.
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
AT_14 = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
AT_2 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
TWO_HOURS_AGO = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
YESTERDAY_15 = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
MONDAY_14 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
SUMA = DoseMention("Sumatriptan", None, "sumatriptan", "50 mg")
NAUSEA = frozenset({Symptom.NAUSEA})
IMIGRAN = MedicationRecord(7, 1, "Imigran Nasal", DrugClass.TRIPTAN, False, "20 mg")
IBU = MedicationRecord(8, 1, "Ibuprofen", DrugClass.NSAID, False, "400 mg")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # The whole attack in one message, in each language.
        (
            "en",
            "migraine 7 since 2pm, took sumatriptan 50 mg, nausea, left side",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "de",
            "Migräne 7 seit 14 Uhr, Sumatriptan 50 mg genommen, Übelkeit, links",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "ru",
            "мигрень 7 с 14:00, выпила суматриптан 50 мг, тошнота, слева",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "uk",
            "мігрень 7 з 14:00, суматриптан 50 мг, нудота, зліва",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "es",
            "migraña 7 desde las 14:00, tomé sumatriptán 50 mg, náuseas, lado izquierdo",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "pt",
            "enxaqueca 7 desde as 14h, tomei sumatriptano 50 mg, náusea, lado esquerdo",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "fr",
            "migraine 7 depuis 14h, pris sumatriptan 50 mg, nausées, côté gauche",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "it",
            "emicrania 7 dalle 14, preso sumatriptan 50 mg, nausea, lato sinistro",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "tr",
            "migren 7 14:00'dan beri, sumatriptan 50 mg aldım, bulantı, sol taraf",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        (
            "ar",
            "صداع نصفي 7 منذ 2 ظهرا، أخذت سوماتريبتان 50 ملغ، غثيان، الجانب الأيسر",
            AttackIntent(7, AT_14, doses=(SUMA,), symptoms=NAUSEA, side=Side.LEFT),
        ),
        # Short phrases from the issue.
        ("ru", "мигрень 7 с 14:00", AttackIntent(7, AT_14)),
        ("de", "Migräne seit 14 Uhr", AttackIntent(started_at=AT_14)),
        ("pt-br", "dor de cabeça desde as 2", AttackIntent(started_at=AT_2)),
        ("es", "migraña desde las 2", AttackIntent(started_at=AT_2)),
        ("tr", "baş ağrısı 14:00'dan beri", AttackIntent(started_at=AT_14)),
        ("ar", "صداع نصفي منذ 2", AttackIntent(started_at=AT_2)),
        ("ar", "صداع منذ ساعتين", AttackIntent(started_at=TWO_HOURS_AGO)),
        ("ar", "صداع ٧", AttackIntent(7)),
        ("de", "Migräne vor 2 Stunden", AttackIntent(started_at=TWO_HOURS_AGO)),
        ("es", "migraña hace 2 horas", AttackIntent(started_at=TWO_HOURS_AGO)),
        ("ru", "мигрень 2 часа назад", AttackIntent(started_at=TWO_HOURS_AGO)),
        ("de", "Kopfschmerzen 7 von 10", AttackIntent(7)),
        ("ru", "мигрень 8 из 10", AttackIntent(8)),
        ("fr", "migraine 8 sur 10", AttackIntent(8)),
        # A German user whose Telegram is English is still understood.
        ("en", "Migräne 6", AttackIntent(6)),
        # "с" is also "with": no start, and nothing left over.
        ("ru", "мигрень с тошнотой", AttackIntent(symptoms=NAUSEA)),
        # A negated symptom is understood, not recorded.
        ("de", "Migräne, keine Übelkeit", AttackIntent()),
        (
            "en",
            "migraine, no nausea, vomiting",
            AttackIntent(symptoms=frozenset({Symptom.VOMITING})),
        ),
        # Other symptoms and sides.
        (
            "en",
            "headache, dizzy, neck pain, twitching, aura, light sensitive, sensitive to noise",
            AttackIntent(
                symptoms=frozenset(
                    {
                        Symptom.DIZZINESS,
                        Symptom.NECK_PAIN,
                        Symptom.TWITCHING,
                        Symptom.AURA,
                        Symptom.LIGHT,
                        Symptom.SOUND,
                    }
                )
            ),
        ),
        ("en", "migraine both sides", AttackIntent(side=Side.BOTH)),
        ("en", "migraine right now", AttackIntent()),
        ("tr", "migren sağ tarafta", AttackIntent(side=Side.RIGHT)),
        # Doses: the user's own list first, then the known drugs, with or without a unit.
        (
            "en",
            "migraine, imigran nasal 20",
            AttackIntent(doses=(DoseMention("Imigran Nasal", 7, None, "20 mg"),)),
        ),
        (
            "de",
            "Migräne, Nurofen 400mg",
            AttackIntent(doses=(DoseMention("Ibuprofen", 8, "ibuprofen", "400 mg"),)),
        ),
        (
            "en",
            "migraine, paracetamol 2 tablets",
            AttackIntent(doses=(DoseMention("Paracetamol", None, "paracetamol", "2 tablets"),)),
        ),
        (
            "en",
            "migraine, sumatriptan",
            AttackIntent(doses=(DoseMention("Sumatriptan", None, "sumatriptan", None),)),
        ),
        (
            "en",
            "migraine, sumatriptan 50xyz",
            AttackIntent(
                doses=(DoseMention("Sumatriptan", None, "sumatriptan", None),),
                not_understood=("50xyz",),
            ),
        ),
        (
            "en",
            "migraine, ergotamine 2",
            AttackIntent(doses=(DoseMention("Ergotamine", None, "ergotamine", "2"),)),
        ),
        (
            "en",
            "migraine, sumatriptan taken",
            AttackIntent(doses=(DoseMention("Sumatriptan", None, "sumatriptan", None),)),
        ),
        # What is not understood is named back, as typed.
        (
            "en",
            "migraine, xyzpill 50 mg, 7",
            AttackIntent(7, not_understood=("xyzpill 50 mg",)),
        ),
        (
            "en",
            "migraine 7, took xyzpill 50 mg",
            AttackIntent(7, not_understood=("took xyzpill 50 mg",)),
        ),
        ("de", "Migräne im Büro", AttackIntent(not_understood=("im Büro",))),
        ("ar", "صداع في العمل", AttackIntent(not_understood=("في العمل",))),
        # A warning sign typed with the attack is understood (and flagged).
        (
            "de",
            "Migräne, mein Arm ist taub",
            AttackIntent(red_flags=frozenset({RedFlag.NUMBNESS})),
        ),
        # A start announced but unreadable, or in the future.
        ("de", "Migräne seit heute 18 Uhr", AttackIntent(start_not_understood=True)),
        ("de", "Migräne seit irgendwann", AttackIntent(start_not_understood=True)),
        # Not an attack.
        ("de", "keine Migräne heute", None),
        ("ru", "сегодня нет мигрени", None),
        ("es", "sin dolor de cabeza", None),
        ("tr", "baş ağrım yok", None),
        ("ar", "لا صداع اليوم", None),
        ("de", "Migräne vorbei", None),
        ("de", "hallo", None),
    ],
)
def test_parse_attack_message_in_every_language(
    language: str, text: str, expected: AttackIntent | None
) -> None:
    parsed = parse_attack_message(
        text, now=NOW, tz=BERLIN, language=language, medications=(IMIGRAN, IBU)
    )
    assert parsed == expected


def test_details_are_what_shows_the_card() -> None:
    assert AttackIntent(symptoms=NAUSEA).has_details
    assert not AttackIntent(7, AT_14).has_details


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Migräne ist vorbei", True),
        ("Kopfschmerzen weg", True),
        ("мигрень прошла", True),
        ("голова прошла", True),
        ("мігрень минула", True),
        ("la migraña ya se pasó", True),
        ("a enxaqueca passou", True),
        ("la migraine est finie", True),
        ("c'est fini", True),
        ("l'emicrania è passata", True),
        ("migren geçti", True),
        ("الصداع انتهى", True),
        ("Migräne", False),
        ("paso", False),
    ],
)
def test_attack_over_in_every_language(text: str, expected: bool) -> None:
    assert is_attack_over_message(text) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "yesterday 15:00", YESTERDAY_15),
        ("en", "14h", AT_14),
        ("en", "1430", datetime(2026, 11, 25, 13, 30, tzinfo=UTC)),
        ("en", "2pm", AT_14),
        ("de", "gestern 15 Uhr", YESTERDAY_15),
        ("de", "vor 2 Stunden", TWO_HOURS_AGO),
        ("de", "vor einer Stunde", datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
        ("de", "Montag 14 Uhr", MONDAY_14),
        ("ru", "вчера в 15:00", YESTERDAY_15),
        ("ru", "2 часа назад", TWO_HOURS_AGO),
        ("ru", "час назад", datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
        ("ru", "в понедельник в 14:00", MONDAY_14),
        ("uk", "вчора о 15:00", YESTERDAY_15),
        ("uk", "2 години тому", TWO_HOURS_AGO),
        ("es", "hace 2 horas", TWO_HOURS_AGO),
        ("es", "ayer a las 3 de la tarde", YESTERDAY_15),
        ("es", "el lunes a las 14:00", MONDAY_14),
        ("pt", "há 2 horas", TWO_HOURS_AGO),
        ("pt", "ontem às 15h", YESTERDAY_15),
        ("fr", "hier à 15h", YESTERDAY_15),
        ("fr", "il y a 2 heures", TWO_HOURS_AGO),
        ("fr", "lundi 14h", MONDAY_14),
        ("it", "ieri alle 15", YESTERDAY_15),
        ("it", "2 ore fa", TWO_HOURS_AGO),
        ("tr", "dün saat 15:00", YESTERDAY_15),
        ("tr", "2 saat önce", TWO_HOURS_AGO),
        ("tr", "pazartesi 14:00", MONDAY_14),
        ("ar", "أمس الساعة ٣ مساءً", YESTERDAY_15),
        ("ar", "منذ ساعتين", TWO_HOURS_AGO),
        ("ar", "الاثنين 14:00", MONDAY_14),
        ("de", "irgendwann", None),
        ("de", "vor -5 Stunden", None),
        ("de", "x" * 80, None),
    ],
)
def test_times_for_past_and_end_in_every_language(
    language: str, text: str, expected: datetime | None
) -> None:
    assert parse_past_when(text, now=NOW, tz=BERLIN, language=language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "gestern", date(2026, 11, 24)),
        ("ru", "позавчера", date(2026, 11, 23)),
        ("es", "ayer", date(2026, 11, 24)),
        ("tr", "dün", date(2026, 11, 24)),
        ("ar", "أمس", date(2026, 11, 24)),
        ("de", "20. November", date(2026, 11, 20)),
        ("ru", "20 ноября", date(2026, 11, 20)),
        ("fr", "lundi", date(2026, 11, 23)),
        ("de", "irgendwann", None),
        ("de", "x" * 80, None),
    ],
)
def test_days_for_past_in_every_language(language: str, text: str, expected: date | None) -> None:
    assert parse_date(text, today=TODAY, language=language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "15 Uhr", time(15)),
        ("ru", "в 15:00", time(15)),
        ("fr", "15h30", time(15, 30)),
        ("en", "3pm", time(15)),
        ("de", "gleich", None),
        ("de", "x" * 80, None),
    ],
)
def test_time_of_day_in_every_language(language: str, text: str, expected: time | None) -> None:
    assert parse_time_of_day(text, language=language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "yes", True),
        ("en", "Nope", False),
        ("de", "Ja", True),
        ("de", "nein!", False),
        ("ru", "да", True),
        ("ru", "нет", False),
        ("uk", "так", True),
        ("uk", "ні", False),
        ("es", "sí", True),
        ("pt-br", "não", False),
        ("fr", "oui", True),
        ("fr", "d'accord", True),
        ("it", "sì", True),
        ("tr", "evet", True),
        ("tr", "hayır", False),
        ("ar", "نعم", True),
        ("ar", "لا", False),
        # The user's language and English only: "da" is not yes for an Italian.
        ("it", "da", None),
        ("de", "yes", True),
        ("de", "vielleicht", None),
    ],
)
def test_yes_and_no_in_every_language(language: str, text: str, expected: bool | None) -> None:
    assert parse_yes_no(text, language=language) == expected


WORST = RedFlag.WORST_EVER
WEAK = RedFlag.WEAKNESS
NUMB = RedFlag.NUMBNESS
CONFUSED = RedFlag.CONFUSION
SPEECH = RedFlag.SPEECH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German
        ("schlimmste Kopfschmerzen meines Lebens", {WORST}),
        ("Donnerschlagkopfschmerz", {WORST}),
        ("Schwäche im Arm", {WEAK}),
        ("Mundwinkel hängt", {WEAK}),
        ("mein Arm ist taub", {NUMB}),
        ("ich bin verwirrt", {CONFUSED}),
        ("ich kann nicht sprechen", {SPEECH}),
        # Russian
        ("самая сильная головная боль в жизни", {WORST}),
        ("слабость в руке", {WEAK}),
        ("онемела рука", {NUMB}),
        ("спутанность сознания", {CONFUSED}),
        ("не могу говорить", {SPEECH}),
        # Ukrainian
        ("найсильніший біль у житті", {WORST}),
        ("слабкість у руці", {WEAK}),
        ("оніміння руки", {NUMB}),
        ("сплутаність свідомості", {CONFUSED}),
        ("не можу говорити", {SPEECH}),
        # Spanish
        ("el peor dolor de cabeza de mi vida", {WORST}),
        ("debilidad en el brazo", {WEAK}),
        ("brazo entumecido", {NUMB}),
        ("estoy confundida", {CONFUSED}),
        ("no puedo hablar", {SPEECH}),
        # Portuguese
        ("pior dor de cabeça da minha vida", {WORST}),
        ("fraqueza no braço", {WEAK}),
        ("dormência no braço", {NUMB}),
        ("estou confusa", {CONFUSED}),
        ("não consigo falar", {SPEECH}),
        # French
        ("la pire douleur de ma vie", {WORST}),
        ("faiblesse du bras", {WEAK}),
        ("bras engourdi", {NUMB}),
        ("je suis désorientée", {CONFUSED}),
        ("je ne peux pas parler", {SPEECH}),
        # Italian
        ("il peggior mal di testa della mia vita", {WORST}),
        ("debolezza al braccio", {WEAK}),
        ("braccio intorpidito", {NUMB}),
        ("sono confusa", {CONFUSED}),
        ("non riesco a parlare", {SPEECH}),
        # Turkish
        ("hayatımın en kötü baş ağrısı", {WORST}),
        ("kolumda güçsüzlük", {WEAK}),
        ("kolumda uyuşma var", {NUMB}),
        ("kafam karışık", {CONFUSED}),
        ("konuşamıyorum", {SPEECH}),
        # Arabic
        ("أسوأ صداع في حياتي", {WORST}),
        ("صداع مفاجئ وشديد", {WORST}),
        ("ضعف في اليد", {WEAK}),
        ("خدر في يدي", {NUMB}),
        ("أشعر بالارتباك", {CONFUSED}),
        ("لا أستطيع الكلام", {SPEECH}),
        # Negated: no alarm.
        ("keine Taubheit", set()),
        ("нет онемения", set()),
        ("онемения нет", set()),
        ("sin entumecimiento", set()),
        ("pas d'engourdissement", set()),
        ("uyuşma yok", set()),
        ("لا خدر", set()),
        # Ordinary diary text: no alarm.
        ("head hurts on the left", set()),
        ("weak coffee", set()),
        ("schwacher Kaffee", set()),
        ("schwache Kopfschmerzen", set()),
        ("слабый кофе", set()),
        ("café débil", set()),
        ("café faible", set()),
        ("caffè debole", set()),
        ("zayıf kahve", set()),
        ("قهوة ضعيفة", set()),
        ("Kopfschmerzen links, Übelkeit", set()),
        ("болит голова слева", set()),
    ],
)
def test_warning_signs_in_every_language(text: str, expected: set[RedFlag]) -> None:
    assert detect_red_flag_words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Migräne", "migrane"),
        ("İSTANBUL ışık", "istanbul isik"),
        ("Ёлка", "елка"),
        ("صُداعٌ", "صداع"),
        ("صــداع", "صداع"),
        ("أمس", "امس"),
        ("١٤:٣٠", "14:30"),
        ("STRASSE Straße", "strasse strasse"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("l'aura, it's 14:00'dan", ["l", "aura", "its", "14:00"]),
        ("п'ятниця 2,5 mg; 7/10", ["пятниця", "2,5", "mg", "7/10"]),
        ("والصداع", ["والصداع"]),
    ],
)
def test_tokenize(text: str, keys: list[str]) -> None:
    assert [token.key for token in tokenize(text)] == keys


def test_find_phrase() -> None:
    keys = ["ich", "habe", "kopf", "tut", "weh"]
    assert find_phrase(keys, [phrase("kopf tut weh")]) == (2, 5)
    assert find_phrase(keys, [phrase("übelkeit")]) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [("pt-br", "pt"), ("pt_BR", "pt"), ("de-AT", "de"), ("zh", "en"), (None, "en")],
)
def test_language_key(code: str | None, expected: str) -> None:
    assert language_key(code) == expected


def test_the_users_language_is_tried_first_then_english() -> None:
    codes = [vocabulary.code for vocabulary in languages_to_try("ar")]
    assert codes[:2] == ["ar", "en"]
    assert len(codes) == len(set(codes)) == 10
