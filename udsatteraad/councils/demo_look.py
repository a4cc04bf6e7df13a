"""The demo's authority look (load_demo): Randers with a display name, an accent colour and an
obviously made-up logo (demo/look/; not the municipality's real one). Setting it again changes
nothing."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from . import look
from .models import Authority

LOGO = Path(settings.BASE_DIR) / "demo" / "look" / "randers-demo-logo.svg"


def load_demo_look() -> None:
    authority = Authority.objects.filter(councils__slug="randers").first()
    if authority is None:
        return
    authority.display_name = "Randers Kommune"
    authority.accent_color = look.check_accent("#0a5c3d")
    authority.logo, authority.logo_type = look.check_logo(LOGO.read_bytes())
    authority.save(update_fields=["display_name", "accent_color", "logo", "logo_type",
                                  "modified"])
