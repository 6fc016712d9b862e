"""/meds commands are values: immutable, compared by content (a repeated press is the same)."""

from dataclasses import FrozenInstanceError
from datetime import time
from typing import get_args

import pytest

from bot.domain import meds_commands as mc
from bot.domain.medications import DrugClass

COMMANDS: list[mc.MedsCommand] = [
    mc.ShowList(2),
    mc.CloseList(),
    mc.AddMedication(),
    mc.RemoveDoseTime(9),
    mc.OpenCard(5),
    mc.SkipDose(5),
    mc.AskClass(5),
    mc.SetClass(5, DrugClass.TRIPTAN, walkthrough=True),
    mc.SetKind(5, preventive=True),
    mc.AskDose(5),
    mc.AskName(5),
    mc.AskTime(5),
    mc.TypeTime(5),
    mc.AddDoseTime(5, time(8, 30)),
    mc.Archive(5),
]


def test_every_command_kind_is_listed() -> None:
    assert {type(c) for c in COMMANDS} == set(get_args(mc.MedsCommand))


@pytest.mark.parametrize("command", COMMANDS)
def test_commands_are_immutable_values(command: mc.MedsCommand) -> None:
    assert command == type(command)(**vars(command))
    assert hash(command) == hash(type(command)(**vars(command)))
    with pytest.raises(FrozenInstanceError):
        command.extra = 1  # type: ignore[union-attr]
