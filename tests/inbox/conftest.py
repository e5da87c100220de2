"""Fixtures of the inbox tests: the committee of tests/institutional and the campaigns of
tests/questionnaires, reused as they are."""

from tests.control.conftest import ctl  # noqa: F401
from tests.institutional.conftest import attend_all, aware, cw, past_session  # noqa: F401
from tests.operation.conftest import ops, plan  # noqa: F401
from tests.questionnaires.conftest import (  # noqa: F401
    assigned,
    campaign,
    demo_questionnaires,
    furag,
    people,
)
