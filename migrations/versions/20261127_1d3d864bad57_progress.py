"""Progress: lesson reads, private reflections, attempts and answers, completions, certificates.

Revision ID: 1d3d864bad57
Revises: 580cd29a2a1c
Create Date: 2026-11-27 04:42:42.954268

"""
from alembic import op
import sqlalchemy as sa

import learnapp.models.types


# revision identifiers, used by Alembic.
revision = '1d3d864bad57'
down_revision = '580cd29a2a1c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reflections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('lesson_slug', sa.String(length=100), nullable=False),
    sa.Column('block_slug', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_reflections_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reflections_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflections')),
    sa.UniqueConstraint('user_id', 'module_id', 'lesson_slug', 'block_slug', name=op.f('uq_reflections_user_id_module_id_lesson_slug_block_slug'))
    )
    op.create_table('completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('completed_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 100)', name=op.f('ck_completions_score_percent')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_completions_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_completions_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['module_versions.id'], name=op.f('fk_completions_version_id_module_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_completions')),
    sa.UniqueConstraint('user_id', 'module_id', name=op.f('uq_completions_user_id_module_id'))
    )
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_completions_module_id'), ['module_id'], unique=False)

    op.create_table('lesson_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('lesson_slug', sa.String(length=100), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('read_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_lesson_reads_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lesson_reads_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['module_versions.id'], name=op.f('fk_lesson_reads_version_id_module_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_reads')),
    sa.UniqueConstraint('user_id', 'module_id', 'lesson_slug', name=op.f('uq_lesson_reads_user_id_module_id_lesson_slug'))
    )
    with op.batch_alter_table('lesson_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_reads_module_id'), ['module_id'], unique=False)

    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('question_slugs', sa.JSON(), nullable=False),
    sa.Column('seed', sa.String(length=32), nullable=False),
    sa.Column('started_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deadline_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('is_passed', sa.Boolean(), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_attempts_number_positive')),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 100)', name=op.f('ck_attempts_score_percent')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_attempts_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_attempts_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts')),
    sa.UniqueConstraint('user_id', 'assessment_id', 'number', name=op.f('uq_attempts_user_id_assessment_id_number'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempts_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index('ix_attempts_user_module', ['user_id', 'module_id'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('completion_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('module_titles', sa.JSON(), nullable=False),
    sa.Column('issued_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['completion_id'], ['completions.id'], name=op.f('fk_certificates_completion_id_completions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
    sa.UniqueConstraint('completion_id', name=op.f('uq_certificates_completion_id'))
    )
    op.create_table('attempt_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_slug', sa.String(length=100), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.Column('fraction', sa.Double(), nullable=True),
    sa.Column('saved_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('fraction IS NULL OR (fraction >= 0 AND fraction <= 1)', name=op.f('ck_attempt_answers_fraction_range')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_answers_attempt_id_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_answers')),
    sa.UniqueConstraint('attempt_id', 'question_slug', name=op.f('uq_attempt_answers_attempt_id_question_slug'))
    )


def downgrade():
    op.drop_table('attempt_answers')
    op.drop_table('certificates')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_user_module')
        batch_op.drop_index(batch_op.f('ix_attempts_assessment_id'))

    op.drop_table('attempts')
    with op.batch_alter_table('lesson_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_reads_module_id'))

    op.drop_table('lesson_reads')
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_completions_module_id'))

    op.drop_table('completions')
    op.drop_table('reflections')
