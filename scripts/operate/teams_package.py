"""Build the Microsoft Teams app package → dist/wegwijzer-teams.zip (make teams-package).

    TEAMS_APP_ID=<Microsoft App ID> TEAMS_WEBSITE_URL=https://… make teams-package
    .venv/bin/python scripts/operate/teams_package.py --example --output /tmp/x.zip   (tests)

The zip holds exactly what Teams asks for in an app package: ``manifest.json``, a 192×192
colour icon and a 32×32 outline icon (white on transparent). The manifest follows Microsoft's
app manifest schema v1.30, the newest numbered version that the pinned npm package
``@microsoft/app-manifest`` ships (``build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json``);
tests/unit/test_teams_package.py validates it against that file. It declares:

- the bot (``TEAMS_BOT_ID``, by default the app id) in the personal, team and groupChat
  scopes, with the command list of :data:`bot.channels.commands.COMMANDS` (``/provocatie``,
  ``/delen``, …), which the connector turns into questions;
- the search-based messaging extension "Zoek in Wegwijzer" (command :data:`SEARCH_COMMAND_ID`,
  one text parameter, ``initialRun`` so it lists starter topics before anything is typed);
- Dutch name and descriptions, and the organisation as developer.

Environment: ``TEAMS_APP_ID`` (required, a GUID: the Azure Bot's Microsoft App ID),
``TEAMS_BOT_ID`` (default: the app id), ``TEAMS_WEBSITE_URL`` (required, https: the
organisation's page about Wegwijzer), ``TEAMS_PRIVACY_URL`` and ``TEAMS_TERMS_URL`` (default:
the website), ``TEAMS_DEVELOPER_NAME`` (default "Wegwijzer"), ``TEAMS_APP_VERSION`` (default
1.0.0; raise it for every new upload). ``--example`` uses fixed dummy values instead, for
tests. The output is byte-for-byte reproducible (fixed zip timestamps, icons drawn here).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from bot.channels.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]

MANIFEST_VERSION = "1.30"
MANIFEST_SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.schema.json"
)
DEFAULT_OUTPUT = ROOT / "dist" / "wegwijzer-teams.zip"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
ACCENT_COLOR = "#1F6F8B"
SCOPES = ["personal", "team", "groupChat"]
SEARCH_COMMAND_ID = "zoek"
SEARCH_PARAMETER = "zoekterm"
EXAMPLE_ID = "6f1a3c52-8d4e-4b7a-9c21-0e5d7f3a1b84"
EXAMPLE_WEBSITE = "https://wegwijzer.example.org"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")

DESCRIPTION_SHORT = "Adviezen bij online aangejaagd geweld, uit één rapport, met bron."
DESCRIPTION_FULL = (
    "Wegwijzer beantwoordt vragen van professionals — jongerenwerkers, politie, gemeente en "
    "netwerkpartners — over online aangejaagd geweld: geweld op straat dat online wordt "
    "opgestookt. De antwoorden komen uit het rapport van Greijdanus e.a. (2023), "
    "'Interventies in de cyclus van online aangejaagd geweld' (RUG / NHL Stenden), met bij "
    "elk antwoord de paragraaf en pagina's waar het staat. Het gaat over vredestijd "
    "(vertrouwen, signalen, informatie delen), crisis (de-escaleren, reageren op provocatie) "
    "en nazorg (geruchten ontkrachten, herstel), en over het duidingsinstrument uit de "
    "bijlage.\n\n"
    "Stel je vraag in een persoonlijke chat, of noem @Wegwijzer in een groepschat of kanaal. "
    "Met 'Zoek in Wegwijzer' onder het berichtvenster zet je een antwoord in elke chat.\n\n"
    "Wegwijzer geeft geen juridisch advies en bedenkt geen eigen adviezen. Is er nu gevaar? "
    "Bel 112. Wegwijzer bewaart geen namen uit Teams; noem in je vragen geen namen of andere "
    "gegevens van personen."
)


class PackageError(ValueError):
    """The package cannot be built: a setting is missing or wrong."""


@dataclass(frozen=True)
class Settings:
    app_id: str
    bot_id: str
    version: str
    developer_name: str
    website_url: str
    privacy_url: str
    terms_url: str

    @classmethod
    def example(cls) -> Settings:
        """Fixed dummy values, for tests and for looking at the package."""
        return cls(
            app_id=EXAMPLE_ID,
            bot_id=EXAMPLE_ID,
            version="1.0.0",
            developer_name="Wegwijzer (voorbeeld)",
            website_url=EXAMPLE_WEBSITE,
            privacy_url=f"{EXAMPLE_WEBSITE}/privacy",
            terms_url=f"{EXAMPLE_WEBSITE}/voorwaarden",
        )

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> Settings:
        """Read the settings; raise :class:`PackageError` naming everything that is wrong."""

        def get(name: str) -> str:
            return env.get(name, "").strip()

        app_id = get("TEAMS_APP_ID")
        bot_id = get("TEAMS_BOT_ID") or app_id
        website = get("TEAMS_WEBSITE_URL")
        settings = cls(
            app_id=app_id,
            bot_id=bot_id,
            version=get("TEAMS_APP_VERSION") or "1.0.0",
            developer_name=get("TEAMS_DEVELOPER_NAME") or "Wegwijzer",
            website_url=website,
            privacy_url=get("TEAMS_PRIVACY_URL") or website,
            terms_url=get("TEAMS_TERMS_URL") or website,
        )
        problems = settings.problems()
        if problems:
            raise PackageError("\n".join(problems))
        return settings

    def problems(self) -> list[str]:
        problems = []
        if not self.app_id:
            problems.append(
                "TEAMS_APP_ID is not set: set it to the Azure Bot's Microsoft App ID "
                "(see docs/teams.md), or use --example for a package with a dummy id."
            )
        for name, value in (("TEAMS_APP_ID", self.app_id), ("TEAMS_BOT_ID", self.bot_id)):
            if value and not _GUID.match(value):
                problems.append(f"{name} must be a GUID like {EXAMPLE_ID}, not {value!r}.")
        urls = (
            ("TEAMS_WEBSITE_URL", self.website_url),
            ("TEAMS_PRIVACY_URL", self.privacy_url),
            ("TEAMS_TERMS_URL", self.terms_url),
        )
        if not self.website_url:
            problems.append(
                "TEAMS_WEBSITE_URL is not set: Teams shows it (and, unless TEAMS_PRIVACY_URL "
                "and TEAMS_TERMS_URL are set, also as privacy statement and terms of use) in "
                "the app's details; use your organisation's page about Wegwijzer (https://…)."
            )
        for name, value in urls:
            if value and not value.startswith("https://"):
                problems.append(f"{name} must start with https://, not {value!r}.")
        if not _SEMVER.match(self.version):
            problems.append(f"TEAMS_APP_VERSION must look like 1.0.0, not {self.version!r}.")
        if len(self.developer_name) > 32:
            problems.append("TEAMS_DEVELOPER_NAME may be at most 32 characters.")
        return problems


def manifest(settings: Settings) -> dict[str, Any]:
    """The app manifest (schema v1.30)."""
    commands = [
        {"title": f"/{command}", "description": description}
        for command, (_question, description) in COMMANDS.items()
    ]
    return {
        "$schema": MANIFEST_SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": settings.version,
        "id": settings.app_id,
        "developer": {
            "name": settings.developer_name,
            "websiteUrl": settings.website_url,
            "privacyUrl": settings.privacy_url,
            "termsOfUseUrl": settings.terms_url,
        },
        "name": {"short": "Wegwijzer", "full": "Wegwijzer — online aangejaagd geweld"},
        "description": {"short": DESCRIPTION_SHORT, "full": DESCRIPTION_FULL},
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": ACCENT_COLOR,
        "bots": [
            {
                "botId": settings.bot_id,
                "scopes": SCOPES,
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [{"scopes": SCOPES, "commands": commands}],
            }
        ],
        "composeExtensions": [
            {
                "botId": settings.bot_id,
                "composeExtensionType": "botBased",
                "canUpdateConfiguration": False,
                "commands": [
                    {
                        "id": SEARCH_COMMAND_ID,
                        "type": "query",
                        "title": "Zoek in Wegwijzer",
                        "description": "Zoek een antwoord uit het rapport en zet het in je bericht",
                        "initialRun": True,
                        "context": ["compose", "commandBox"],
                        "parameters": [
                            {
                                "name": SEARCH_PARAMETER,
                                "title": "Zoekterm",
                                "description": "Bijvoorbeeld: provocatie, gerucht of wraak",
                                "inputType": "text",
                            }
                        ],
                    }
                ],
            }
        ],
        "validDomains": [],
    }


# --- icons: a signpost ("wegwijzer"), drawn here so the package needs no binary sources -----

# In a unit square: the pole, a sign pointing right and one pointing left, and a foot.
_POLE = [(0.46, 0.16), (0.54, 0.16), (0.54, 0.84), (0.46, 0.84)]
_SIGN_RIGHT = [(0.22, 0.22), (0.70, 0.22), (0.82, 0.33), (0.70, 0.44), (0.22, 0.44)]
_SIGN_LEFT = [(0.78, 0.50), (0.30, 0.50), (0.18, 0.61), (0.30, 0.72), (0.78, 0.72)]
_FOOT = [(0.34, 0.82), (0.66, 0.82), (0.66, 0.88), (0.34, 0.88)]
_SUPERSAMPLE = 8


def _scaled(
    points: list[tuple[float, float]], size: int, margin: float = 0.0
) -> list[tuple[float, float]]:
    span = size * (1 - 2 * margin)
    return [(size * margin + x * span, size * margin + y * span) for x, y in points]


def _signpost_mask(size: int, outline: bool, margin: float) -> Image.Image:
    """The signpost as an 8-bit coverage mask, drawn large and scaled down (anti-aliased)."""
    big = size * _SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    draw.polygon(_scaled(_POLE, big, margin), fill=255)
    for sign in (_SIGN_RIGHT, _SIGN_LEFT):
        corners = _scaled(sign, big, margin)
        if outline:  # the sign's border only; the pole does not show through it
            draw.polygon(corners, fill=0)
            draw.polygon(corners, outline=255, width=round(big / 16))
        else:
            draw.polygon(corners, fill=255)
    draw.polygon(_scaled(_FOOT, big, margin), fill=255)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def color_icon() -> Image.Image:
    """192×192: a white signpost on the accent colour."""
    icon = Image.new("RGBA", (192, 192), ACCENT_COLOR)
    icon.paste((255, 255, 255, 255), mask=_signpost_mask(192, outline=False, margin=0.12))
    return icon


def outline_icon() -> Image.Image:
    """32×32: the signpost in white lines on a transparent background, as Teams asks."""
    icon = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    icon.putalpha(_signpost_mask(32, outline=True, margin=0.0))
    return icon


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


# --- the package ------------------------------------------------------------------------------


def package_files(settings: Settings) -> dict[str, bytes]:
    """File name → content, in the order they go into the zip."""
    text = json.dumps(manifest(settings), ensure_ascii=False, indent=2) + "\n"
    return {
        "manifest.json": text.encode("utf-8"),
        COLOR_ICON: png(color_icon()),
        OUTLINE_ICON: png(outline_icon()),
    }


def write_package(path: Path, settings: Settings) -> Path:
    """Write the zip (files at its root, as Teams requires) reproducibly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(settings).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", action="store_true", help="use dummy ids and URLs")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="zip to write")
    args = parser.parse_args(argv)
    try:
        settings = Settings.example() if args.example else Settings.from_environment(os.environ)
    except PackageError as error:
        print(f"teams-package: {error}", file=sys.stderr)
        return 2
    path = write_package(args.output, settings)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"teams-package: wrote {shown} (app {settings.app_id}, bot {settings.bot_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
