"""A real OpenID Connect provider for the web chat sign-in tests: oidc-provider-mock 0.3.4
(Flask + Authlib's server), from its own venv ``.venv-oidc`` (scripts/setup_dev.sh;
requirements/oidc-provider.txt). It signs ID tokens with its own RSA key, publishes the key
and a discovery document, and shows an authorization form on which a test types who signs
in (the ``sub``); claims of predefined users (e-mail, groups) go into their ID tokens.

Its issuer is ``http://localhost:<port>``: browsers treat localhost as a secure context, so
the chat's ``Secure`` ``__Host-`` cookies work over plain http in the tests.

Not enforced by this provider (it registers no PKCE extension): that the token request's
``code_verifier`` matches the challenge. The tests check what the chat sends instead.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from scripts.operate.services import Foreground, free_port

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / ".venv-oidc" / "bin" / "oidc-provider-mock"


@dataclass
class OidcProvider(Foreground):
    """The provider on 127.0.0.1:``port`` with ``users`` (subject → claims) predefined."""

    port: int
    log: Path
    users: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://localhost:{self.port}"

    def start(self) -> None:
        if not PROGRAM.exists():
            raise RuntimeError(f"{PROGRAM} is missing: run `make setup-dev`")
        command = [str(PROGRAM), "--port", str(self.port), "--require-nonce", "true"]
        for sub, claims in self.users.items():
            command += ["--user-claims", json.dumps({"sub": sub, **claims})]
        self._spawn(command, self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"oidc-provider-mock exited:\n{self.log.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise RuntimeError("oidc-provider-mock did not start in 60 s")


@contextmanager
def oidc_provider(folder: Path, users: Mapping[str, Mapping[str, Any]]) -> Iterator[OidcProvider]:
    """A running provider for the duration of the block."""
    provider = OidcProvider(port=free_port(), log=folder / "oidc-provider.log", users=users)
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
