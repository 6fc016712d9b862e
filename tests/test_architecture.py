"""The layers of docs/architecture.md, checked on the source: imports flow one way, one clock."""

import ast
import sys
from pathlib import Path

import pytest

import bot

PACKAGE_DIR = Path(bot.__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
LAYERS = ("domain", "storage", "services", "handlers", "views")
DATABASE_LIBRARIES = ("sqlmodel", "sqlalchemy", "alembic")
# (module that is called, attribute) pairs that read the wall clock.
CLOCK_READS = frozenset(
    {
        ("datetime", "now"),
        ("datetime", "utcnow"),
        ("datetime", "today"),
        ("date", "today"),
        ("time", "time"),
    }
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, *, module: str, is_package: bool = False) -> set[str]:
    """Every module an import statement in ``source`` names, relative imports resolved."""
    imported: set[str] = set()
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            imported.add(prefix)
            # `from bot import storage` imports the module bot.storage.
            imported.update(f"{prefix}.{alias.name}" for alias in node.names)
    return imported


def clock_reads(source: str) -> list[str]:
    """Calls such as ``datetime.now(...)`` or ``time.time()``, as ``name.attr`` at line N."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        owner_name = (
            owner.id
            if isinstance(owner, ast.Name)
            else owner.attr
            if isinstance(owner, ast.Attribute)
            else None
        )
        if (owner_name, node.func.attr) in CLOCK_READS:
            found.append(f"{owner_name}.{node.func.attr}() at line {node.lineno}")
    return found


def layer_files(layer: str) -> list[Path]:
    files = sorted((PACKAGE_DIR / layer).rglob("*.py"))
    assert files, f"no source files under bot/{layer}"
    return files


def imports_of(path: Path) -> set[str]:
    return imported_modules(
        path.read_text(encoding="utf-8"),
        module=module_name(path),
        is_package=path.name == "__init__.py",
    )


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in layer_files(layer)
        for module in sorted(imports_of(path))
        if any(is_within(module, package) for package in forbidden)
    ]


def test_import_collector_resolves_relative_and_from_imports() -> None:
    source = (
        "import os.path\n"
        "from sqlalchemy import select\n"
        "from . import users\n"
        "from ..domain.profiles import UserProfile\n"
        "from bot import handlers\n"
        "def f() -> None:\n"
        "    import telegram\n"
    )

    assert imported_modules(source, module="bot.storage.reminders") == {
        "os.path",
        "sqlalchemy",
        "sqlalchemy.select",
        "bot.storage",
        "bot.storage.users",
        "bot.domain.profiles",
        "bot.domain.profiles.UserProfile",
        "bot",
        "bot.handlers",
        "telegram",
    }


def test_import_collector_resolves_relative_imports_in_a_package_init() -> None:
    assert imported_modules("from .users import x\n", module="bot.storage", is_package=True) == {
        "bot.storage.users",
        "bot.storage.users.x",
    }


def test_clock_read_finder() -> None:
    source = (
        "import datetime as dt, time\n"
        "a = datetime.now(UTC)\n"
        "b = dt.datetime.utcnow()\n"
        "c = time.time()\n"
        "d = clock.now()\n"
        "e = time.monotonic()\n"
        "f = date.today()\n"
    )

    assert clock_reads(source) == [
        "datetime.now() at line 2",
        "datetime.utcnow() at line 3",
        "time.time() at line 4",
        "date.today() at line 7",
    ]


def test_the_clock_module_is_found_reading_the_clock() -> None:
    assert clock_reads((PACKAGE_DIR / "clock.py").read_text(encoding="utf-8")) != []


def test_domain_imports_only_the_standard_library_and_itself() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in layer_files("domain")
        for module in sorted(imports_of(path))
        if not is_within(module, "bot.domain")
        and module.split(".")[0] not in sys.stdlib_module_names
    ]

    assert found == []


def test_storage_does_not_import_upper_layers_or_telegram() -> None:
    assert violations("storage", ("telegram", "bot.services", "bot.handlers", "bot.views")) == []


def test_services_do_not_import_telegram_handlers_or_the_database_libraries() -> None:
    assert violations("services", ("telegram", "bot.handlers", *DATABASE_LIBRARIES)) == []


def test_handlers_do_not_touch_the_database_directly() -> None:
    assert violations("handlers", (*DATABASE_LIBRARIES, "bot.storage")) == []


def test_views_do_not_import_services_storage_or_handlers() -> None:
    assert (
        violations("views", ("bot.services", "bot.storage", "bot.handlers", *DATABASE_LIBRARIES))
        == []
    )


def outside_storage_importing(*packages: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if not is_within(module_name(path), "bot.storage")
        for module in sorted(imports_of(path))
        if any(is_within(module, package) for package in packages)
    ]


def test_only_storage_imports_sqlmodel_and_alembic() -> None:
    assert outside_storage_importing("sqlmodel", "alembic") == []


def test_only_storage_imports_sqlalchemy() -> None:
    assert outside_storage_importing("sqlalchemy") == []


@pytest.mark.parametrize("layer", LAYERS)
def test_only_the_clock_module_reads_the_wall_clock(layer: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}: {call}"
        for path in layer_files(layer)
        for call in clock_reads(path.read_text(encoding="utf-8"))
    ]

    assert found == []
