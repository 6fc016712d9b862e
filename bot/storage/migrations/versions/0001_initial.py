"""Create the initial schema: every table of bot/storage/models.py.

Generated with ``python -m bot.storage.migrate revision --autogenerate --rev-id 0001`` against an
empty database, then reviewed. Project column types are rendered as plain SQLAlchemy types
(``UTCDateTime`` -> ``sa.DateTime(timezone=True)``, sqlmodel's ``AutoString`` -> ``sa.String``)
so that this script does not depend on application code.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 00:16:25.961826
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processed_updates_processed_at"), ["processed_at"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=128), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("onboarding_step", sa.String(length=32), nullable=True),
        sa.Column("quiet_start", sa.Time(), nullable=False),
        sa.Column("quiet_end", sa.Time(), nullable=False),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("telegram_id", name=op.f("uq_users_telegram_id")),
    )
    op.create_table(
        "attacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("logged_via", sa.String(length=16), nullable=False),
        sa.Column("peak_intensity", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=8), nullable=True),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("quality", sa.String(length=16), nullable=True),
        sa.Column("worse_with_activity", sa.Boolean(), nullable=True),
        sa.Column("aura", sa.Boolean(), nullable=True),
        sa.Column("aura_types", sa.JSON(), nullable=False),
        sa.Column("aura_duration_min", sa.Integer(), nullable=True),
        sa.Column("aura_spread_5min", sa.Boolean(), nullable=True),
        sa.Column("aura_headache_within_60min", sa.Boolean(), nullable=True),
        sa.Column("nausea", sa.Boolean(), nullable=True),
        sa.Column("vomiting", sa.Boolean(), nullable=True),
        sa.Column("light_sensitivity", sa.Boolean(), nullable=True),
        sa.Column("sound_sensitivity", sa.Boolean(), nullable=True),
        sa.Column("other_symptoms", sa.JSON(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("ended_how", sa.String(length=16), nullable=True),
        sa.Column("disability", sa.Integer(), nullable=True),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_attacks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attacks")),
    )
    with op.batch_alter_table("attacks", schema=None) as batch_op:
        batch_op.create_index("ix_attacks_user_started", ["user_id", "started_at"], unique=False)

    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("headache", sa.Boolean(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("sleep_quality", sa.String(length=8), nullable=True),
        sa.Column("preventive_taken", sa.Boolean(), nullable=True),
        sa.Column("exercise", sa.Boolean(), nullable=True),
        sa.Column("caffeine", sa.Boolean(), nullable=True),
        sa.Column("alcohol", sa.Boolean(), nullable=True),
        sa.Column("stress", sa.Boolean(), nullable=True),
        sa.Column("menstruation", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_checkins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("user_id", "local_date", name=op.f("uq_checkins_user_id_local_date")),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkins_user_id"), ["user_id"], unique=False)

    op.create_table(
        "custom_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_custom_items_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_items")),
        sa.UniqueConstraint(
            "user_id", "kind", "label", name=op.f("uq_custom_items_user_id_kind_label")
        ),
    )
    with op.batch_alter_table("custom_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_items_user_id"), ["user_id"], unique=False)

    op.create_table(
        "medications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("drug_class", sa.String(length=32), nullable=False),
        sa.Column("is_preventive", sa.Boolean(), nullable=False),
        sa.Column("usual_dose", sa.String(length=32), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_medications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medications")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_medications_user_id_name")),
    )
    with op.batch_alter_table("medications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_medications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "pending_inputs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_inputs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_pending_inputs")),
    )
    op.create_table(
        "body_symptoms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("attack_id", sa.Integer(), nullable=True),
        sa.Column("symptom", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("side", sa.String(length=8), nullable=True),
        sa.Column("phase", sa.String(length=8), nullable=True),
        sa.Column("duration_min", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attack_id"],
            ["attacks.id"],
            name=op.f("fk_body_symptoms_attack_id_attacks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_body_symptoms_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_symptoms")),
    )
    with op.batch_alter_table("body_symptoms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_body_symptoms_attack_id"), ["attack_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_body_symptoms_user_id"), ["user_id"], unique=False)

    op.create_table(
        "medication_intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=False),
        sa.Column("attack_id", sa.Integer(), nullable=True),
        sa.Column("drug_class", sa.String(length=32), nullable=False),
        sa.Column("dose", sa.String(length=32), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("effect_2h", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attack_id"],
            ["attacks.id"],
            name=op.f("fk_medication_intakes_attack_id_attacks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["medication_id"],
            ["medications.id"],
            name=op.f("fk_medication_intakes_medication_id_medications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_medication_intakes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medication_intakes")),
    )
    with op.batch_alter_table("medication_intakes", schema=None) as batch_op:
        batch_op.create_index("ix_intakes_user_taken", ["user_id", "taken_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_medication_intakes_attack_id"), ["attack_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_medication_intakes_medication_id"), ["medication_id"], unique=False
        )

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=True),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=True),
        sa.Column("attack_id", sa.Integer(), nullable=True),
        sa.Column("intake_id", sa.Integer(), nullable=True),
        sa.Column("next_fire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fire_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attack_id"],
            ["attacks.id"],
            name=op.f("fk_reminders_attack_id_attacks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["intake_id"],
            ["medication_intakes.id"],
            name=op.f("fk_reminders_intake_id_medication_intakes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["medication_id"],
            ["medications.id"],
            name=op.f("fk_reminders_medication_id_medications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminders_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminders_attack_id"), ["attack_id"], unique=False)
        batch_op.create_index("ix_reminders_due", ["enabled", "next_fire_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminders_intake_id"), ["intake_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reminders_medication_id"), ["medication_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminders_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminders_user_id"))
        batch_op.drop_index(batch_op.f("ix_reminders_medication_id"))
        batch_op.drop_index(batch_op.f("ix_reminders_intake_id"))
        batch_op.drop_index("ix_reminders_due")
        batch_op.drop_index(batch_op.f("ix_reminders_attack_id"))

    op.drop_table("reminders")
    with op.batch_alter_table("medication_intakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medication_intakes_medication_id"))
        batch_op.drop_index(batch_op.f("ix_medication_intakes_attack_id"))
        batch_op.drop_index("ix_intakes_user_taken")

    op.drop_table("medication_intakes")
    with op.batch_alter_table("body_symptoms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_symptoms_user_id"))
        batch_op.drop_index(batch_op.f("ix_body_symptoms_attack_id"))

    op.drop_table("body_symptoms")
    op.drop_table("pending_inputs")
    with op.batch_alter_table("medications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medications_user_id"))

    op.drop_table("medications")
    with op.batch_alter_table("custom_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_items_user_id"))

    op.drop_table("custom_items")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkins_user_id"))

    op.drop_table("checkins")
    with op.batch_alter_table("attacks", schema=None) as batch_op:
        batch_op.drop_index("ix_attacks_user_started")

    op.drop_table("attacks")
    op.drop_table("users")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_updates_processed_at"))

    op.drop_table("processed_updates")
