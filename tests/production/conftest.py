"""The production tests' shared set-up: static files collected once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.production import Site, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """collectstatic under the production settings, as the image build runs it."""
    folder = tmp_path_factory.mktemp("staticfiles")
    site = Site(
        env=production_env(
            database_url="postgres://build@127.0.0.1:9/build",
            redis=None,
            folder=folder,
            static_root=folder / "static",
        ),
        folder=folder,
    )
    result = site.manage("collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "static"
