"""Publication metadata on module versions (change note, publisher, origin); module files keep every source file.

Revision ID: d1a7f3c20b41
Revises: a6d0e3f15b74
Create Date: 2026-12-07 13:10:00.000000

Module files now hold module.yaml, the lessons, the quiz and the survey as well as the media; versions synced
before this change get their sources at the next `flask modules sync` of an unchanged module, so no data step here.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1a7f3c20b41'
down_revision = 'a6d0e3f15b74'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('published_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='files', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_module_versions_published_by_id_users'), 'users', ['published_by_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_check_constraint(batch_op.f('ck_module_versions_origin_known'), "origin IN ('files', 'web')")


def downgrade():
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_module_versions_origin_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_module_versions_published_by_id_users'), type_='foreignkey')
        batch_op.drop_column('origin')
        batch_op.drop_column('published_by_id')
        batch_op.drop_column('change_note')
