"""installer/build-linux --uos: the plain .deb (Kylin/Debian) and the UOS app-store .deb, read back with
dpkg-deb -c / -I / --fsys-tarfile. A small stand-in bundle (a real ELF executable) keeps it fast."""

from __future__ import annotations

import configparser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "installer" / "build-linux"
APPID = "localhost.townshipdesk.desk"
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or shutil.which("dpkg-deb") is None
    or shutil.which("readelf") is None,
    reason="needs Linux, dpkg-deb and binutils",
)


@pytest.fixture(scope="module")
def debs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    bundle = out / "township-desk"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy("/bin/true", bundle / "township-desk")
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    env = dict(os.environ, TD_DIST=str(out), TD_WORK=str(out / "work"), PYTHON=sys.executable)
    env.pop("UOS_APPID", None)
    env.pop("UOS_BUILD", None)
    result = subprocess.run(
        [str(BUILD), "--skip-bundle", "--uos"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    plain = out / f"township-desk_0.1.0_{arch}.deb"
    uos = out / f"{APPID}_0.1.0.0_{arch}.deb"
    assert plain.is_file() and uos.is_file(), sorted(p.name for p in out.iterdir())
    return {"plain": plain, "uos": uos, "arch": Path(arch)}


def _members(deb: Path) -> dict[str, tarfile.TarInfo]:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {
            m.name.removeprefix("./").rstrip("/"): m for m in tar.getmembers() if m.name not in (".", "./")
        }


def _read(deb: Path, name: str) -> str:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        f = tar.extractfile("./" + name)
        assert f is not None, name
        return f.read().decode("utf-8")


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def _desktop(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser["Desktop Entry"]


def test_uos_package_lives_under_opt_apps_with_store_layout(debs: dict[str, Path]) -> None:
    deb, app = debs["uos"], f"opt/apps/{APPID}"
    files = {n for n, m in _members(deb).items() if not m.isdir()}
    assert files, "empty package"
    outside = sorted(n for n in files if not n.startswith(app + "/"))
    assert outside == [], f"files outside /opt/apps/<appid>: {outside}"
    for needed in (
        "info",
        f"entries/applications/{APPID}.desktop",
        f"entries/icons/hicolor/256x256/apps/{APPID}.png",
        f"entries/icons/hicolor/scalable/apps/{APPID}.svg",
        f"files/bin/{APPID}",
        "files/township-desk/township-desk",
    ):
        assert f"{app}/{needed}" in files, needed
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    launcher = next(line for line in listing.splitlines() if line.endswith(f"files/bin/{APPID}"))
    assert launcher.startswith("-rwxr-xr-x root/root"), launcher

    entry = _desktop(_read(deb, f"{app}/entries/applications/{APPID}.desktop"))
    assert entry["Exec"] == f"/opt/apps/{APPID}/files/bin/{APPID}"  # points into its own files/
    assert entry["Icon"] == APPID and entry["Name[zh_CN]"] == "乡镇社会治理工作台"
    assert entry["Type"] == "Application" and entry["Categories"].endswith(";")
    wrapper = _read(deb, f"{app}/files/bin/{APPID}")
    assert f'exec /opt/apps/{APPID}/files/township-desk/township-desk "$@"' in wrapper
    assert "QT_IM_MODULE=ibus IBUS_USE_PORTAL=1" in wrapper  # fcitx 5 through its IBus portal


def test_uos_metadata_is_consistent_and_has_no_maintainer_scripts(debs: dict[str, Path]) -> None:
    deb = debs["uos"]
    info = json.loads(_read(deb, f"opt/apps/{APPID}/info"))
    assert info["appid"] == APPID == _field(deb, "Package")
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", info["version"]) and info["version"] == _field(deb, "Version")
    assert deb.name == f"{APPID}_{info['version']}_{debs['arch']}.deb"
    assert info["arch"] == [_field(deb, "Architecture")]
    assert set(info["permissions"]) >= {"autostart", "notification", "trayicon", "clipboard", "account"}
    assert info["permissions"]["autostart"] is False
    for required in (
        "Package",
        "Version",
        "Section",
        "Priority",
        "Architecture",
        "Maintainer",
        "Description",
    ):
        assert _field(deb, required), required
    assert "libc6 (>= " in _field(deb, "Depends")  # the store treats an empty Depends as an error
    control = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    assert not re.search(r"\b(preinst|postinst|prerm|postrm)\b", control), control


def test_plain_deb_keeps_the_kylin_layout(debs: dict[str, Path]) -> None:
    deb = debs["plain"]
    files = {n for n, m in _members(deb).items() if not m.isdir()}
    assert {
        "opt/township-desk/township-desk",
        "usr/bin/township-desk",
        "usr/share/applications/township-desk.desktop",
        "usr/share/icons/hicolor/256x256/apps/township-desk.png",
    } <= files
    assert not any(n.startswith("opt/apps") for n in files)
    assert _field(deb, "Package") == "township-desk" and _field(deb, "Version") == "0.1.0"
    entry = _desktop(_read(deb, "usr/share/applications/township-desk.desktop"))
    assert entry["Exec"] == "township-desk" and entry["Icon"] == "township-desk"
    assert 'exec /opt/township-desk/township-desk "$@"' in _read(deb, "usr/bin/township-desk")
    control = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "postinst" in control and "postrm" in control


def test_bad_appid_is_refused(tmp_path: Path, debs: dict[str, Path]) -> None:
    out = debs["uos"].parent
    env = dict(
        os.environ,
        TD_DIST=str(out),
        TD_WORK=str(tmp_path / "work"),
        PYTHON=sys.executable,
        UOS_APPID="Township Desk",
    )
    result = subprocess.run(
        [str(BUILD), "--skip-bundle", "--uos"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 2 and "UOS_APPID" in result.stderr
