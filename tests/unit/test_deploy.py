"""deploy/ stays consistent with what runs: `make cluster` (scripts/operate/cluster.py) and the
code. Nothing in deploy/ can be built or run here (no registry, no internet), so these checks
read the files: the variables of endpoints.production.yml and Cluster.environment() (parsed
with ast: constructing a Cluster allocates ports and files), the commands, the health paths,
HAProxy's settings and the 503 reply. No network; about a second."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.channels.rest import UNAVAILABLE
from scripts.operate.cluster import error_page
from scripts.operate.services import haproxy_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ENDPOINTS = ROOT / "endpoints.production.yml"
CLUSTER = ROOT / "scripts" / "operate" / "cluster.py"

SECRETS = {"DB_PASSWORD", "REDIS_PASSWORD", "RASA_API_TOKEN", "WEGWIJZER_STATE_SECRET"}
SECRET_NAME = "wegwijzer-secrets"
# The rasa chart sets these itself (applicationSettings.telemetry.enabled; a fixed "2"): listing
# them in extraEnv as well would give the container duplicate variables.
CHART_SETS = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
INTERNAL_PATHS = ["/metrics", "/health/ready", "/health/live", "/conversations/x/tracker"]
INTERNAL_PATHS += ["/model", "/model/parse", "/status", "/Metrics", "//status"]
PUBLIC_PATHS = ["/chat", "/chat/webhook", "/chat/static/webchat.js", "/webhooks/rest/webhook"]
PUBLIC_PATHS += ["/webhooks/teams/webhook", "/chat/auth/login", "/chat/auth/callback"]
PUBLIC_PATHS += ["/chat/auth/logout", "/chat/auth/signed-out"]


# --- what runs ---------------------------------------------------------------------------------


def endpoint_variables() -> set[str]:
    """Every ${VAR} that Rasa fills in from the environment in endpoints.production.yml."""
    text = ENDPOINTS.read_text(encoding="utf-8")
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    return set(re.findall(r"\$\{(\w+)\}", "\n".join(lines)))


def _cluster_method(name: str) -> ast.FunctionDef:
    tree = ast.parse(CLUSTER.read_text(encoding="utf-8"))
    cluster = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Cluster")
    return next(n for n in cluster.body if isinstance(n, ast.FunctionDef) and n.name == name)


def cluster_environment() -> dict[str, str | None]:
    """The keys of Cluster.environment(), with the value where it is a constant."""
    method = _cluster_method("environment")
    returned = next(n for n in ast.walk(method) if isinstance(n, ast.Return))
    assert isinstance(returned.value, ast.Dict)
    result: dict[str, str | None] = {}
    for key, value in zip(returned.value.keys, returned.value.values, strict=True):
        assert isinstance(key, ast.Constant) and isinstance(key.value, str)
        constant = isinstance(value, ast.Constant) and isinstance(value.value, str)
        result[key.value] = value.value if isinstance(value, ast.Constant) and constant else None
    return result


def fixed_settings() -> dict[str, str]:
    """Cluster.environment()'s constant settings that are not connection settings."""
    return {
        key: value
        for key, value in cluster_environment().items()
        if value is not None and not key.startswith(("DB_", "REDIS_"))
    }


def cluster_rasa_words() -> list[str]:
    """Cluster.rasa_command()'s literal words: the subcommand and the options."""
    method = _cluster_method("rasa_command")
    returned = next(n for n in ast.walk(method) if isinstance(n, ast.Return))
    assert isinstance(returned.value, ast.List)
    return [
        e.value
        for e in returned.value.elts
        if isinstance(e, ast.Constant) and isinstance(e.value, str)
    ]


def cluster_rasa_options() -> list[str]:
    return [word for word in cluster_rasa_words() if word.startswith("--")]


def served_paths(module: str, pattern: str) -> set[str]:
    """Route paths registered in a module's source (decorators or add_route calls)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    return set(re.findall(pattern, Path(spec.origin).read_text(encoding="utf-8")))


# --- deploy/ -----------------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(DEPLOY / "compose.yaml")


@pytest.fixture(scope="module")
def rasa_values() -> dict[str, Any]:
    return load_yaml(DEPLOY / "helm" / "values-rasa.yaml")


@pytest.fixture(scope="module")
def actions_values() -> dict[str, Any]:
    return load_yaml(DEPLOY / "helm" / "values-rasa-action-server.yaml")


def service_env(compose: dict[str, Any], service: str) -> dict[str, str]:
    environment = compose["services"][service]["environment"]
    assert isinstance(environment, dict), f"{service}: environment as a mapping"
    return {key: str(value) for key, value in environment.items()}


def extra_env(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    names = [entry["name"] for entry in values["extraEnv"]]
    assert len(names) == len(set(names)), "a variable listed twice in extraEnv"
    return {entry["name"]: entry for entry in values["extraEnv"]}


def interpolated(text: str) -> set[str]:
    """Variables compose fills in from .env: ${VAR}, ${VAR:-default}, ${VAR:?message}
    (outside comments: compose interpolates values only)."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return set(re.findall(r"(?<!\$)\$\{(\w+)(?::?[-?][^}]*)?\}", "\n".join(lines)))


def default_of(value: str) -> str:
    """A compose value with ${VAR:-default} replaced by its default."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def env_example() -> tuple[dict[str, str], str]:
    """deploy/.env.example: its assignments, and all its text (comments name fixed ones)."""
    text = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assigned = dict(
        line.split("=", 1)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    return assigned, text


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of deploy/Dockerfile, continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def haproxy_lines() -> list[str]:
    text = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines()]


def haproxy_section(name: str) -> list[str]:
    lines, inside = [], False
    for line in (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            inside = line.split("#", 1)[0].strip() == name
        elif inside and line.split("#", 1)[0].strip():
            lines.append(line.split("#", 1)[0].strip())
    return lines


def options(words: list[str]) -> list[str]:
    return [word for word in words if word.startswith("--")]


# --- (a) the variables of endpoints.production.yml ---------------------------------------------


def test_the_endpoint_variables_are_known() -> None:
    variables = endpoint_variables()
    assert {"ACTION_SERVER_URL", "DB_HOST", "DB_PASSWORD", "REDIS_HOST", "REDIS_DB"} <= variables


def test_every_endpoint_variable_is_set_by_the_cluster() -> None:
    assert endpoint_variables() <= set(cluster_environment())


def test_every_endpoint_variable_is_set_for_rasa_in_compose(compose: dict[str, Any]) -> None:
    env = service_env(compose, "rasa")
    missing = endpoint_variables() - {key for key, value in env.items() if value}
    assert not missing


def test_every_endpoint_variable_is_set_for_rasa_in_helm(rasa_values: dict[str, Any]) -> None:
    assert endpoint_variables() <= set(extra_env(rasa_values))


def test_rasa_gets_everything_the_cluster_sets(
    compose: dict[str, Any], rasa_values: dict[str, Any]
) -> None:
    cluster = set(cluster_environment())
    assert cluster <= set(service_env(compose, "rasa"))
    assert cluster <= set(extra_env(rasa_values)) | set(CHART_SETS)
    assert not set(extra_env(rasa_values)) & set(CHART_SETS)
    assert rasa_values["applicationSettings"]["telemetry"]["enabled"] is False


def test_the_fixed_settings_have_the_clusters_values(
    compose: dict[str, Any], rasa_values: dict[str, Any], actions_values: dict[str, Any]
) -> None:
    fixed = fixed_settings()
    assert fixed["TICKET_LOCK_LIFETIME"] == "15"
    for service in ("rasa", "actions"):
        env = service_env(compose, service)
        for key, value in fixed.items():
            if key != "WEGWIJZER_ENDPOINTS":
                assert default_of(env[key]) == value, (service, key)
    for values in (rasa_values, actions_values):
        chart = extra_env(values)
        for key, value in fixed.items():
            if key in chart and key != "WEGWIJZER_ENDPOINTS":
                assert chart[key]["value"] == value, key
    image = dict(
        re.findall(r"(\w+)=(\S+)", " ".join(a for i, a in dockerfile_instructions() if i == "ENV"))
    )
    for key, value in fixed.items():
        if key != "WEGWIJZER_ENDPOINTS":
            assert image[key] == value, key
    assert image["WEGWIJZER_ENDPOINTS"] == "/app/endpoints.production.yml"


# --- (b) the action server ---------------------------------------------------------------------


def test_the_action_server_reads_the_same_endpoints_and_secret(
    compose: dict[str, Any], actions_values: dict[str, Any], rasa_values: dict[str, Any]
) -> None:
    # The action server parses all of endpoints.production.yml (bot/storage.py, with Rasa's
    # reader), and Rasa's reader stops on any ${VAR} that is not set: it needs them all.
    needed = {"WEGWIJZER_ENDPOINTS", "WEGWIJZER_STATE_SECRET"} | endpoint_variables()
    assert {v for v in endpoint_variables() if v.startswith("DB_")} <= needed
    compose_env = service_env(compose, "actions")
    helm_env = extra_env(actions_values)
    assert needed <= set(compose_env)
    assert needed <= set(helm_env)
    endpoints = "/app/endpoints.production.yml"
    for compose_service in (compose_env, service_env(compose, "rasa")):
        assert compose_service["WEGWIJZER_ENDPOINTS"] == endpoints
    for chart in (helm_env, extra_env(rasa_values)):
        assert chart["WEGWIJZER_ENDPOINTS"]["value"] == endpoints
    assert compose_env["SANIC_HOST"] == "0.0.0.0"
    assert helm_env["SANIC_HOST"]["value"] == "0.0.0.0"
    assert "RASA_API_TOKEN" not in compose_env and "RASA_API_TOKEN" not in helm_env


def test_maintenance_uses_the_same_database(compose: dict[str, Any]) -> None:
    for service in ("purge", "insights"):
        env = service_env(compose, service)
        assert env["WEGWIJZER_ENDPOINTS"] == "/app/endpoints.production.yml"
        assert endpoint_variables() <= set(env)
    assert "WEGWIJZER_RETENTION_DAYS" in service_env(compose, "purge")
    # Both scripts find the database through WEGWIJZER_ENDPOINTS (bot/storage.py).
    for script in ("purge.py", "insights.py"):
        source = (ROOT / "scripts" / "operate" / script).read_text(encoding="utf-8")
        assert '"--endpoints", type=Path, default=storage.endpoints_path()' in source, script


def test_secrets_come_from_the_kubernetes_secret(
    rasa_values: dict[str, Any], actions_values: dict[str, Any]
) -> None:
    for values in (rasa_values, actions_values):
        for name, entry in extra_env(values).items():
            if name in SECRETS or name.startswith("TEAMS_APP"):
                assert "value" not in entry, name
                assert entry["valueFrom"]["secretKeyRef"]["name"] == SECRET_NAME, name
    rasa = extra_env(rasa_values)
    assert set(rasa) >= SECRETS
    assert all("optional" not in rasa[name]["valueFrom"]["secretKeyRef"] for name in SECRETS)


def test_rasa_reaches_the_action_servers(
    compose: dict[str, Any], rasa_values: dict[str, Any], actions_values: dict[str, Any]
) -> None:
    assert service_env(compose, "rasa")["ACTION_SERVER_URL"] == "http://actions:5055/webhook"
    name, port = actions_values["fullnameOverride"], actions_values["service"]["port"]
    expected = f"http://{name}:{port}/webhook"
    assert extra_env(rasa_values)["ACTION_SERVER_URL"]["value"] == expected
    assert actions_values["applicationSettings"]["port"] == 5055


def test_postgres_and_redis_are_the_organisations_in_helm(rasa_values: dict[str, Any]) -> None:
    for subchart in ("postgresql", "redis", "rabbitmq", "rasa-action-server", "duckling"):
        assert rasa_values[subchart]["install"] is False, subchart
    endpoints = rasa_values["applicationSettings"]["endpoints"]
    assert not any(endpoints[key]["enabled"] for key in endpoints)
    assert rasa_values["applicationSettings"]["initialModel"] == ""


# --- commands ----------------------------------------------------------------------------------


def test_rasa_starts_as_the_cluster_starts_it(
    compose: dict[str, Any], rasa_values: dict[str, Any]
) -> None:
    expected = cluster_rasa_options()
    assert "--auth-token" in expected and "--enable-api" in expected
    compose_command = compose["services"]["rasa"]["command"]
    helm_command = rasa_values["command"] + rasa_values["args"]
    cmd = next(a for i, a in dockerfile_instructions() if i == "CMD")
    docker_command = shlex.split(json.loads(cmd)[-1])[1:]  # ["/bin/sh", "-c", "exec rasa ..."]
    for command in (compose_command, helm_command, docker_command):
        assert command[:2] == ["rasa", "run"]
        assert options(command) == expected
        words = [str(word) for word in command]
        pairs = dict(zip(words, [*words[1:], ""], strict=True))
        assert pairs["--model"] == "models/wegwijzer.tar.gz"
        assert pairs["--endpoints"] == "endpoints.production.yml"
        assert pairs["--credentials"] == "credentials.yml"
        assert pairs["--interface"] == "0.0.0.0"
        assert pairs["--port"] == "5005"
        assert "RASA_API_TOKEN" in pairs["--auth-token"]


def test_the_action_server_starts_as_scripts_actions_sh(
    compose: dict[str, Any], actions_values: dict[str, Any]
) -> None:
    script = (ROOT / "scripts" / "actions.sh").read_text(encoding="utf-8")
    line = next(line for line in script.splitlines() if line.startswith("exec "))
    words = shlex.split(line)[1:]
    expected = ["rasa", *words[1:-1], "5055"]  # .venv/bin/rasa … --port "${ACTIONS_PORT:-5055}"
    assert expected == ["rasa", "run", "actions", "--actions", "actions", "--port", "5055"]
    assert compose["services"]["actions"]["command"] == expected
    assert actions_values["command"] + actions_values["args"] == expected


def test_the_helm_credentials_are_the_repositorys(rasa_values: dict[str, Any]) -> None:
    channels = load_yaml(ROOT / "credentials.yml")
    helm = rasa_values["applicationSettings"]["credentials"]
    assert helm["enabled"] is True
    assert set(helm["additionalChannelCredentials"]) == set(channels)
    assert all(not settings for settings in helm["additionalChannelCredentials"].values())


# --- (c) health paths --------------------------------------------------------------------------


def test_the_health_paths_are_the_ones_the_code_serves() -> None:
    rasa = served_paths("bot.channels.operations", r'\.route\("(/[^"]+)"')
    assert {"/health/live", "/health/ready", "/metrics"} <= rasa
    actions = served_paths("bot.action_server", r'add_route\(\w+, "(/[^"]+)"')
    assert "/health/ready" in actions
    sdk = served_paths("rasa_sdk.endpoint", r'@app\.get\("(/[^"]+)"\)')
    assert "/health" in sdk


def test_compose_checks_readiness(compose: dict[str, Any]) -> None:
    for service, port in (("rasa", 5005), ("actions", 5055)):
        test = " ".join(compose["services"][service]["healthcheck"]["test"])
        assert f"http://127.0.0.1:{port}/health/ready" in test, service
    assert "pg_isready" in " ".join(compose["services"]["postgres"]["healthcheck"]["test"])


def test_haproxy_checks_readiness() -> None:
    backend = haproxy_section("backend rasa")
    assert "option httpchk GET /health/ready" in backend
    assert "http-check expect status 200" in backend
    assert "balance roundrobin" in backend


def test_helm_probes_use_the_served_paths(
    rasa_values: dict[str, Any], actions_values: dict[str, Any]
) -> None:
    probes = [
        (rasa_values, "livenessProbe", "/health/live"),
        (rasa_values, "readinessProbe", "/health/ready"),
        (actions_values, "livenessProbe", "/health"),
        (actions_values, "readinessProbe", "/health/ready"),
    ]
    for values, probe, path in probes:
        assert values[probe]["httpGet"]["path"] == path, probe
        assert values[probe]["httpGet"]["port"] == "http", probe


# --- the proxy ---------------------------------------------------------------------------------


def test_haproxy_has_the_clusters_settings() -> None:
    generated = haproxy_config([]).splitlines()
    start = generated.index("defaults") + 1
    defaults = [line.strip() for line in generated[start:] if line.startswith("    ")]
    assert "retry-on conn-failure" in defaults
    assert set(defaults) <= set(haproxy_section("defaults"))


def test_haproxy_terminates_tls_and_redirects() -> None:
    lines = haproxy_lines()
    assert any(re.match(r"bind \S*:8443 ssl crt /usr/local/etc/haproxy/certs/", x) for x in lines)
    assert "http-request redirect scheme https code 301" in lines
    server = next(line for line in lines if line.startswith("server-template"))
    assert "rasa:5005" in server and "resolvers docker" in server and " check" in server
    assert any(line.startswith("nameserver") and "127.0.0.11:53" in line for line in lines)


def test_haproxy_keeps_internal_paths_inside() -> None:
    frontend = haproxy_section("frontend https_in")
    deny = next(line for line in frontend if line.startswith("acl internal path_reg"))
    pattern = re.compile(deny.split(" -i ", 1)[1].strip(), re.IGNORECASE)
    assert "http-request deny deny_status 404 if internal" in frontend
    for path in INTERNAL_PATHS:
        assert pattern.search(path), path
    for path in PUBLIC_PATHS:
        assert not pattern.search(path), path
    public = [line for line in frontend if line.startswith("acl public ")]
    exact = {word for line in public if " path " in f"{line} " for word in line.split()[3:]}
    regexes = [re.compile(line.split(None, 3)[3]) for line in public if "path_reg" in line]
    assert "http-request deny deny_status 404 unless public" in frontend
    for path in PUBLIC_PATHS:
        assert path in exact or any(r.search(path) for r in regexes), path
    for path in INTERNAL_PATHS:
        assert path not in exact and not any(r.search(path) for r in regexes), path


def test_the_proxy_uses_the_config_the_page_and_the_certificates(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    assert proxy["image"] == "haproxy:2.6"
    mounts = {volume.split(":")[0]: volume.split(":")[1] for volume in proxy["volumes"]}
    assert mounts["./haproxy.cfg"] == "/usr/local/etc/haproxy/haproxy.cfg"
    assert mounts["./certs"] == "/usr/local/etc/haproxy/certs"
    assert f"errorfile 503 {mounts['./503.http']}" in haproxy_section("backend rasa")
    assert {"80:8080", "443:8443"} <= set(proxy["ports"])
    published = [name for name, service in compose["services"].items() if "ports" in service]
    assert published == ["proxy"]


def test_the_ingress_publishes_only_the_public_paths() -> None:
    ingress = load_yaml(DEPLOY / "helm" / "ingress.yaml")
    paths = [p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert paths and all(p == "/chat" or p in PUBLIC_PATHS for p in paths)


# --- (d) .env.example --------------------------------------------------------------------------


def test_env_example_has_every_variable_compose_uses(compose: dict[str, Any]) -> None:
    assigned, text = env_example()
    used = interpolated((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert used <= set(assigned)
    for service in ("rasa", "actions", "purge", "insights"):
        for name in service_env(compose, service):
            assert re.search(rf"\b{name}\b", text), f"{name} ({service}) not in .env.example"


def test_the_web_chat_sign_in_is_configured_everywhere_and_on(
    compose: dict[str, Any], rasa_values: dict[str, Any]
) -> None:
    from bot.channels import oidc, rest

    names = {getattr(oidc, n) for n in dir(oidc) if isinstance(getattr(oidc, n), str)}
    names = {n for n in names if n.startswith("WEGWIJZER_")} | {rest.TOKEN_VARIABLE}
    compose_env, helm_env = service_env(compose, "rasa"), extra_env(rasa_values)
    assert names <= set(compose_env) and names <= set(helm_env)
    assert default_of(compose_env[oidc.MODE]) == "oidc"  # published means signed in
    assert helm_env[oidc.MODE]["value"] == "oidc"


def test_env_example_holds_no_secrets() -> None:
    assigned, _ = env_example()
    for name in SECRETS | {
        "TEAMS_APP_PASSWORD",
        "WEGWIJZER_OIDC_CLIENT_SECRET",
        "WEGWIJZER_REST_TOKEN",
    }:
        assert assigned[name] == "", name


def test_compose_requires_the_secrets() -> None:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    for name in SECRETS:
        assert re.search(rf"\$\{{{name}:\?", text), name
        assert not re.search(rf"\$\{{{name}:-", text), name


# --- (e) the 503 reply -------------------------------------------------------------------------


def test_the_503_page_is_the_rest_channels_reply(tmp_path: Path) -> None:
    raw = (DEPLOY / "503.http").read_bytes()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 503 ")
    assert b"Content-Type: application/json" in head
    reply = json.loads(body.decode("utf-8"))
    assert reply == [{"recipient_id": "wegwijzer", "text": UNAVAILABLE}]
    assert raw == error_page(tmp_path).read_bytes()  # byte for byte what make cluster serves


# --- (f) the image -----------------------------------------------------------------------------


def test_the_image_runs_as_a_non_root_user() -> None:
    instructions = dockerfile_instructions()
    users = [args for name, args in instructions if name == "USER"]
    assert users, "no USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert users[-1].split(":")[0] == "10001"
    runs = " ".join(args for name, args in instructions if name == "RUN")
    assert "--uid 10001" in runs
    assert instructions[0][0] == "ARG" and "python:3.11-slim-bookworm" in instructions[0][1]


def test_the_image_installs_the_pinned_lock_without_resolving() -> None:
    runs = [args for name, args in dockerfile_instructions() if name == "RUN"]
    lock = [run for run in runs if "-r requirements/lock.txt" in run]
    assert lock and all("--no-deps" in run for run in lock)
    assert any("--no-deps" in run and "-e ." in run for run in runs)
    assert any("nl_core_news_sm" in run for run in runs)
    copies = [args for name, args in dockerfile_instructions() if name == "COPY"]
    assert any(c.startswith("requirements/lock.txt") for c in copies)
    assert any("${MODEL}" in c and "/app/models/wegwijzer.tar.gz" in c for c in copies)
