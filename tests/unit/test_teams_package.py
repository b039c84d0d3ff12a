"""The Teams app package (scripts/operate/teams_package.py, ``make teams-package``): exactly a
manifest and two icons; the manifest valid against Microsoft's official schema; ids from the
environment; commands and the messaging extension present; the output reproducible.

The schema comes from the pinned npm package ``@microsoft/app-manifest`` (``npm ci``). It is
JSON Schema draft-04 with one draft-06 keyword (``const``, for ``manifestVersion``), so it is
checked twice: with python-jsonschema's draft-04 validator plus ``const``, and with Ajv
configured exactly as that package's own ``validateManifestAgainstSchema`` does it (Ajv
draft-04, ``allErrors``, formats uri/email/regex).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft6Validator, validators
from jsonschema.exceptions import best_match
from PIL import Image

from bot.channels.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "operate" / "teams_package.py"
SCHEMAS = ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
EXAMPLE_ID = "6f1a3c52-8d4e-4b7a-9c21-0e5d7f3a1b84"
APP_ID = "0b7c9f2e-4a61-4d3b-8e5f-2c9a7d1e6b30"
BOT_ID = "a3e51d07-9b2c-4f68-b1d4-7e0c3f92a5d6"
FILES = {"manifest.json", "color.png", "outline.png"}
AJV = """
const fs = require("fs");
const Ajv04 = require("ajv-draft-04").default;
const addFormats = require("ajv-formats").default;
const [manifestPath, schemaPath] = process.argv.slice(1);
const ajv = new Ajv04({ allErrors: true, strictTypes: false });
addFormats(ajv, ["uri", "email", "regex"]);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
const valid = validate(JSON.parse(fs.readFileSync(manifestPath, "utf8")));
const errors = valid ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
console.log(JSON.stringify(errors));
"""

ManifestValidator = validators.extend(
    Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"]}
)


def build(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the script as ``make teams-package`` does, with only the given TEAMS_* variables."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TEAMS_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(tmp_path / "pkg.zip"), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def unpack(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names))
        return {name: archive.read(name) for name in names}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp_path = tmp_path_factory.mktemp("package")
    result = build(tmp_path, "--example")
    assert result.returncode == 0, result.stderr
    return unpack(tmp_path / "pkg.zip")


@pytest.fixture(scope="module")
def manifest(example: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(example["manifest.json"])


def schema_path(version: str) -> Path:
    path = SCHEMAS / f"v{version}" / "MicrosoftTeams.schema.json"
    if not SCHEMAS.exists():
        pytest.fail(f"{SCHEMAS} is missing: run `npm ci` (make setup-dev does)")
    return path


def test_the_package_holds_exactly_the_manifest_and_two_icons(example: dict[str, bytes]) -> None:
    assert set(example) == FILES
    assert len(example) == 3


def test_manifest_uses_the_newest_schema_the_npm_package_ships(manifest: dict[str, Any]) -> None:
    numbered = [p.name[1:] for p in SCHEMAS.glob("v1.*")]
    newest = max(numbered, key=lambda v: tuple(int(n) for n in v.split(".")))
    assert manifest["manifestVersion"] == newest
    assert manifest["$schema"] == (
        f"https://developer.microsoft.com/json-schemas/teams/v{newest}/MicrosoftTeams.schema.json"
    )


def test_manifest_validates_against_the_official_schema(
    manifest: dict[str, Any], tmp_path: Path
) -> None:
    path = schema_path(manifest["manifestVersion"])
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    validator = ManifestValidator(schema)
    error = best_match(validator.iter_errors(manifest))
    assert error is None, f"{error.message} at {list(error.absolute_path)}"
    wrong = {**manifest, "manifestVersion": "1.29", "bots": [{"scopes": ["everyone"]}]}
    assert len(list(validator.iter_errors(wrong))) >= 3, "the validator is not vacuous"

    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed (make setup-dev runs npm ci)")
    for instance, expect_valid in ((manifest, True), (wrong, False)):
        (tmp_path / "m.json").write_text(json.dumps(instance), encoding="utf-8")
        result = subprocess.run(
            [node, "-e", AJV, str(tmp_path / "m.json"), str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        errors = json.loads(result.stdout)
        assert (errors == []) is expect_valid, errors


def test_icons(example: dict[str, bytes], manifest: dict[str, Any]) -> None:
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    color = Image.open(io.BytesIO(example["color.png"]))
    assert color.format == "PNG" and color.size == (192, 192)
    outline = Image.open(io.BytesIO(example["outline.png"]))
    assert outline.format == "PNG" and outline.size == (32, 32) and outline.mode == "RGBA"
    pixels = list(outline.getdata())
    drawn = [p for p in pixels if p[3] > 0]
    assert all(p[:3] == (255, 255, 255) for p in drawn), "only white in the outline icon"
    assert sum(p[3] == 0 for p in pixels) > len(pixels) / 2, "a transparent background"
    assert any(p[3] == 255 for p in drawn)
    assert outline.getpixel((0, 0))[3] == 0


def test_bot_commands_and_messaging_extension(manifest: dict[str, Any]) -> None:
    scopes = {"personal", "team", "groupChat"}
    (bot,) = manifest["bots"]
    assert bot["botId"] == EXAMPLE_ID
    assert set(bot["scopes"]) == scopes
    (command_list,) = bot["commandLists"]
    assert set(command_list["scopes"]) == scopes
    titles = [c["title"] for c in command_list["commands"]]
    for command in ("provocatie", "delen", "gerucht", "crisis", "nazorg", "signalen", "help"):
        assert f"/{command}" in titles
    assert titles == [f"/{c}" for c in COMMANDS], "the connector knows every command"
    for command in command_list["commands"]:
        assert command["description"] == COMMANDS[command["title"][1:]][1]

    (extension,) = manifest["composeExtensions"]
    assert extension["botId"] == EXAMPLE_ID
    (search,) = extension["commands"]
    assert search["type"] == "query" and search["title"] == "Zoek in Wegwijzer"
    assert search["initialRun"] is True, "the connector lists starter topics"
    (parameter,) = search["parameters"]
    assert parameter["inputType"] == "text"
    # as in the connector's tests (tests/teams_activities.py ``extension_query``)
    assert (search["id"], parameter["name"]) == ("zoek", "zoekterm")


def test_dutch_name_and_descriptions(manifest: dict[str, Any]) -> None:
    assert manifest["name"]["short"] == "Wegwijzer"
    full = manifest["description"]["full"]
    assert "Greijdanus e.a. (2023)" in full and "112" in full
    assert "online aangejaagd geweld" in manifest["description"]["short"]
    assert "rapport" in manifest["description"]["short"]


def test_ids_and_developer_come_from_the_environment(tmp_path: Path) -> None:
    settings = {"TEAMS_APP_ID": APP_ID, "TEAMS_WEBSITE_URL": "https://wegwijzer.gemeente.nl"}
    result = build(tmp_path, **settings, TEAMS_BOT_ID=BOT_ID, TEAMS_APP_VERSION="1.2.3")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(unpack(tmp_path / "pkg.zip")["manifest.json"])
    assert manifest["id"] == APP_ID and manifest["version"] == "1.2.3"
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["composeExtensions"][0]["botId"] == BOT_ID
    assert manifest["developer"]["privacyUrl"] == "https://wegwijzer.gemeente.nl"

    result = build(tmp_path, **settings)
    assert result.returncode == 0, result.stderr
    manifest = json.loads(unpack(tmp_path / "pkg.zip")["manifest.json"])
    assert manifest["bots"][0]["botId"] == APP_ID, "the bot id defaults to the app id"


def test_a_missing_or_wrong_setting_is_refused_clearly(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.returncode == 2
    assert "TEAMS_APP_ID is not set" in result.stderr and "--example" in result.stderr
    assert not (tmp_path / "pkg.zip").exists()

    result = build(tmp_path, TEAMS_APP_ID="mijn-bot", TEAMS_WEBSITE_URL="http://x.nl")
    assert result.returncode == 2
    assert "TEAMS_APP_ID must be a GUID" in result.stderr
    assert "TEAMS_WEBSITE_URL must start with https://" in result.stderr


def test_the_package_is_reproducible(tmp_path: Path, example: dict[str, bytes]) -> None:
    first = tmp_path / "a"
    assert build(first, "--example").returncode == 0
    second = tmp_path / "b"
    assert build(second, "--example").returncode == 0
    assert (first / "pkg.zip").read_bytes() == (second / "pkg.zip").read_bytes()
    assert unpack(first / "pkg.zip") == example
