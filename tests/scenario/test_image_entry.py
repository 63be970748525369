"""The container image's entry command, run the way the image runs it (no docker daemon here): the Dockerfile's ENV,
WORKDIR, USER (its uid, when the tests run as root), CMD and HEALTHCHECK, read from the Dockerfile itself; the
project installed without dependencies into its own read-only environment, as the Dockerfile's last `pip install`
does; the database in the /data volume. The bot must start, pass its health check and stop cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fakes import FakeGitHub, FakeSlack
from tests.scenario.processes import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Image:
    env: dict[str, str]
    workdir: str
    uid: int | None
    cmd: list[str]
    healthcheck: list[str]
    volume: str


def read_dockerfile(path: Path = ROOT / "Dockerfile") -> Image:
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in re.findall(r"^ENV (.+)$", text, re.M):
        env.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    user = re.search(r"^USER (\S+)$", text, re.M)
    uid = re.search(rf"useradd .*--uid (\d+) {user.group(1)}\b", text) if user else None
    return Image(
        env=env,
        workdir=re.findall(r"^WORKDIR (\S+)$", text, re.M)[-1],
        uid=int(uid.group(1)) if uid else None,
        cmd=json.loads(re.search(r"^CMD (\[.+\])$", text, re.M).group(1)),  # type: ignore[union-attr]
        healthcheck=json.loads(re.search(r"^HEALTHCHECK .*CMD (\[.+\])$", text, re.M).group(1)),  # type: ignore
        volume=json.loads(re.search(r"^VOLUME (\[.+\])$", text, re.M).group(1))[0],  # type: ignore[union-attr]
    )


def read_only(path: Path) -> None:
    for item in [path, *path.rglob("*")]:
        if not item.is_symlink():
            item.chmod(item.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture
def root_dir() -> Iterator[Path]:
    """A directory the image's user can reach (pytest's tmp_path is private to the test user)."""
    path = Path(tempfile.mkdtemp(prefix="rfh-image-"))
    path.chmod(0o755)
    yield path
    for item in [path, *path.rglob("*")]:
        if not item.is_symlink():
            item.chmod(item.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(path, ignore_errors=True)


def reachable_by_anyone(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


def image_python() -> str:
    """This interpreter, or the same Python version at a path the image's user can run (the image's python lives
    in /usr/local/bin; a pyenv build under /root is out of its reach)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (Path(sys.executable).resolve(), Path("/usr/local/bin") / version, Path("/usr/bin") / version):
        if candidate.exists() and (os.geteuid() != 0 or reachable_by_anyone(candidate)):
            return str(candidate)
    pytest.fail(f"no {version} that the image's user can run")


def install_like_the_image(root: Path) -> Path:
    """A fresh environment whose dependencies are this one's (a .pth file, as the image's dependency layer) and
    into which the project is installed without dependencies, as the Dockerfile does; then made read-only."""
    venv = root / "venv"
    subprocess.run([image_python(), "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True, timeout=60).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    source = root / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "tests", "bench", "*.db",
                                                                  "__pycache__", "*.egg-info", "build"))
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)], check=True,
                   capture_output=True, timeout=300, cwd=root)
    shutil.rmtree(source)
    read_only(venv)
    return venv


def test_the_image_entry_command_serves_passes_its_healthcheck_and_stops(root_dir: Path) -> None:
    image = read_dockerfile()
    assert image.cmd[:2] == ["rfh", "serve"] and image.uid is not None
    venv = install_like_the_image(root_dir)
    workdir, data, home = root_dir / image.workdir.strip("/"), root_dir / image.volume.strip("/"), root_dir / "home"
    for folder in (workdir, data, home):
        folder.mkdir(parents=True)
    read_only(workdir)  # the image's /app belongs to root
    as_root = os.geteuid() == 0
    if as_root:  # the image's user: its uid owns /data and its home, nothing else
        os.chown(data, image.uid, image.uid)
        os.chown(home, image.uid, image.uid)
    port = str(free_port())
    with FakeSlack() as slack, FakeGitHub() as github:
        github.add_repo("sourcegraph/customer", private=True)
        env = {**image.env, "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
               "DATABASE_URL": image.env["DATABASE_URL"].replace(image.volume, str(data)), "RFH_PORT": port,
               "SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": "secret", "SLACK_API_URL": slack.url,
               "GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.url}
        user = {"user": image.uid, "group": image.uid, "extra_groups": []} if as_root else {}
        where = subprocess.run(["python", "-c", "import bot; print(bot.__file__)"], env=env, cwd=workdir,
                               capture_output=True, text=True, timeout=60, **user)  # type: ignore[call-overload]
        assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
        log = root_dir / "rfh.log"
        with log.open("w") as out:
            proc = subprocess.Popen(image.cmd, env=env, cwd=workdir, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True, **user)  # type: ignore[call-overload]
        try:
            deadline = time.monotonic() + 60
            while True:
                check = subprocess.run(image.healthcheck, env=env, cwd=workdir, capture_output=True, text=True,
                                       timeout=30, **user)  # type: ignore[call-overload]
                if check.returncode == 0:
                    break
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, check.stderr + log.read_text()
                time.sleep(0.2)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=15) == 0, log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    output = log.read_text()
    assert "Traceback" not in output and "shutting down" in output, output
    assert (data / "rfh.db").exists(), "the database lives in the volume"
    if as_root:
        assert (data / "rfh.db").stat().st_uid == image.uid
    assert [p.name for p in workdir.iterdir()] == [], "nothing is written in the working directory"
