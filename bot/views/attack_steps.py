"""The optional questions after an attack is logged: one screen of big buttons each.

Every screen starts with the attack's header (so the user sees it is saved), asks one question,
and ends with Skip and Finish later (while logging) or Back to the card (while editing).
Multi-select screens tick the chosen buttons and are edited in place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from telegram import InlineKeyboardButton

from bot.domain.attack_flow import Step
from bot.domain.attacks import (
    MAX_INTENSITY,
    AttackDetails,
    AuraType,
    BodyRegion,
    EndProblem,
    Location,
    MomentProblem,
    Phase,
    Quality,
    Side,
    StartProblem,
    Symptom,
    Trigger,
    custom_key,
)
from bot.domain.dose_times import DoseAnchor, dose_choices, dose_time, is_happening_now
from bot.domain.medications import (
    COMMON_ACUTE,
    KNOWN_MEDICATIONS,
    DrugClass,
    Effect,
    MedicationRecord,
    first_acute_dose,
)
from bot.domain.red_flags import RedFlag
from bot.views import common, labels
from bot.views.attack_card import (
    EDIT,
    FLOW,
    NOT_ANSWERED,
    attack_button,
    header,
    intake_line,
)
from bot.views.callbacks import instant_code
from bot.views.i18n import Translator
from bot.views.lists import page_of
from bot.views.markup import Html, escape
from bot.views.screens import Screen, inline
from bot.views.timefmt import duration, local_clock, when

TICK = "✓ "
INTENSITY_ROWS = ((0, 1, 2, 3), (4, 5, 6, 7), (8, 9, 10))
DOSE_TIMES_MINUTES = ((0, 15, 30), (60, 120, 180))
MAX_MEDICATION_BUTTONS = 8
# The user's own symptoms or triggers per page: with the built-in ones, paging and the footer
# far below Telegram's 100 inline buttons.
OWN_PER_PAGE = 20
# Doses listed (each with its remove button) on the medication question; earlier ones are counted.
MAX_DOSES_SHOWN = 10


def own_page(index: int) -> int:
    """The page of the symptoms or triggers question that shows the user's own item ``index``."""
    return index // OWN_PER_PAGE


def _own_buttons(
    tr: Translator,
    details: AttackDetails,
    mode: str,
    step: Step,
    own_labels: list[str],
    ticked: Collection[str],
    page: int,
) -> tuple[list[InlineKeyboardButton], list[InlineKeyboardButton], bool]:
    """The page's buttons for the user's own items, its paging row, and whether it is the first."""
    attack_id = details.attack.id
    chunk, page, pages = page_of(list(enumerate(own_labels)), page, OWN_PER_PAGE)
    buttons = [
        attack_button(
            _ticked(label, custom_key(label) in ticked),
            attack_id,
            mode,
            step,
            "ct",
            index,
            _sets(custom_key(label) in ticked),
        )
        for index, label in chunk
    ]
    paging = []
    if page > 0:
        paging.append(attack_button(tr._("‹ Previous"), attack_id, mode, step, "pg", page - 1))
    if page < pages - 1:
        paging.append(attack_button(tr._("More ›"), attack_id, mode, step, "pg", page + 1))
    return buttons, paging, page == 0


def _ticked(label: str, on: bool) -> str:
    return TICK + label if on else label


def _sets(on: bool) -> int:
    """What a multi-select button sets: untick a ticked item (0), tick an unticked one (1).

    The button carries the state it sets, never "flip", so pressing it again (say after
    Telegram lost the first answer) cannot undo the saved answer.
    """
    return 0 if on else 1


def _pairs(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def _footer(
    tr: Translator, attack_id: int, mode: str, step: Step, *, done: bool = False
) -> list[InlineKeyboardButton]:
    if mode == EDIT:
        if done:
            return [attack_button(tr._("✓ Done"), attack_id, EDIT, step, "done")]
        return [attack_button(tr._("« Back"), attack_id, EDIT, Step.CARD, "show")]
    first = (
        attack_button(tr._("Done ›"), attack_id, FLOW, step, "done")
        if done
        else attack_button(tr._("Skip ›"), attack_id, FLOW, step, "skip")
    )
    return [first, attack_button(tr._("Finish later"), attack_id, FLOW, Step.CARD, "later")]


def _screen(
    tr: Translator,
    details: AttackDetails,
    now: datetime,
    question: str,
    rows: list[list[InlineKeyboardButton]],
) -> Screen:
    top = header(tr, details.attack, tz=details.timezone, now=now)
    return Screen(top + "\n\n" + escape(question), inline(*rows))


def step_screen(
    tr: Translator,
    details: AttackDetails,
    step: Step,
    *,
    mode: str,
    now: datetime,
    intro: str = "",
    page: int = 0,
) -> Screen:
    """The screen for ``step`` of this attack (``page``: of the own symptoms or triggers)."""
    builders = {
        Step.INTENSITY: intensity,
        Step.WHERE: where,
        Step.QUALITY: quality,
        Step.ACTIVITY: activity,
        Step.SYMPTOMS: symptoms,
        Step.AURA: aura,
        Step.TWITCHING: twitching,
        Step.MEDICATION: medication,
        Step.EFFECT: effect,
        Step.TRIGGERS: triggers,
        Step.RED_FLAGS: red_flags,
        Step.TIMES: times,
    }
    if step is Step.SYMPTOMS:
        screen = symptoms(tr, details, mode=mode, now=now, page=page)
    elif step is Step.TRIGGERS:
        screen = triggers(tr, details, mode=mode, now=now, page=page)
    else:
        screen = builders[step](tr, details, mode=mode, now=now)
    if intro:
        return Screen(escape(intro) + "\n\n" + screen.text, screen.markup)
    return screen


def intensity(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """How bad is it, 0-10."""
    attack = details.attack
    rows = [
        [
            attack_button(
                _ticked(str(value), attack.peak_intensity == value),
                attack.id,
                mode,
                Step.INTENSITY,
                "v",
                value,
            )
            for value in row
        ]
        for row in INTENSITY_ROWS
    ]
    rows.append(_footer(tr, attack.id, mode, Step.INTENSITY))
    return _screen(
        tr,
        details,
        now,
        tr._(
            "How bad is the pain at its worst? 0 is no pain, {top} the worst imaginable.",
            top=MAX_INTENSITY,
        ),
        rows,
    )


def where(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """Which side, and where on the head (multi-select)."""
    attack = details.attack
    sides = [
        attack_button(
            _ticked(labels.side(tr, side), attack.side is side),
            attack.id,
            mode,
            Step.WHERE,
            "side",
            side,
            _sets(attack.side is side),
        )
        for side in Side
    ]
    places = [
        attack_button(
            _ticked(labels.location(tr, place), place.value in attack.locations),
            attack.id,
            mode,
            Step.WHERE,
            "t",
            place,
            _sets(place.value in attack.locations),
        )
        for place in Location
    ]
    rows = [sides, *_pairs(places), _footer(tr, attack.id, mode, Step.WHERE, done=True)]
    return _screen(tr, details, now, tr._("Where does it hurt? Tap all that apply."), rows)


def quality(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """What the pain feels like."""
    attack = details.attack
    choices = [
        attack_button(
            _ticked(labels.quality(tr, value), attack.quality is value),
            attack.id,
            mode,
            Step.QUALITY,
            "v",
            value,
        )
        for value in Quality
    ]
    rows = [*_pairs(choices), _footer(tr, attack.id, mode, Step.QUALITY)]
    return _screen(tr, details, now, tr._("What does the pain feel like?"), rows)


def activity(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """Worse with routine activity."""
    attack = details.attack
    value = attack.worse_with_activity
    rows = [
        [
            attack_button(
                _ticked(tr._("Yes, worse"), value is True),
                attack.id,
                mode,
                Step.ACTIVITY,
                "v",
                "y",
            ),
            attack_button(
                _ticked(tr._("No"), value is False), attack.id, mode, Step.ACTIVITY, "v", "n"
            ),
        ],
        _footer(tr, attack.id, mode, Step.ACTIVITY),
    ]
    return _screen(
        tr,
        details,
        now,
        tr._("Does moving around (walking, climbing stairs) make it worse?"),
        rows,
    )


def symptoms(
    tr: Translator, details: AttackDetails, *, mode: str, now: datetime, page: int = 0
) -> Screen:
    """Other symptoms (multi-select), the user's own ones (paged), and the warning signs."""
    attack = details.attack
    ticked = attack.symptoms
    builtin = [
        attack_button(
            _ticked(labels.symptom(tr, s), s.value in ticked),
            attack.id,
            mode,
            Step.SYMPTOMS,
            "t",
            s,
            _sets(s.value in ticked),
        )
        for s in Symptom
    ]
    own, paging, first = _own_buttons(
        tr, details, mode, Step.SYMPTOMS, details.custom_symptoms, ticked, page
    )
    rows = [
        *_pairs((builtin if first else []) + own),
        paging,
        [attack_button(tr._("+ Add my own"), attack.id, mode, Step.SYMPTOMS, "add")],
        [
            attack_button(
                tr._("🚩 Worst ever, weakness, numbness, confusion…"),
                attack.id,
                mode,
                Step.RED_FLAGS,
                "open",
            )
        ],
        _footer(tr, attack.id, mode, Step.SYMPTOMS, done=True),
    ]
    return _screen(tr, details, now, tr._("Anything else with it? Tap all that apply."), rows)


def aura(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """What the aura was like and whether the headache followed within 60 minutes."""
    attack = details.attack
    kinds = [
        attack_button(
            _ticked(labels.aura_type(tr, kind), kind.value in attack.aura_types),
            attack.id,
            mode,
            Step.AURA,
            "t",
            kind,
            _sets(kind.value in attack.aura_types),
        )
        for kind in AuraType
    ]
    followed = attack.aura_headache_within_60min
    rows = [
        *[[button] for button in kinds],
        [
            attack_button(
                _ticked(tr._("Headache within 60 min"), followed is True),
                attack.id,
                mode,
                Step.AURA,
                "f",
                "y",
            ),
            attack_button(
                _ticked(tr._("Not within 60 min"), followed is False),
                attack.id,
                mode,
                Step.AURA,
                "f",
                "n",
            ),
        ],
        _footer(tr, attack.id, mode, Step.AURA, done=True),
    ]
    return _screen(
        tr,
        details,
        now,
        tr._("About the aura: what was it like? And did the headache start within an hour of it?"),
        rows,
    )


def twitching(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """Where, which side and when the twitching was, and an optional description."""
    attack = details.attack
    current = details.twitching
    region = current.region if current else None
    side = current.side if current else None
    phase = current.phase if current else None
    regions = [
        attack_button(
            _ticked(labels.body_region(tr, value), region == value.value),
            attack.id,
            mode,
            Step.TWITCHING,
            "r",
            value,
        )
        for value in BodyRegion
    ]
    sides = [
        attack_button(
            _ticked(labels.side(tr, value), side is value),
            attack.id,
            mode,
            Step.TWITCHING,
            "s",
            value,
        )
        for value in Side
    ]
    phases = [
        attack_button(
            _ticked(labels.phase(tr, value), phase is value),
            attack.id,
            mode,
            Step.TWITCHING,
            "p",
            value,
        )
        for value in Phase
    ]
    describe = (
        tr._("✎ Change the description")
        if current and current.description
        else tr._("✎ Describe it")
    )
    rows = [
        *_pairs(regions),
        sides,
        phases,
        [attack_button(describe, attack.id, mode, Step.TWITCHING, "d")],
        _footer(tr, attack.id, mode, Step.TWITCHING, done=True),
    ]
    return _screen(
        tr,
        details,
        now,
        tr._("About the muscle twitching: where, which side, and when? I only record it."),
        rows,
    )


def medication(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """What was taken for this attack: the user's list, common ones, or a typed name."""
    attack = details.attack
    own = details.medications[:MAX_MEDICATION_BUTTONS]
    own_names = {med.name.lower() for med in own}
    buttons = [
        attack_button(_medication_label(med), attack.id, mode, Step.MEDICATION, "m", med.id)
        for med in own
    ]
    if len(own) < len(COMMON_ACUTE):
        buttons += [
            attack_button(KNOWN_MEDICATIONS[key].name, attack.id, mode, Step.MEDICATION, "k", key)
            for key in COMMON_ACUTE
            if KNOWN_MEDICATIONS[key].name.lower() not in own_names
        ][: len(COMMON_ACUTE) - len(own)]
    rows = [
        *_pairs(buttons),
        [
            attack_button(
                tr._("Something else: I'll type it"), attack.id, mode, Step.MEDICATION, "new"
            )
        ],
    ]
    shown = details.intakes[-MAX_DOSES_SHOWN:]
    earlier = len(details.intakes) - len(shown)
    for intake in shown:
        rows.append(
            [
                attack_button(
                    tr._("✕ Remove {name}", name=intake.medication_name),
                    attack.id,
                    mode,
                    Step.MEDICATION,
                    "rm",
                    intake.id,
                )
            ]
        )
    rows.append(_footer(tr, attack.id, mode, Step.MEDICATION, done=bool(details.intakes)))
    if details.intakes:
        taken = Html("\n").join(
            "• " + intake_line(tr, intake, tz=details.timezone, now=now) for intake in shown
        )
        if earlier:
            taken = (
                tr.n_("• … and {count} earlier dose", "• … and {count} earlier doses", earlier)
                + "\n"
                + taken
            )
        question = tr._("Taken for this attack:\n{taken}\n\nAnything else?", taken=taken)
    else:
        question = tr._("Did you take anything for it? Tap what you took.")
    return _screen(tr, details, now, question, rows)


def _medication_label(med: MedicationRecord) -> str:
    return f"{med.name} {med.usual_dose}" if med.usual_dose else med.name


def medication_time(
    tr: Translator, details: AttackDetails, med: MedicationRecord, *, mode: str, now: datetime
) -> Screen:
    """When a dose was taken (the dose defaults to the usual one).

    While the attack is going the times count back from now; for an attack that has ended they
    are on the attack's own timeline (its start, into it, its end), so the dose lands on the
    attack's day however much later it is logged.
    """
    attack = details.attack
    if not is_happening_now(attack):
        return _past_medication_time(tr, details, med, mode=mode, now=now)
    names = {
        0: tr._("Just now"),
        15: tr._("15 min ago"),
        30: tr._("30 min ago"),
        60: tr._("1 h ago"),
        120: tr._("2 h ago"),
        180: tr._("3 h ago"),
    }
    rows = [
        [
            attack_button(names[minutes], attack.id, mode, Step.MEDICATION, "at", med.id, minutes)
            for minutes in row
        ]
        for row in DOSE_TIMES_MINUTES
    ]
    dose_label = (
        tr._("Different dose (usual: {dose})", dose=med.usual_dose)
        if med.usual_dose
        else tr._("Add the dose")
    )
    rows.append([attack_button(dose_label, attack.id, mode, Step.MEDICATION, "dose", med.id)])
    rows.append([_type_dose_time(tr, details, med, mode)])
    rows.append([attack_button(tr._("« Back"), attack.id, mode, Step.MEDICATION, "open")])
    return _screen(
        tr,
        details,
        now,
        tr._("When did you take {name}?", name=_medication_label(med)),
        rows,
    )


def _type_dose_time(
    tr: Translator, details: AttackDetails, med: MedicationRecord, mode: str
) -> InlineKeyboardButton:
    return attack_button(
        tr._("Another time: I'll type it"), details.attack.id, mode, Step.MEDICATION, "tt", med.id
    )


def _past_medication_time(
    tr: Translator, details: AttackDetails, med: MedicationRecord, *, mode: str, now: datetime
) -> Screen:
    """When a dose was taken for an attack that has ended: relative to the attack."""
    attack, tz = details.attack, details.timezone
    buttons = []
    for choice in dose_choices(attack):
        moment = dose_time(attack, choice)
        assert moment is not None
        clock = local_clock(moment, tz)
        if choice.anchor is DoseAnchor.END:
            label = tr._("At its end ({clock})", clock=clock)
        elif choice.minutes == 0:
            label = tr._("At its start ({clock})", clock=clock)
        else:
            label = tr._(
                "{length} in ({clock})",
                length=duration(tr, moment - attack.started_at),
                clock=clock,
            )
        buttons.append(
            attack_button(label, attack.id, mode, Step.MEDICATION, "rel", med.id, choice.code)
        )
    rows = [
        *_pairs(buttons),
        [_type_dose_time(tr, details, med, mode)],
        [attack_button(tr._("« Back"), attack.id, mode, Step.MEDICATION, "open")],
    ]
    return _screen(
        tr,
        details,
        now,
        tr._("When did you take {name}?", name=_medication_label(med)),
        rows,
    )


def dose_time_confirmation(
    tr: Translator,
    details: AttackDetails,
    med: MedicationRecord,
    taken_at: datetime,
    *,
    mode: str,
    now: datetime,
) -> Screen:
    """A typed dose time far from the attack: show it and ask before saving it."""
    attack, tz = details.attack, details.timezone
    moment = when(tr, taken_at, tz=tz, now=now)
    if taken_at < attack.started_at:
        where_ = tr._(
            "{length} before the attack started", length=duration(tr, attack.started_at - taken_at)
        )
    else:
        where_ = tr._(
            "{length} after the attack ended",
            length=duration(tr, taken_at - (attack.ended_at or now)),
        )
    rows = [
        [
            attack_button(
                tr._("Yes, that's right"),
                attack.id,
                mode,
                Step.MEDICATION,
                "ok",
                med.id,
                instant_code(taken_at),
            )
        ],
        [attack_button(tr._("No, another time"), attack.id, mode, Step.MEDICATION, "m", med.id)],
    ]
    return _screen(
        tr,
        details,
        now,
        tr._(
            "{name} at {when}: that's {where}. Is that right?",
            name=_medication_label(med),
            when=moment,
            where=where_,
        ),
        rows,
    )


def dose_time_refused(tr: Translator, problem: MomentProblem) -> Screen:
    """A typed dose time later than now or years back, and the question again."""
    reason = (
        tr._("That's in the future.")
        if problem is MomentProblem.IN_FUTURE
        else common.too_far_back(tr)
    )
    return Screen(reason + " " + type_prompt(tr, "dosetime").text)


def dose_already_recorded(tr: Translator) -> str:
    """The answer to a second tap recording the same dose again."""
    return tr._("Already recorded: that dose is in your diary once.")


def effect(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """Whether the medication worked within 2 h (asked for a past attack with a dose)."""
    attack = details.attack
    dose = first_acute_dose(details.intakes)
    current = dose.effect_2h if dose else None
    names = {
        Effect.PAIN_FREE: tr._("Yes: pain gone within 2 h"),
        Effect.PARTIAL: tr._("Partly: better, not gone"),
        Effect.NONE: tr._("No"),
    }
    rows = [
        [
            attack_button(
                _ticked(names[value], current is value), attack.id, mode, Step.EFFECT, "v", value
            )
        ]
        for value in (Effect.PAIN_FREE, Effect.PARTIAL, Effect.NONE)
    ]
    rows.append(_footer(tr, attack.id, mode, Step.EFFECT))
    name = intake_line(tr, dose, tz=details.timezone, now=now) if dose else NOT_ANSWERED
    return _screen(
        tr,
        details,
        now,
        tr._("Did the medication work within 2 hours?\n({dose})", dose=name),
        rows,
    )


def medication_class(
    tr: Translator, details: AttackDetails, med: MedicationRecord, *, mode: str, now: datetime
) -> Screen:
    """What kind of medicine a newly typed name is (needed to count overuse right)."""
    attack = details.attack
    classes = [c for c in DrugClass if c is not DrugClass.PREVENTIVE]
    buttons = [
        attack_button(labels.drug_class(tr, c), attack.id, mode, Step.MEDICATION, "cls", med.id, c)
        for c in classes
    ]
    return _screen(
        tr,
        details,
        now,
        tr._(
            "What kind of medicine is {name}? It tells me how to count it for medication "
            "overuse. Not sure? Tap Other.",
            name=med.name,
        ),
        _pairs(buttons),
    )


def triggers(
    tr: Translator, details: AttackDetails, *, mode: str, now: datetime, page: int = 0
) -> Screen:
    """Possible triggers (multi-select), built-in and the user's own (paged)."""
    attack = details.attack
    builtin = [
        attack_button(
            _ticked(labels.trigger(tr, t), t.value in attack.triggers),
            attack.id,
            mode,
            Step.TRIGGERS,
            "t",
            t,
            _sets(t.value in attack.triggers),
        )
        for t in Trigger
    ]
    own, paging, first = _own_buttons(
        tr, details, mode, Step.TRIGGERS, details.custom_triggers, attack.triggers, page
    )
    rows = [
        *_pairs((builtin if first else []) + own),
        paging,
        [attack_button(tr._("+ Add my own"), attack.id, mode, Step.TRIGGERS, "add")],
        _footer(tr, attack.id, mode, Step.TRIGGERS, done=True),
    ]
    return _screen(
        tr, details, now, tr._("Anything that might have set it off? Tap all that apply."), rows
    )


def red_flags(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """The warning signs that need urgent care."""
    attack = details.attack
    flags = attack.red_flag_set
    rows = [
        [
            attack_button(
                _ticked(labels.red_flag(tr, f), f in flags),
                attack.id,
                mode,
                Step.RED_FLAGS,
                "t",
                f,
                _sets(f in flags),
            )
        ]
        for f in RedFlag
    ]
    rows.append([attack_button(tr._("« Back"), attack.id, mode, Step.SYMPTOMS, "open")])
    return _screen(tr, details, now, tr._("Do you have any of these right now?"), rows)


def times(tr: Translator, details: AttackDetails, *, mode: str, now: datetime) -> Screen:
    """Change when the attack started or ended."""
    attack = details.attack
    rows = [
        [attack_button(tr._("Change the start"), attack.id, mode, Step.TIMES, "start")],
        [
            attack_button(
                tr._("Change the end") if attack.ended_at else tr._("It's over: set the end"),
                attack.id,
                mode,
                Step.TIMES,
                "end",
            )
        ],
    ]
    if attack.ended_at is not None:
        rows.append([attack_button(tr._("It's still going"), attack.id, mode, Step.TIMES, "open")])
    rows.append(_footer(tr, attack.id, EDIT, Step.TIMES))
    return _screen(tr, details, now, tr._("What should change?"), rows)


def type_prompt(tr: Translator, kind: str) -> Screen:
    """Invite typed text for one of the attack's free-text answers."""
    prompts = {
        "symptom": tr._("Type the symptom, for example <i>jaw pain</i> or <i>fatigue</i>."),
        "trigger": tr._("Type the trigger, for example <i>bright light</i> or <i>cheese</i>."),
        "twitch": tr._(
            "Describe the twitching in a few words, for example <i>left eyelid flickering</i>."
        ),
        "med": tr._(
            "Type the medicine's name, for example <i>Naproxen</i> or <i>Rizatriptan</i>."
        ),
        "dose": tr._("Type the dose, for example <i>400 mg</i> or <i>2 tablets</i>."),
        "dosetime": tr._(
            "When did you take it? For example <i>14:30</i>, <i>yesterday 15:00</i> or "
            "<i>2h ago</i>."
        ),
        "start": tr._(
            "When did it start? For example <i>14:30</i>, <i>yesterday 3pm</i> or <i>2h ago</i>."
        ),
        "end": tr._(
            "When did it end? For example <i>18:00</i>, <i>this morning 7am</i> or <i>1h ago</i>."
        ),
    }
    return Screen(prompts[kind])


def typed_invalid(tr: Translator, kind: str) -> Screen:
    """Typed text that cannot be used, and the question again."""
    reasons = {
        "symptom": tr._("That's not a symptom I can save (1-40 characters, please)."),
        "trigger": tr._("That's not a trigger I can save (1-40 characters, please)."),
        "twitch": tr._("That description is too long; please keep it under 300 characters."),
        "med": tr._("That doesn't look like a medicine name (1-40 characters, please)."),
        "dose": tr._("I couldn't read that dose; it needs a number, like 400 mg."),
        "dosetime": tr._("I couldn't read that time."),
        "start": tr._("I couldn't read that time."),
        "end": tr._("I couldn't read that time."),
    }
    again = type_prompt(tr, kind)
    return Screen(reasons[kind] + " " + again.text)


def intensity_out_of_range(tr: Translator, top: int) -> str:
    """A typed intensity outside the scale."""
    return tr._("Intensity goes from 0 to {top}; tap it below.", top=top)


def start_not_understood(tr: Translator) -> str:
    """A typed start time that could not be read; the attack was logged as starting now."""
    return tr._(
        "I couldn't read when it started, so I logged it as now. "
        "You can change the start on its card (Start / end)."
    )


def end_refused(
    tr: Translator, problem: EndProblem, details: AttackDetails, *, now: datetime
) -> Screen:
    """An end time that cannot be right, and the question again."""
    start = when(tr, details.attack.started_at, tz=details.timezone, now=now)
    reasons = {
        EndProblem.BEFORE_START: tr._("The end has to be after the start ({start}).", start=start),
        EndProblem.IN_FUTURE: tr._("That's in the future."),
        EndProblem.TOO_LONG: tr._(
            "That would make it longer than 7 days; please log a long stretch as separate attacks."
        ),
    }
    return Screen(reasons[problem] + " " + type_prompt(tr, "end").text)


def start_refused(
    tr: Translator, problem: StartProblem, details: AttackDetails, *, now: datetime
) -> Screen:
    """A start time that cannot be right, and the question again."""
    reasons = {
        StartProblem.IN_FUTURE: tr._("That's in the future."),
        StartProblem.TOO_OLD: common.too_far_back(tr),
        StartProblem.AFTER_END: tr._(
            "That's after the attack ended ({end}).",
            end=when(tr, details.attack.ended_at or now, tz=details.timezone, now=now),
        ),
    }
    return Screen(reasons[problem] + " " + type_prompt(tr, "start").text)


def list_full(tr: Translator, what: str, limit: int) -> str:
    """Why a typed symptom, trigger or medicine was not added: the user's list is full."""
    reasons = {
        "symptom": tr._(
            "You have {limit} symptoms of your own, the most I keep, so I didn't add this one. "
            "Tick one of yours, or one from the list.",
            limit=limit,
        ),
        "trigger": tr._(
            "You have {limit} triggers of your own, the most I keep, so I didn't add this one. "
            "Tick one of yours, or one from the list.",
            limit=limit,
        ),
    }
    return reasons.get(what) or medications_full(tr, limit)


def medications_full(tr: Translator, limit: int) -> str:
    """Why a medicine was not added: the user's list is full."""
    return tr._(
        "Your list already has {limit} medications, the most I keep, so I didn't add this one. "
        "Archive one you no longer take in /meds, then add it.",
        limit=limit,
    )


def typed_leftovers(tr: Translator, parts: Sequence[str]) -> Html:
    """The parts of a typed attack message the bot did not understand, named back."""
    if not parts:
        return Html("")
    quoted = "; ".join(f"“{part}”" for part in parts)
    return tr._(
        "I didn't understand: {parts}. Add it with the buttons if it matters.", parts=quoted
    )


def typed_understood(tr: Translator) -> Html:
    """Above the card of an attack logged with details in one message."""
    return tr._("Logged from your message:")
