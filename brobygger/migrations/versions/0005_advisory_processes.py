"""advisory processes between meetings, their log entries, and their case description

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisory_processes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("advisor_unit", sa.String(length=120), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.Column("intervention", sa.Text(), server_default="", nullable=False),
        sa.Column("change_logic", sa.Text(), server_default="", nullable=False),
        sa.Column("knowledge_tools", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], name=op.f("fk_advisory_processes_programme_id_programmes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisory_processes")),
    )
    op.create_index(op.f("ix_advisory_processes_programme_id"), "advisory_processes", ["programme_id"], unique=False)
    op.create_table(
        "process_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("theme", sa.String(length=120), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("helped", sa.Text(), server_default="", nullable=False),
        sa.Column("hindered", sa.Text(), server_default="", nullable=False),
        sa.Column("next_step", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=op.f("fk_process_entries_participant_id_participants"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["process_id"], ["advisory_processes.id"], name=op.f("fk_process_entries_process_id_advisory_processes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_entries")),
    )
    op.create_index(op.f("ix_process_entries_process_id"), "process_entries", ["process_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_process_entries_process_id"), table_name="process_entries")
    op.drop_table("process_entries")
    op.drop_index(op.f("ix_advisory_processes_programme_id"), table_name="advisory_processes")
    op.drop_table("advisory_processes")
