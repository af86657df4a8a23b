"""Privacy: the accepted notice version, erasure of a person, withdrawn certificates.

Revision ID: f5c9d2e04a63
Revises: b7e2c4d91a10
Create Date: 2026-12-07 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learnapp.models.types


# revision identifiers, used by Alembic.
revision = 'f5c9d2e04a63'
down_revision = 'b7e2c4d91a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notice_accepted_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('cohort_certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('cohort_certificates', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('notice_accepted_at')
        batch_op.drop_column('notice_version')
