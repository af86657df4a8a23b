"""Cohort certificates: of completion (modules and in-person sessions) or of participation, verifiable by code.

Revision ID: c3f1a9e5d2b4
Revises: 9c5317bf91e8
Create Date: 2026-12-06 08:28:16.520622

"""
from alembic import op
import sqlalchemy as sa

import learnapp.models.types


# revision identifiers, used by Alembic.
revision = 'c3f1a9e5d2b4'
down_revision = '9c5317bf91e8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohort_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('cohort_name', sa.String(length=200), nullable=False),
    sa.Column('cohort_language', sa.String(length=5), nullable=False),
    sa.Column('cohort_place', sa.String(length=200), nullable=False),
    sa.Column('cohort_starts_on', sa.Date(), nullable=True),
    sa.Column('cohort_ends_on', sa.Date(), nullable=True),
    sa.Column('issued_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('completion', 'participation')", name=op.f('ck_cohort_certificates_kind_known')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_certificates_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cohort_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_cohort_certificates_code')),
    sa.UniqueConstraint('cohort_id', 'user_id', 'kind', name=op.f('uq_cohort_certificates_cohort_id_user_id_kind'))
    )
    with op.batch_alter_table('cohort_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_certificates_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('cohort_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_certificates_user_id'))

    op.drop_table('cohort_certificates')
