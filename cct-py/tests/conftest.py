from pathlib import Path

import pytest

#: The repository-root fixtures shared by the Rust, Python and Node suites.
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
