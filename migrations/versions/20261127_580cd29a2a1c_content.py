"""Content: modules and their immutable versions, lessons, quizzes and surveys, files.

Revision ID: 580cd29a2a1c
Revises: e84e03ab0c59
Create Date: 2026-11-27 04:39:21.907280

"""
from alembic import op
import sqlalchemy as sa

import learnapp.models.types
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '580cd29a2a1c'
down_revision = 'e84e03ab0c59'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('modules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_modules')),
    sa.UniqueConstraint('slug', name=op.f('uq_modules_slug'))
    )
    op.create_table('module_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('default_language', sa.String(length=5), nullable=False),
    sa.Column('estimated_minutes', sa.Integer(), nullable=False),
    sa.Column('sensitivity', sa.String(length=20), nullable=False),
    sa.Column('completion', sa.String(length=20), nullable=False),
    sa.Column('prerequisites', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('title', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('summary', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('objectives', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('source_folder', sa.String(length=255), nullable=False),
    sa.Column('synced_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("completion IN ('lessons', 'quiz', 'lessons_and_quiz')", name=op.f('ck_module_versions_completion_known')),
    sa.CheckConstraint("sensitivity IN ('public', 'programme', 'restricted')", name=op.f('ck_module_versions_sensitivity_known')),
    sa.CheckConstraint('estimated_minutes >= 0', name=op.f('ck_module_versions_minutes_not_negative')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_module_versions_number_positive')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_versions_module_id_modules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_versions')),
    sa.UniqueConstraint('module_id', 'number', name=op.f('uq_module_versions_module_id_number'))
    )
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_versions_module_id'), ['module_id'], unique=False)

    # modules and module_versions refer to each other: the second key is added once both tables exist.
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_modules_current_version_id_module_versions'), 'module_versions',
            ['current_version_id'], ['id'], ondelete='SET NULL',
        )

    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('pass_mark', sa.Double(), nullable=False),
    sa.Column('attempts_allowed', sa.Integer(), nullable=False),
    sa.Column('grading', sa.String(length=10), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=False),
    sa.Column('is_shuffled', sa.Boolean(), nullable=False),
    sa.Column('pool_size', sa.Integer(), nullable=False),
    sa.Column('review', sa.String(length=20), nullable=False),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('titles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('bands', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.CheckConstraint("kind IN ('quiz', 'survey')", name=op.f('ck_assessments_kind_known')),
    sa.CheckConstraint('attempts_allowed >= 0', name=op.f('ck_assessments_attempts_not_negative')),
    sa.CheckConstraint('pass_mark >= 0 AND pass_mark <= 100', name=op.f('ck_assessments_pass_mark_percent')),
    sa.CheckConstraint('pool_size >= 0', name=op.f('ck_assessments_pool_not_negative')),
    sa.CheckConstraint('time_limit_minutes >= 0', name=op.f('ck_assessments_time_limit_not_negative')),
    sa.ForeignKeyConstraint(['version_id'], ['module_versions.id'], name=op.f('fk_assessments_version_id_module_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('version_id', 'kind', name=op.f('uq_assessments_version_id_kind'))
    )
    op.create_table('lessons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['module_versions.id'], name=op.f('fk_lessons_version_id_module_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lessons')),
    sa.UniqueConstraint('version_id', 'position', name=op.f('uq_lessons_version_id_position')),
    sa.UniqueConstraint('version_id', 'slug', name=op.f('uq_lessons_version_id_slug'))
    )
    op.create_table('module_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['module_versions.id'], name=op.f('fk_module_files_version_id_module_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_files')),
    sa.UniqueConstraint('version_id', 'path', name=op.f('uq_module_files_version_id_path'))
    )
    op.create_table('lesson_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('reflection', 'scenario')", name=op.f('ck_lesson_blocks_kind_known')),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_lesson_blocks_lesson_id_lessons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_blocks')),
    sa.UniqueConstraint('lesson_id', 'slug', name=op.f('uq_lesson_blocks_lesson_id_slug'))
    )
    op.create_table('lesson_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('parts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_lesson_texts_lesson_id_lessons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_texts')),
    sa.UniqueConstraint('lesson_id', 'language', name=op.f('uq_lesson_texts_lesson_id_language'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('points', sa.Double(), nullable=False),
    sa.CheckConstraint('points > 0', name=op.f('ck_questions_points_positive')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_questions_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('assessment_id', 'slug', name=op.f('uq_questions_assessment_id_slug'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_slug'), ['slug'], unique=False)

    op.create_table('question_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('text_html', sa.Text(), nullable=False),
    sa.Column('feedback_html', sa.Text(), nullable=False),
    sa.Column('spec', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_texts_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_texts')),
    sa.UniqueConstraint('question_id', 'language', name=op.f('uq_question_texts_question_id_language'))
    )


def downgrade():
    op.drop_table('question_texts')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_slug'))

    op.drop_table('questions')
    op.drop_table('lesson_texts')
    op.drop_table('lesson_blocks')
    op.drop_table('module_files')
    op.drop_table('lessons')
    op.drop_table('assessments')
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_versions_module_id'))

    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_modules_current_version_id_module_versions'), type_='foreignkey')
    op.drop_table('module_versions')
    op.drop_table('modules')
