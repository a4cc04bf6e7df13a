"""`make screenshots`: pictures of the secretariat's start page, the live minutes page and a
member's /mine/ at a desktop width (1280x800) and a phone's (375 px), from the demo data, into
docs/screenshots/*.png.

It loads the demo into a throw-away SQLite database, starts the development server on a free
port on 127.0.0.1, logs in as Randers' demo secretary (password and the TOTP code worked out
from the documented fixed demo key, as an authenticator app would) and as a demo member, and
takes the screenshots with Playwright in Debian's Chromium (CHROMIUM, default
/usr/bin/chromium). Pages taller than MAX_HEIGHT are cut there to keep the files small.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b32decode
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "demo-udsatteraad"
SECRETARY = ("sekretariat@randers.example", "DEMOUDSATTERAADRANDERSAAAAAAAAAA")
MEMBER = "mads.paahitsen@randers.example"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 800}}
MAX_HEIGHT = 3000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(base32_key: str) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(b32decode(base32_key)).token():06d}"


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own 127.0.0.1 server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def shoot(page, url: str, name: str) -> None:
    for size_name, size in SIZES.items():
        page.set_viewport_size(size)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        path = OUT / f"{name}-{size_name}.png"
        page.screenshot(path=str(path), full_page=True,
                        clip={"x": 0, "y": 0, "width": size["width"], "height": height})
        print(f"  {path.relative_to(ROOT)}")


def log_in(page, base: str, email: str, code: str | None = None) -> None:
    from django.urls import reverse

    page.goto(base + reverse("accounts:login"))
    main = page.locator("main")
    main.get_by_label("E-mail").fill(email)
    main.get_by_label("Adgangskode").fill(PASSWORD)
    main.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    if code is not None:
        main.get_by_label("Kode fra din godkendelses-app").fill(code)
        main.get_by_role("button", name="Log ind").click()
        page.wait_for_load_state()


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="udsatteraad-screenshots-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
               "MEDIA_ROOT": f"{tmp}/media", "DEBUG": "1", "TASKS_BACKEND": "immediate",
               "DJANGO_SETTINGS_MODULE": "udsatteraad.settings"}
        env.pop("SECRET_KEY", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update(env)
        import django

        django.setup()
        from django.urls import reverse

        from udsatteraad.meetings.models import Meeting

        meeting = Meeting.objects.filter(council__slug="randers").order_by("-start").first()
        assert meeting is not None, "the demo has no Randers meeting"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(base + reverse("ops:healthz"))
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update"])
                secretary = browser.new_context(locale="da-DK").new_page()
                log_in(secretary, base, SECRETARY[0], totp(SECRETARY[1]))
                print("Screenshots:")
                shoot(secretary, base + reverse("councils:overview", args=["randers"]),
                      "secretariat-start")
                shoot(secretary, base + reverse("meetings:minutes",
                                                args=["randers", meeting.pk]), "live-minutes")
                member = browser.new_context(locale="da-DK").new_page()
                log_in(member, base, MEMBER)
                shoot(member, base + reverse("accounts:mine"), "member-mine")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
