"""Open reports/evaluation.html in headless Chromium and check what a reader would see.

Chromium renders the page (scripts and styles applied) and prints the resulting DOM;
the check asserts the score tables and the displaCy relation arcs are there, and
saves a screenshot beside the report. Needs Debian's `chromium` package.
"""
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import typer

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise typer.BadParameter("no Chromium found: apt-get install chromium")


def render(html: Path) -> str:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", html.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return result.stdout


def main(html: Path = typer.Argument(Path("reports/evaluation.html")), screenshot: Path = typer.Option(Path("reports/evaluation.png"))) -> None:
    dom = render(html)
    tables = len(re.findall(r"<table", dom))
    arcs = len(re.findall(r'class="displacy-arc"', dom))
    entities = len(re.findall(r'class="entity"', dom))
    typer.echo(f"rendered: {tables} tables, {arcs} relation arcs, {entities} highlighted entities")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={screenshot.resolve()}", "--window-size=1280,2400", html.resolve().as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    if not tables or not arcs or not entities:
        typer.echo("the report is missing tables, arcs or entities", err=True)
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
