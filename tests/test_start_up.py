"""What a web worker holds from its start: the app, not the libraries that only rare paths need.

Each library imported at start-up is memory in every gunicorn worker (docs/deployment.md, "Memory"): WeasyPrint
for certificate PDFs, openpyxl for XLSX exports, RQ and Redis for the job queue, Alembic for migrations, zxcvbn for
new passwords, Pillow for uploads. The functions that need them import them when first called.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from flask_babel import force_locale

from learnapp import warm_up
from learnapp.extensions import babel

ROOT = Path(__file__).resolve().parents[1]
RARELY_NEEDED = ("weasyprint", "fontTools", "openpyxl", "rq", "redis", "alembic", "flask_migrate", "zxcvbn", "PIL")
PROBE = """
import json, sys
from learnapp import create_app
app = create_app()
with app.test_client() as client:
    client.get("/readyz").close()  # what monitoring asks every worker, all day
print(json.dumps(sorted(name for name in {names!r} if name in sys.modules)))
"""


def test_a_web_worker_starts_and_answers_health_checks_without_the_pdf_export_queue_and_migration_libraries(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LEARNAPP_ENV": "production",
        "SECRET_KEY": "a-secret-long-enough-for-production-" + "x" * 20,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
        "LEARNAPP_INSTANCE_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(names=RARELY_NEEDED)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_a_preloading_master_compiles_every_template_and_loads_both_catalogues_before_forking(app):
    app.jinja_env.cache.clear()
    warm_up(app)
    compiled = {template.name for template in app.jinja_env.cache.values()}
    assert set(app.jinja_env.list_templates(extensions=("html",))) <= compiled
    with app.test_request_context(), force_locale("ru"):
        cached = babel.domain_instance.get_translations_cache(None)
        assert ("ru", "messages") in cached
