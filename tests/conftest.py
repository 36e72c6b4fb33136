"""Shared test setup: Qt runs offscreen unless the caller chose a platform.

Keys and audit anchors (issue 14) live in the OS keyring; tests never touch the
machine's. Each test gets an in-memory keyring in this process, and child processes
(the CLI run as a subprocess) a keyring file of this test session. Tests that are not
about signing play several reviewers on one desk, so every new name that decides is
registered on first use (``enrol_every_name``); the signing and attack tests turn that
off to test the real rule.
"""

import os
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "tests.servers.support.FileKeyring")
os.environ.setdefault("COPYDESK_TEST_KEYRING",
                      os.path.join(tempfile.mkdtemp(prefix="copydesk-keyring-"), "keyring.json"))


@pytest.fixture(autouse=True)
def _desk_keyring():
    import keyring

    from app import reviewers
    from tests.servers.support import MemoryKeyring

    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    reviewers.enrol_every_name(True)
    yield
    reviewers.enrol_every_name(False)
    keyring.set_keyring(before)
