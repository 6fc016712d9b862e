from datetime import UTC, datetime

import pytest

from bot.domain.medications import (
    COMMON_ACUTE,
    KNOWN_MEDICATIONS,
    MAX_DOSE_LENGTH,
    MAX_NAME_LENGTH,
    DrugClass,
    IntakeRecord,
    IntakeStatus,
    KnownMedication,
    first_acute_dose,
    normalise_dose,
    normalise_name,
    recognise,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ibuprofen", "Ibuprofen"),
        ("Ibuprofen", "Ibuprofen"),
        # Only the first letter is capitalised; the rest is kept as typed.
        ("ibuPROFEN 400", "IbuPROFEN 400"),
        ("aspirin complex", "Aspirin complex"),
        # Whitespace trimmed and collapsed, tabs and newlines too.
        ("  sumatriptan   nasal  ", "Sumatriptan nasal"),
        ("\tnaproxen\n500\r\n", "Naproxen 500"),
        # Non-ASCII letters and digits are words.
        ("élétriptan", "Élétriptan"),
        ("парацетамол", "Парацетамол"),
        ("5-HTP", "5-HTP"),
        # Composed to NFC: "e" + combining acute becomes one "é".
        ("e\u0301le", "\u00c9le"),
        # Exactly the maximum length is accepted.
        ("a" * MAX_NAME_LENGTH, "A" + "a" * (MAX_NAME_LENGTH - 1)),
        # Spaces collapsed before the length is checked.
        ("a" + " " * 50 + "b", "A b"),
        # Empty, blank, too long, nothing but punctuation, control or format characters.
        ("", None),
        ("   \t\n ", None),
        ("a" * (MAX_NAME_LENGTH + 1), None),
        ("!!! ---", None),
        ("...", None),
        ("ibu\x00profen", None),
        ("ibu\x07profen", None),
        ("ibu\u200bprofen", None),
        ("ibuprofen\x7f", None),
    ],
)
def test_normalise_name(text: str, expected: str | None) -> None:
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A space goes between a number and its unit.
        ("400mg", "400 mg"),
        ("2.5mg", "2.5 mg"),
        ("100µg", "100 µg"),
        ("1000MG", "1000 MG"),
        ("2tablets", "2 tablets"),
        # Already spaced, or spaces collapsed.
        ("400 mg", "400 mg"),
        ("  400   mg ", "400 mg"),
        ("2 tablets", "2 tablets"),
        ("1", "1"),
        ("half of 50mg", "half of 50 mg"),
        # Exactly the maximum length is accepted.
        ("1" * MAX_DOSE_LENGTH, "1" * MAX_DOSE_LENGTH),
        # Needs a digit; empty, blank, too long or control characters are unusable.
        ("two tablets", None),
        ("mg", None),
        ("", None),
        ("   ", None),
        ("1" * (MAX_DOSE_LENGTH + 1), None),
        ("400" + " " * 30 + "mg", "400 mg"),
        ("400\x00mg", None),
        ("400\u200bmg", None),
    ],
)
def test_normalise_dose(text: str, expected: str | None) -> None:
    assert normalise_dose(text) == expected


@pytest.mark.parametrize(
    ("name", "expected_key"),
    [
        ("ibuprofen 400", "ibuprofen"),
        ("Ibuprofen", "ibuprofen"),
        ("IBUPROFEN400mg", "ibuprofen"),
        ("Sumatriptan", "sumatriptan"),
        ("sumatriptan nasal spray", "sumatriptan"),
        ("paracetamol", "paracetamol"),
        ("Acetaminophen 500", "acetaminophen"),
        ("Tylenol", "tylenol"),
        ("Aspirin Complex", "aspirin"),
        ("ratiopharm-Naproxen", "naproxen"),
        # The first recognised word wins.
        ("ibuprofen or paracetamol", "ibuprofen"),
        # Brand names not in the list, partial names and no letters at all are unknown.
        ("Zomig", None),
        ("ibu", None),
        ("ibuprofens", None),
        ("400 mg", None),
        ("", None),
    ],
)
def test_recognise(name: str, expected_key: str | None) -> None:
    expected = None if expected_key is None else KNOWN_MEDICATIONS[expected_key]
    assert recognise(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ibuprofen 400", DrugClass.NSAID),
        ("Sumatriptan", DrugClass.TRIPTAN),
        ("paracetamol", DrugClass.PARACETAMOL),
        ("acetaminophen", DrugClass.PARACETAMOL),
        ("Excedrin", DrugClass.COMBINATION),
        ("Propranolol 40", DrugClass.PREVENTIVE),
        ("Zomig", None),
    ],
)
def test_recognise_class(name: str, expected: DrugClass | None) -> None:
    known = recognise(name)
    assert (None if known is None else known.drug_class) == expected


@pytest.mark.parametrize(("key", "known"), sorted(KNOWN_MEDICATIONS.items()))
def test_known_medication_entry(key: str, known: KnownMedication) -> None:
    assert isinstance(known.drug_class, DrugClass)
    # Preventive exactly when the class is PREVENTIVE.
    assert known.preventive == (known.drug_class is DrugClass.PREVENTIVE)
    # The key is the name in lower case, so typing the name finds the entry.
    assert key == known.name.lower()
    assert recognise(known.name) == known
    assert known.usual_dose is None or normalise_dose(known.usual_dose) == known.usual_dose


@pytest.mark.parametrize("key", COMMON_ACUTE)
def test_common_acute_are_known_acute_medications(key: str) -> None:
    assert key in KNOWN_MEDICATIONS
    assert KNOWN_MEDICATIONS[key].preventive is False
    assert KNOWN_MEDICATIONS[key].drug_class is not DrugClass.PREVENTIVE


def _taken(
    intake_id: int, drug_class: DrugClass, status: IntakeStatus = IntakeStatus.TAKEN
) -> IntakeRecord:
    return IntakeRecord(
        id=intake_id,
        user_id=1,
        medication_id=intake_id,
        medication_name="x",
        drug_class=drug_class,
        dose=None,
        taken_at=datetime(2026, 11, 20, 13, intake_id, tzinfo=UTC),
        attack_id=1,
        status=status,
    )


# The 2 h endpoint is about the first acute dose (IHS acute-treatment trial guidelines: pain
# freedom 2 h after the first dose).
@pytest.mark.parametrize(
    ("intakes", "expected_id"),
    [
        ([], None),
        ([_taken(1, DrugClass.NSAID), _taken(2, DrugClass.TRIPTAN)], 1),
        ([_taken(1, DrugClass.PREVENTIVE), _taken(2, DrugClass.TRIPTAN)], 2),
        ([_taken(1, DrugClass.NSAID, IntakeStatus.SKIPPED), _taken(2, DrugClass.NSAID)], 2),
        ([_taken(1, DrugClass.PREVENTIVE)], None),
    ],
)
def test_first_acute_dose(intakes: list[IntakeRecord], expected_id: int | None) -> None:
    found = first_acute_dose(intakes)
    assert (found.id if found else None) == expected_id
