"""docker-compose.yml, the nginx site and the Dockerfile agree with what the app reads.

There is no Docker in CI; these checks catch what a typo would break only on deployment
day: a setting the app does not know (silently ignored), a template variable nginx leaves
unfilled, a static folder that moved, a health check missing.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from queue_server.config import Settings
from tests.scaled.topology import TEMPLATE, render
from tests.servers import ROOT

COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
SETTINGS = {f"QMS_{name.upper()}" for name in Settings.model_fields}
README = (ROOT / "README.md").read_text()


def env_of(service: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in SERVICES[service]["environment"].items()}


def test_the_topology_is_postgres_redis_the_app_and_nginx_with_health_checks() -> None:
    assert set(SERVICES) == {"postgres", "redis", "app", "nginx"}
    for name, service in SERVICES.items():
        assert "healthcheck" in service, f"{name} has no health check"
    depends = SERVICES["app"]["depends_on"]
    assert depends == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert SERVICES["nginx"]["depends_on"] == {"app": {"condition": "service_healthy"}}
    # Only nginx is published; the app is reached through it.
    assert "ports" not in SERVICES["app"] and "ports" in SERVICES["nginx"]
    # Data survives a container's restart.
    assert set(COMPOSE["volumes"]) == {"pgdata", "redisdata"}
    assert "--appendonly" in SERVICES["redis"]["command"]


def test_every_setting_the_app_is_given_is_one_it_reads() -> None:
    given = set(env_of("app"))
    unknown = given - SETTINGS
    assert not unknown, f"docker-compose sets what the app ignores: {sorted(unknown)}"
    needed = {"QMS_DATABASE_URL", "QMS_REDIS_URL", "QMS_SECRET_KEY", "QMS_WORKERS",
              "QMS_HOST", "QMS_FORWARDED_ALLOW_IPS"}  # fmt: skip
    assert needed <= given
    env = env_of("app")
    assert env["QMS_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert env["QMS_REDIS_URL"].startswith("redis://redis:")
    assert "?" in env["QMS_SECRET_KEY"], "the secret must be required (${VAR:?message})"


def test_the_values_docker_compose_passes_are_valid_settings() -> None:
    """Fill ${VAR:-default} with its default (and required ones with a sample): the app's
    own settings class accepts what comes out."""

    def fill(value: str) -> str:
        value = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)
        return re.sub(r"\$\{\w+(:\?[^}]*)?\}", "sample-secret-value", value)

    values = {
        name.removeprefix("QMS_").lower(): fill(v)
        for name, v in env_of("app").items()
        if fill(v) != ""
    }
    settings = Settings(**values)  # type: ignore[arg-type]
    assert settings.workers > 1 and settings.redis_url is not None


def test_every_setting_and_compose_variable_is_documented() -> None:
    undocumented = {name for name in SETTINGS if f"`{name}`" not in README}
    assert not undocumented, f"settings missing from the README's table: {sorted(undocumented)}"
    text = (ROOT / "docker-compose.yml").read_text()
    outer = set(re.findall(r"\$\{(\w+)", text)) - SETTINGS
    assert not {name for name in outer if name not in README}, outer


def test_nginx_gets_every_variable_its_site_file_uses() -> None:
    placeholders = set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text()))
    assert placeholders == set(env_of("nginx"))
    rendered = render(TEMPLATE.read_text(), env_of("nginx"))
    assert "${" not in rendered
    assert "server app:8000;" in rendered


def test_nginx_serves_the_static_folders_that_exist() -> None:
    mounts = {m.split(":")[0]: m.split(":")[1] for m in SERVICES["nginx"]["volumes"]}
    assert mounts.pop("./deploy/nginx/qms.conf.template").startswith("/etc/nginx/templates/")
    for source, target in mounts.items():
        assert (ROOT / source / "static").is_dir(), source
        assert target == f"/srv/qms/{source.removeprefix('./')}"
    template = TEMPLATE.read_text()
    for app in re.findall(r"\^/\(([\w|]+)\)/static", template)[0].split("|"):
        assert (ROOT / app / "static" / app).is_dir(), app
    assert (ROOT / "visitor" / "static" / "visitor").is_dir()


def test_the_image_holds_every_package_the_project_installs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = project["tool"]["setuptools"]["packages"]["find"]["include"]
    copied = re.findall(r"^COPY (\w+) ", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    wanted = {p.removesuffix("*").rstrip(".") for p in packages}
    assert wanted <= set(copied), wanted - set(copied)
