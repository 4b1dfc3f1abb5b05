"""consent to research use: each participant's choice and its time, and an audit log of every change;
the history of every action's follow-up

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("research_consent", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "consent_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_consent_events_participant_id_participants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_consent_events_programme_id_programmes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_events")),
    )
    op.create_index(op.f("ix_consent_events_participant_id"), "consent_events", ["participant_id"], unique=False)
    op.create_index(op.f("ix_consent_events_programme_id"), "consent_events", ["programme_id"], unique=False)
    op.create_table(
        "action_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("follow_up", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name=op.f("fk_action_history_action_id_actions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_action_history_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_action_history_participant_id_participants"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_history")),
    )
    op.create_index(op.f("ix_action_history_action_id"), "action_history", ["action_id"], unique=False)
    # Actions followed up before the history was kept: their current status is the one known step.
    op.execute(
        "INSERT INTO action_history (action_id, meeting_id, participant_id, status, follow_up, created_at) "
        "SELECT id, NULL, NULL, status, follow_up, updated_at FROM actions WHERE status <> 'open'"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_action_history_action_id"), table_name="action_history")
    op.drop_table("action_history")
    op.drop_index(op.f("ix_consent_events_programme_id"), table_name="consent_events")
    op.drop_index(op.f("ix_consent_events_participant_id"), table_name="consent_events")
    op.drop_table("consent_events")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("consent_at")
        batch.drop_column("research_consent")
