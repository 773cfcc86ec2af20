"""The apps form layers and imports point down only; `make lint` enforces it with
import-linter. This proves the contract catches an upward import."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGES = [
    "leedsquality",
    "core",
    "champions",
    "projects",
    "events",
    "digests",
    "dashboard",
    "demo",
]


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=tree,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def tree(tmp_path):
    for package in PACKAGES:
        shutil.copytree(BASE_DIR / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(BASE_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_its_layers(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("importer", "statement"),
    [
        ("champions/apps.py", "import projects.apps"),
        ("projects/apps.py", "from events import apps"),
        ("core/apps.py", "import champions.apps"),
        ("events/apps.py", "import dashboard.apps"),
        ("dashboard/apps.py", "import digests.apps"),
        ("champions/apps.py", "from leedsquality import urls"),
        ("projects/apps.py", "import demo.apps"),
        ("dashboard/apps.py", "import demo.apps"),
        ("demo/apps.py", "import leedsquality.apps"),
    ],
)
def test_an_upward_import_fails_the_lint(tree, importer, statement):
    path = tree / importer
    path.write_text(path.read_text() + f"\n{statement}  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
