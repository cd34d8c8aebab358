"""Writes of the events app, one module per part: `events` (events, programme, slots,
tables, interpreters), `registrations` (places, waiting list, check-in), `meetings` (B2B
requests and outcomes) and `schedule` (the scheduler's runs). Every write validates first
and changes nothing on bad input."""

from innobridge.events.services.events import (
    OrganizerInput,
    event_create,
    event_set_status,
    event_update,
    interpreter_save,
    link_signed_agreements,
    session_save,
    slot_add,
    table_add,
)
from innobridge.events.services.meetings import (
    meeting_answer,
    meeting_cancel,
    meeting_follow_up_as_agreement,
    meeting_follow_up_as_interest,
    meeting_record_outcome,
    meeting_request,
    meeting_requests_expire,
)
from innobridge.events.services.registrations import (
    CheckIn,
    check_in,
    registration_cancel,
    registration_create,
    registration_decide,
    registration_update,
)
from innobridge.events.services.schedule import (
    schedule_execute,
    schedule_request,
    scheduling_input,
)

__all__ = [
    "CheckIn",
    "OrganizerInput",
    "check_in",
    "event_create",
    "event_set_status",
    "event_update",
    "interpreter_save",
    "link_signed_agreements",
    "meeting_answer",
    "meeting_cancel",
    "meeting_follow_up_as_agreement",
    "meeting_follow_up_as_interest",
    "meeting_record_outcome",
    "meeting_request",
    "meeting_requests_expire",
    "registration_cancel",
    "registration_create",
    "registration_decide",
    "registration_update",
    "schedule_execute",
    "schedule_request",
    "scheduling_input",
    "session_save",
    "slot_add",
    "table_add",
]
