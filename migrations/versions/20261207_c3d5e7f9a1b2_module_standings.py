"""Module standings: one row per trainee and module, kept up to date on write, backfilled from the raw rows.

Revision ID: c3d5e7f9a1b2
Revises: b7e1f4a26c85
Create Date: 2026-12-07 16:30:00.000000

The backfill is one INSERT ... SELECT over lesson reads, graded quiz attempts and completions (the same rules as
`learnapp.progress.standing_rows.standings_from_raw`, written out here so that the migration does not change when
the code does): about 3 s for 10,000 trainees, 1.16 million reads and 600,000 attempts on SQLite.
"""
from alembic import op
import sqlalchemy as sa

import learnapp.models.types


# revision identifiers, used by Alembic.
revision = 'c3d5e7f9a1b2'
down_revision = 'b7e1f4a26c85'
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO module_standings (
    user_id, module_id, lessons_read, last_read_at, best_score,
    pre_test_score, pre_test_at, pre_test_attempt_id, post_test_score, post_test_at, post_test_attempt_id,
    completed_at
)
WITH graded AS (
    SELECT a.id, a.user_id, a.module_id, a.score, a.submitted_at, s.purpose
    FROM attempts a JOIN assessments s ON s.id = a.assessment_id
    WHERE s.kind = 'quiz' AND a.submitted_at IS NOT NULL AND a.score IS NOT NULL
),
pairs AS (
    SELECT user_id, module_id FROM lesson_reads
    UNION SELECT user_id, module_id FROM graded
    UNION SELECT user_id, module_id FROM completions
),
reads AS (
    SELECT user_id, module_id, count(*) AS n, max(read_at) AS last_read_at
    FROM lesson_reads GROUP BY user_id, module_id
),
best AS (
    SELECT user_id, module_id, max(score) AS score FROM graded WHERE purpose <> 'pre_test' GROUP BY user_id, module_id
),
ranked AS (
    SELECT graded.*, row_number() OVER (
        PARTITION BY user_id, module_id, purpose ORDER BY submitted_at DESC, id DESC
    ) AS position
    FROM graded WHERE purpose IN ('pre_test', 'post_test')
),
pre AS (SELECT * FROM ranked WHERE purpose = 'pre_test' AND position = 1),
post AS (SELECT * FROM ranked WHERE purpose = 'post_test' AND position = 1)
SELECT p.user_id, p.module_id, coalesce(r.n, 0), r.last_read_at, b.score,
       pre.score, pre.submitted_at, pre.id, post.score, post.submitted_at, post.id, c.completed_at
FROM pairs p
LEFT JOIN reads r ON r.user_id = p.user_id AND r.module_id = p.module_id
LEFT JOIN best b ON b.user_id = p.user_id AND b.module_id = p.module_id
LEFT JOIN pre ON pre.user_id = p.user_id AND pre.module_id = p.module_id
LEFT JOIN post ON post.user_id = p.user_id AND post.module_id = p.module_id
LEFT JOIN completions c ON c.user_id = p.user_id AND c.module_id = p.module_id
"""


def upgrade():
    op.create_table('module_standings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('lessons_read', sa.Integer(), nullable=False),
    sa.Column('last_read_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('best_score', sa.Double(), nullable=True),
    sa.Column('pre_test_score', sa.Double(), nullable=True),
    sa.Column('pre_test_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('pre_test_attempt_id', sa.Integer(), nullable=True),
    sa.Column('post_test_score', sa.Double(), nullable=True),
    sa.Column('post_test_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('post_test_attempt_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', learnapp.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_standings_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_module_standings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'module_id', name=op.f('pk_module_standings'))
    )
    with op.batch_alter_table('module_standings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_standings_module_id'), ['module_id'], unique=False)
        for test in ('pre_test', 'post_test'):
            batch_op.create_index(
                f'ix_module_standings_{test}',
                ['user_id', f'{test}_at', f'{test}_attempt_id', f'{test}_score'],
                unique=False,
                sqlite_where=sa.text(f'{test}_at IS NOT NULL'),
                postgresql_where=sa.text(f'{test}_at IS NOT NULL'),
            )
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('module_standings', schema=None) as batch_op:
        for test in ('pre_test', 'post_test'):
            batch_op.drop_index(f'ix_module_standings_{test}')
        batch_op.drop_index(batch_op.f('ix_module_standings_module_id'))

    op.drop_table('module_standings')
