"""Every environment variable the code reads is documented in .env.example and README.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r"""env_(?:str|bool|int|list|choice|required)\(\s*["']([A-Z0-9_]+)["']""")
ENVIRON = re.compile(
    r"""os\.environ(?:\.get|\.setdefault)?\(?\[?\s*["']((?:MOTCUA|DJANGO|DATABASE)[A-Z0-9_]*)["']"""
)


def variables_read_by_code() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("motcua/**/*.py"), ROOT / "conftest.py"]:
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        names.update(READ.findall(text))
        names.update(ENVIRON.findall(text))
    names.discard("DJANGO_SETTINGS_MODULE")
    names.discard("DJANGO_ALLOW_ASYNC_UNSAFE")
    return names


def test_the_code_reads_some_variables():
    assert {"DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY"} <= variables_read_by_code()


def test_every_variable_read_is_in_env_example():
    documented = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert variables_read_by_code() - documented == set()


def test_every_variable_read_is_in_the_readme_configuration_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name for name in variables_read_by_code() if f"`{name}`" not in readme}
    assert missing == set()
