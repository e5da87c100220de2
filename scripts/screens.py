"""Regenerate the screenshots in docs/screens/ so a reviewer sees the look without running the app.

Usage (from the repository root, after `make install`):

    .venv/bin/python scripts/screens.py            # throwaway database with the demo loaded
    .venv/bin/python scripts/screens.py --out DIR  # somewhere else

It loads the demo into a temporary data folder, starts `mipg runserver` on a free local port, signs in as the
demo's administrator with Chromium (/usr/bin/chromium, through Playwright) and saves ten key pages at
1280x800 plus the home page at 375 px wide, as palette PNGs (Pillow) to keep them small.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("MIPG_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Clave-Capturas-2026"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}
# (file name, path, what it shows)
PAGES = [
    ("01-inicio", "/", "Inicio con los paneles de la entidad"),
    ("02-institucionalidad", "/institucionalidad/", "Comités de la entidad"),
    ("03-sesion", "/institucionalidad/sesiones/1/", "Una sesión: orden del día, asistencia, quórum"),
    ("04-operacion", "/operacion/", "Operación: liderazgo y planes"),
    ("05-plan", "/operacion/planes/1/", "Plan de acción con avances"),
    ("06-tablero-entidad", "/tableros/entidad/1/", "Tablero de una entidad"),
    ("07-tablero-sector", "/tableros/sector/1/", "Tablero del sector con mapa de calor"),
    ("08-cuestionarios", "/medicion/cuestionarios/", "Cuestionarios FURAG y autodiagnósticos"),
    ("09-resultados", "/medicion/resultados/", "Resultados oficiales"),
    ("10-ingreso", "/cuenta/ingresar/", "Ingreso (sin sesión)"),
]
PHONE_PAGES = [("11-inicio-375px", "/", "Inicio en un teléfono (375 px)")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="mipg-screens-")
    env = {
        **os.environ,
        "MIPG_DATA_DIR": data_dir,
        "MIPG_DEBUG": "1",
        "MIPG_SECRET_KEY": "screens-only-not-a-secret",
        "MIPG_ADMIN_PASSWORD": PASSWORD,
    }
    mipg = str(BIN / "mipg")
    subprocess.run([mipg, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([mipg, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [mipg, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            anonymous = browser.new_context(locale="es-CO", base_url=base, viewport=DESKTOP)
            signed_in = browser.new_context(locale="es-CO", base_url=base, viewport=DESKTOP)
            page = signed_in.new_page()
            page.goto("/cuenta/ingresar/")
            page.get_by_label("Usuario").fill("admin")
            page.get_by_label("Contraseña").fill(PASSWORD)
            page.get_by_role("button", name="Ingresar").click()
            page.wait_for_url(f"{base}/")
            for name, path, _what in PAGES + PHONE_PAGES:
                context = anonymous if path.startswith("/cuenta/ingresar") else signed_in
                shot = context.new_page()
                shot.set_viewport_size(PHONE if (name, path, _what) in PHONE_PAGES else DESKTOP)
                shot.goto(path, wait_until="networkidle")
                shot.wait_for_timeout(600)  # chart animations
                target = args.out / f"{name}.png"
                shot.screenshot(path=str(target))
                optimise(target)
                shot.close()
                print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  {_what}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
