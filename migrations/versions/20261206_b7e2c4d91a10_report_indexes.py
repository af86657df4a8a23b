"""Report indexes: attempts by module, for the item analysis of one module over every trainee.

Revision ID: b7e2c4d91a10
Revises: c3f1a9e5d2b4
Create Date: 2026-12-06 09:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e2c4d91a10'
down_revision = 'c3f1a9e5d2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempts_module_id'), ['module_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempts_module_id'))
