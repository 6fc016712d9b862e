"""Add the dispatcher's durable queue: claimed reminders waiting to be sent, or being sent.

Revision ID: 0002_i14perf_dispatch_queue
Revises: 0001
Create Date: 2026-12-02 02:07:04.803165
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = "0002_i14perf_dispatch_queue"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "dispatch_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("medication_id", sa.Integer(), nullable=True),
        sa.Column("attack_id", sa.Integer(), nullable=True),
        sa.Column("occurrence", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_dispatch_queue_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_queue")),
    )
    with op.batch_alter_table("dispatch_queue", schema=None) as batch_op:
        batch_op.create_index("ix_dispatch_queue_state", ["state", "owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispatch_queue_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("dispatch_queue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_queue_user_id"))
        batch_op.drop_index("ix_dispatch_queue_state")

    op.drop_table("dispatch_queue")
