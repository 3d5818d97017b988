"""The README's test command is what CI runs, and `make test` runs the full bar."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert "make run" in readme
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert "make test" in [line.strip() for line in ci]


def test_make_test_is_lint_typecheck_and_pytest() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for step in ("ruff check", "ruff format --check", "mypy", "pytest"):
        assert step in makefile
