"""Certificate PDFs: rendered on the first download and kept, since a certificate never changes once issued.

Revision ID: a6d0e3f15b74
Revises: f5c9d2e04a63
Create Date: 2026-12-07 13:35:00

"""
from alembic import op
import sqlalchemy as sa

import learnapp.models.types


# revision identifiers, used by Alembic.
revision = 'a6d0e3f15b74'
down_revision = 'f5c9d2e04a63'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_pdfs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.Column('cohort_certificate_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(certificate_id IS NULL) <> (cohort_certificate_id IS NULL)', name=op.f('ck_certificate_pdfs_one_certificate')),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_pdfs_certificate_id_certificates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificate_pdfs_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cohort_certificate_id'], ['cohort_certificates.id'], name=op.f('fk_certificate_pdfs_cohort_certificate_id_cohort_certificates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_pdfs')),
    sa.UniqueConstraint('certificate_id', name=op.f('uq_certificate_pdfs_certificate_id')),
    sa.UniqueConstraint('cohort_certificate_id', name=op.f('uq_certificate_pdfs_cohort_certificate_id'))
    )
    with op.batch_alter_table('certificate_pdfs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_pdfs_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificate_pdfs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_pdfs_user_id'))

    op.drop_table('certificate_pdfs')
