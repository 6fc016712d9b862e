"""The answers to the "How is it now?" follow-up.

Follow-ups are reminder rows (kind ``followup``), so they survive restarts; the reminder
dispatcher (:mod:`bot.jobs`) claims and sends them. Buttons carry ``fu:<attack id>:<answer>``.
"""

from __future__ import annotations

from telegram import Update

from bot.domain.followups import FollowupAnswer
from bot.handlers.base import Context, current_user, edit, services, tr_for
from bot.services import followups as followup_service
from bot.views import attack_card, common
from bot.views import followups as views
from bot.views.callbacks import decode, record_id_arg


async def on_followup_button(update: Update, context: Context) -> None:
    """Better / Same / Worse / It's over."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    callback = decode(query.data)
    args = callback.args if callback else ()
    attack_id = record_id_arg(args[0]) if len(args) == 2 else None
    if attack_id is None or args[1] not in set(FollowupAnswer):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    ctx = services(context)
    result = followup_service.answer_followup(
        ctx, user_id=profile.id, attack_id=attack_id, answer=FollowupAnswer(args[1])
    )
    if result is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    await query.answer()
    now = ctx.clock.now()
    if result.already_ended:
        await edit(query, views.already_ended(tr, result.details, now=now))
        return
    screen = views.answered(
        tr,
        result.details,
        answer=result.answer,
        dose=result.dose,
        effect=result.effect,
        next_at=result.next_at,
        now=now,
    )
    await edit(query, screen)
