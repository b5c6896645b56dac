"""The desktop integration files pass the freedesktop validators, and name the right things."""

from __future__ import annotations

import configparser
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import core
from tests.packaging.helpers import APP_ID, ROOT, need, run

PACKAGING = ROOT / "packaging"


def test_desktop_file_validates() -> None:
    r = run(need("desktop-file-validate"), PACKAGING / f"{APP_ID}.desktop", cwd=ROOT)
    assert (r.returncode, r.stdout + r.stderr) == (0, "")


def test_metainfo_validates() -> None:
    r = run(
        need("appstreamcli"), "validate", "--no-net", PACKAGING / f"{APP_ID}.metainfo.xml", cwd=ROOT
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_desktop_file_opens_key_stores_and_destination_files() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(PACKAGING / f"{APP_ID}.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "destination-editor %f" and desktop["Icon"] == APP_ID
    types = set(desktop["MimeType"].strip(";").split(";"))
    # .jks, .jceks, .p12/.pfx as shared-mime-info names them, and .properties as we name it
    assert {
        "application/x-java-keystore",
        "application/x-java-jce-keystore",
        "application/pkcs12",
        "text/x-java-properties",
    } <= types
    mime = ET.parse(PACKAGING / f"{APP_ID}.mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    declared = mime.find("m:mime-type", ns)
    assert declared is not None and declared.get("type") == "text/x-java-properties"
    assert declared.find("m:glob", ns).get("pattern") == "*.properties"  # type: ignore[union-attr]


def test_metainfo_names_this_version_and_the_desktop_file() -> None:
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == core.__version__, (
        "add a <release> for the version in pyproject.toml"
    )
    assert root.findall("screenshots/screenshot/image")


def test_icons_are_rendered_at_every_size_from_the_master(tmp_path: Path) -> None:
    from PySide6.QtGui import QImageReader

    r = run(
        sys.executable,
        PACKAGING / "make_icons.py",
        tmp_path,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == 0, r.stderr
    for n in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        reader = QImageReader(str(tmp_path / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"))
        assert reader.size().width() == n and reader.size().height() == n
    assert (tmp_path / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for container, sizes in (
        ("ico", [16, 24, 32, 48, 64, 128, 256]),
        ("icns", [16, 32, 64, 128, 256, 512]),
    ):
        reader = QImageReader(str(tmp_path / f"destination-editor.{container}"))
        got = []
        for i in range(reader.imageCount()):
            reader.jumpToImage(i)
            got.append(reader.read().width())
        assert got == sizes, container


def test_install_desktop_places_the_files_under_the_given_share(tmp_path: Path) -> None:
    r = run("make", "--no-print-directory", "install-desktop", f"DESKTOP={tmp_path}", cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "applications" / f"{APP_ID}.desktop").is_file()
    assert (tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (tmp_path / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (tmp_path / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
