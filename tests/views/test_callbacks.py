from datetime import UTC, date, datetime, time

import pytest
from telegram import InlineKeyboardMarkup

from bot.domain import meds_commands as mc
from bot.domain.checkins import (
    NO_CHANGES,
    AnswerQuestion,
    CheckinChanges,
    CheckinCommand,
    CheckinRecord,
    CheckinStatus,
    GoToQuestion,
    HeadacheAnswer,
    LogAttackAt,
    SleepQuality,
)
from bot.domain.checkins import Step as CheckinStep
from bot.domain.medications import DrugClass, MedicationRecord
from bot.views import checkin as checkin_views
from bot.views import meds as meds_views
from bot.views.callbacks import (
    MAX_BUTTON_MINUTES,
    MAX_CALLBACK_BYTES,
    MAX_RECORD_ID,
    OLD_BUTTON,
    Action,
    Callback,
    OldButton,
    SettingsTopic,
    clock_code,
    clock_from_code,
    decode,
    decode_checkin,
    decode_meds,
    encode,
    instant_code,
    instant_from_code,
    minutes_arg,
    number_arg,
    record_id_arg,
)
from bot.views.i18n import translator


@pytest.mark.parametrize(
    ("action", "args", "data"),
    [
        (Action.TIMEZONE_SET, ("Europe/Berlin",), "tz:Europe/Berlin"),
        (Action.TIMEZONE_TYPE, (), "tzt"),
        (Action.CHECKIN_SET, ("2130",), "ci:2130"),
        (Action.CHECKIN_OFF, (), "cio"),
        (Action.SETTINGS, (SettingsTopic.CLOSE,), "st:x"),
        (Action.SETTINGS, (SettingsTopic.TIMEZONE,), "st:tz"),
        (Action.CHECKIN_TYPE, (812, "int", 7), "cit:812:int:7"),
        (Action.TIMEZONE_SET, ("America/Argentina/ComodRivadavia",), None),
    ],
)
def test_round_trip(action: Action, args: tuple[str | int, ...], data: str | None) -> None:
    encoded = encode(action, *args)

    if data is not None:
        assert encoded == data
    assert decode(encoded) == Callback(action=action, args=tuple(str(arg) for arg in args))


def test_every_action_round_trips() -> None:
    for action in Action:
        assert decode(encode(action, "1")) == Callback(action, ("1",))


def test_exactly_64_bytes_is_allowed() -> None:
    argument = "x" * (MAX_CALLBACK_BYTES - len("tz:"))

    data = encode(Action.TIMEZONE_SET, argument)

    assert len(data.encode()) == 64
    assert decode(data) == Callback(Action.TIMEZONE_SET, (argument,))


def test_65_bytes_is_refused() -> None:
    argument = "x" * (MAX_CALLBACK_BYTES - len("tz:") + 1)

    with pytest.raises(ValueError, match="longer than 64 bytes"):
        encode(Action.TIMEZONE_SET, argument)


def test_limit_counts_bytes_not_characters() -> None:
    # 31 two-byte characters: 3 + 62 = 65 bytes but only 34 characters.
    with pytest.raises(ValueError, match="longer than 64 bytes"):
        encode(Action.TIMEZONE_SET, "é" * 31)


@pytest.mark.parametrize("args", [("a:b",), ("ok", ":"), ("Etc/GMT:1",)])
def test_separator_in_arguments_is_refused(args: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="may not contain ':'"):
        encode(Action.TIMEZONE_SET, *args)


@pytest.mark.parametrize("data", [None, "", "zz", "zz:1", "TZ:Europe/Berlin", ":tz", "tz "])
def test_unknown_or_empty_data_decodes_to_none(data: str | None) -> None:
    assert decode(data) is None


def test_empty_arguments_survive() -> None:
    assert decode(encode(Action.CHECKIN_SET, "", "")) == Callback(Action.CHECKIN_SET, ("", ""))


@pytest.mark.parametrize("value", [time(0, 0), time(9, 5), time(23, 59)])
def test_clock_code_round_trip(value: time) -> None:
    assert clock_from_code(clock_code(value)) == value


@pytest.mark.parametrize("code", ["2400", "1260", "930", "09300", "9pm", "21:00", ""])
def test_clock_from_code_refuses_anything_else(code: str) -> None:
    assert clock_from_code(code) is None


@pytest.mark.parametrize(
    "value",
    [datetime(2026, 11, 20, 13, 5, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC)],
)
def test_instant_code_round_trip(value: datetime) -> None:
    assert instant_from_code(instant_code(value)) == value


def test_instant_code_drops_seconds() -> None:
    moment = datetime(2026, 11, 20, 13, 5, 42, tzinfo=UTC)
    assert instant_from_code(instant_code(moment)) == moment.replace(second=0)


@pytest.mark.parametrize("code", ["", "-5", "12a", "12345678901", "29385120.5"])
def test_instant_from_code_refuses_anything_else(code: str) -> None:
    assert instant_from_code(code) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("812", 812),
        (str(MAX_RECORD_ID), MAX_RECORD_ID),
        (str(MAX_RECORD_ID + 1), None),  # beyond SQLite's signed 64-bit INTEGER
        ("9" * 30, None),
        ("9" * 5000, None),  # refused by length, before int() is asked
        ("0", None),
        ("", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1_0", None),  # int() would accept it
        ("\u00b2", None),  # str.isdigit() says yes, int() raises
        ("\u0663", None),  # Arabic-Indic three: int() would read 3
    ],
)
def test_record_ids_are_bounded(text: str, expected: int | None) -> None:
    assert record_id_arg(text) == expected


def test_zero_is_an_id_only_where_it_means_all() -> None:
    assert record_id_arg("0", allow_zero=True) == 0
    assert record_id_arg("0") is None


@pytest.mark.parametrize(
    ("text", "low", "high", "expected"),
    [("0", 0, 6, 0), ("6", 0, 6, 6), ("7", 0, 6, None), ("06", 0, 6, None), ("23", 0, 23, 23)],
)
def test_numbers_are_bounded_to_their_domain(
    text: str, low: int, high: int, expected: int | None
) -> None:
    assert number_arg(text, low=low, high=high) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30", 30), (str(MAX_BUTTON_MINUTES), MAX_BUTTON_MINUTES), ("99999", None)],
)
def test_minutes_are_bounded(text: str, expected: int | None) -> None:
    assert minutes_arg(text) == expected


def test_clock_codes_take_ascii_digits_only() -> None:
    assert clock_from_code("21\u00b230") is None
    assert clock_from_code("\u0662\u0661\u0663\u0660") is None


# -- /meds ------------------------------------------------------------------------------------

MEDS_ROUND_TRIP = [
    ("med:l", mc.ShowList(0)),
    ("med:l:3", mc.ShowList(3)),
    ("med:x", mc.CloseList()),
    ("med:add", mc.AddMedication()),
    ("med:rt:9", mc.RemoveDoseTime(9)),
    ("med:o:5", mc.OpenCard(5)),
    ("med:o:5:w", mc.OpenCard(5)),  # the dose prompt's Skip outside the walk-through
    ("med:ds:5:w", mc.SkipDose(5)),
    ("med:cc:5", mc.AskClass(5)),
    ("med:c:5:triptan", mc.SetClass(5, DrugClass.TRIPTAN)),
    ("med:c:5:other:w", mc.SetClass(5, DrugClass.OTHER, walkthrough=True)),
    ("med:k:5:p", mc.SetKind(5, preventive=True)),
    ("med:k:5:a:w", mc.SetKind(5, preventive=False, walkthrough=True)),
    ("med:cd:5", mc.AskDose(5)),
    ("med:rn:5", mc.AskName(5)),
    ("med:at:5", mc.AskTime(5)),
    ("med:tt:5", mc.TypeTime(5)),
    ("med:t:5:0830", mc.AddDoseTime(5, time(8, 30))),
    ("med:ar:5", mc.Archive(5)),
]


@pytest.mark.parametrize(("data", "command"), MEDS_ROUND_TRIP)
def test_meds_buttons_decode_to_typed_commands(data: str, command: mc.MedsCommand) -> None:
    assert decode_meds(data) == command


def test_every_meds_button_the_views_draw_decodes() -> None:
    tr = translator("en")
    med = MedicationRecord(5, 1, "Propranolol", DrugClass.PREVENTIVE, True, "40 mg")
    screens = [
        meds_views.meds_list(tr, [(med, [time(8)])] * 12, page=1),
        meds_views.class_question(tr, med, walkthrough=True),
        meds_views.kind_question(tr, med, walkthrough=True),
        meds_views.dose_prompt(tr, med, walkthrough=True),
        meds_views.dose_prompt(tr, med),
        meds_views.time_question(tr, med),
        meds_views.card(tr, med, [(7, time(8))], quiet_note=False),
        meds_views.archived(tr, med),
    ]
    data = [
        b.callback_data
        for screen in screens
        if isinstance(screen.markup, InlineKeyboardMarkup)
        for row in screen.markup.inline_keyboard
        for b in row
    ]
    assert len(data) > 20
    assert [d for d in data if isinstance(decode_meds(str(d)), OldButton)] == []


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "med",
        "med:zz:5",  # unknown op
        "a:5:f:int:v:7",  # another action
        "med:l:x",
        "med:l:1:2",
        "med:x:1",
        "med:o",
        "med:o:0",
        "med:o:-5",
        f"med:o:{2**63}",
        "med:o:5:extra",
        "med:rt:5:w",
        "med:c:5",
        "med:c:5:ibuprofen",
        "med:k:5:x",
        "med:t:5:2560",
        "med:t:5",
        "med:ar:abc",
    ],
)
def test_forged_meds_buttons_are_old_buttons(data: str | None) -> None:
    assert decode_meds(data) == OLD_BUTTON


# -- the check-in -----------------------------------------------------------------------------

CHECKIN_ROUND_TRIP = [
    (
        "ck:4:h:n",
        AnswerQuestion(
            4, CheckinStep.HEADACHE, CheckinChanges(headache=False), headache=HeadacheAnswer.NO
        ),
    ),
    (
        "ck:4:h:l",
        AnswerQuestion(
            4, CheckinStep.HEADACHE, CheckinChanges(headache=True), headache=HeadacheAnswer.LOGGED
        ),
    ),
    (
        "ck:4:h:y",
        AnswerQuestion(4, CheckinStep.HEADACHE, NO_CHANGES, headache=HeadacheAnswer.LOG_NOW),
    ),
    ("ck:4:at:15", LogAttackAt(4, 15)),
    ("ck:4:sh:7", AnswerQuestion(4, CheckinStep.SLEEP_HOURS, CheckinChanges(sleep_hours=7.0))),
    (
        "ck:4:sh:4:m",
        AnswerQuestion(4, CheckinStep.SLEEP_HOURS, CheckinChanges(sleep_hours=4.0), morning=True),
    ),
    (
        "ck:4:sq:poor:m",
        AnswerQuestion(
            4,
            CheckinStep.SLEEP_QUALITY,
            CheckinChanges(sleep_quality=SleepQuality.POOR),
            morning=True,
        ),
    ),
    (
        "ck:4:pv:y",
        AnswerQuestion(4, CheckinStep.PREVENTIVE, CheckinChanges(preventive_taken=True)),
    ),
    ("ck:4:f:caffeine:1", AnswerQuestion(4, CheckinStep.FACTORS, CheckinChanges(caffeine=True))),
    ("ck:4:f:stress:0", AnswerQuestion(4, CheckinStep.FACTORS, CheckinChanges(stress=False))),
    ("ck:4:f:done", AnswerQuestion(4, CheckinStep.FACTORS, NO_CHANGES)),
    ("ck:4:go:h", GoToQuestion(4, CheckinStep.HEADACHE)),
    ("ck:4:go:d", GoToQuestion(4, CheckinStep.DONE)),
]


@pytest.mark.parametrize(("data", "command"), CHECKIN_ROUND_TRIP)
def test_checkin_buttons_decode_to_typed_commands(data: str, command: CheckinCommand) -> None:
    assert decode_checkin(data) == command


def test_every_checkin_button_the_views_draw_decodes() -> None:
    tr = translator("en")
    record = CheckinRecord(4, 1, date(2026, 11, 20), CheckinStatus.ANSWERED, headache=False)
    screens = [
        checkin_views.headache_question(tr, record, with_off=True),
        checkin_views.attack_time_question(tr, record, [9, 12, 15]),
        checkin_views.sleep_hours_question(tr, record, morning=True),
        checkin_views.sleep_hours_question(tr, record),
        checkin_views.sleep_quality_question(tr, record, morning=True),
        checkin_views.preventive_question(tr, record),
        checkin_views.factors_question(tr, record),
        checkin_views.summary(tr, record),
    ]
    data = [
        str(b.callback_data)
        for screen in screens
        if isinstance(screen.markup, InlineKeyboardMarkup)
        for row in screen.markup.inline_keyboard
        for b in row
        if str(b.callback_data).startswith("ck:")
    ]
    assert len(data) > 20
    assert [d for d in data if isinstance(decode_checkin(d), OldButton)] == []


@pytest.mark.parametrize(
    "data",
    [
        None,
        "ck",
        "ck:4:h",
        "ck:0:h:n",
        f"ck:{2**63}:h:n",
        "ck:x:h:n",
        "ck:4:zz:n",  # unknown question
        "ck:4:d:n",  # the summary is not a question
        "ck:4:h:maybe",
        "ck:4:h:n:1",
        "ck:4:at:24",
        "ck:4:at:9:m",
        "ck:4:sh:3",  # not one of the choices
        "ck:4:sh:7:1",
        "ck:4:sq:great",
        "ck:4:pv:maybe",
        "ck:4:f:caffeine",  # a factor button carries the state it sets
        "ck:4:f:caffeine:2",
        "ck:4:f:smoking:1",
        "ck:4:f:done:1",
        "ck:4:go:zz",
        "ck:4:go:h:1",
        "med:o:4",
    ],
)
def test_forged_checkin_buttons_are_old_buttons(data: str | None) -> None:
    assert decode_checkin(data) == OLD_BUTTON
