"""figures uploaded by organisers (absence per workplace and month), and agenda items that show them

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items") as batch:
        batch.add_column(sa.Column("display", sa.String(length=20), nullable=True))
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("workplace", sa.String(length=120), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], name=op.f("fk_figures_programme_id_programmes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
        sa.UniqueConstraint("programme_id", "workplace", "month", name="uq_figures_programme_workplace_month"),
    )
    op.create_index(op.f("ix_figures_programme_id"), "figures", ["programme_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_figures_programme_id"), table_name="figures")
    op.drop_table("figures")
    with op.batch_alter_table("agenda_items") as batch:
        batch.drop_column("display")
