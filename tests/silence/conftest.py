"""The workflow fixtures (tests/workflow_fixtures.py) for this room's tests."""

from tests.workflow_fixtures import *  # noqa: F403 - pytest finds fixtures by name
