"""Certificates: issued with a completion, verifiable by a code nobody can guess."""

from __future__ import annotations

import base64
import secrets

from learnapp.extensions import db
from learnapp.models import Certificate, Completion, ModuleVersion, User

CODE_BYTES = 15  # 120 random bits: 24 base32 characters, shown in groups of four


def new_code() -> str:
    """A random, unguessable verification code such as ``K7QX-3MZA-...``, easy to read aloud and type."""
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode()
    return "-".join(raw[index : index + 4] for index in range(0, len(raw), 4))


def issue_certificate(completion: Completion, user: User, version: ModuleVersion) -> Certificate:
    """Create the certificate of a completion, keeping the name and titles as they are at issue; flush only."""
    certificate = Certificate(
        code=new_code(), completion_id=completion.id, full_name=user.full_name, module_titles=dict(version.title)
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate
