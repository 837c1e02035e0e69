"""Schemathesis hooks for scripts/schemathesis.sh: test data for the rules the OpenAPI document
states but JSON Schema cannot check.

JSON Schema cannot compare two fields (a service's end after its start), know today's date (a
review date within two years) or recognise a real P-256 point or a real MP3. The server enforces
each rule below, and the document says it in words; without this file Schemathesis would send
"positive" cases that break them and report the server's 400 as a schema-valid request refused.

Only positive cases are touched, and each is changed into a case the document also calls valid
(never dropped): every check, every operation and every negative case stay as they are. A rule
belongs here only when the document cannot carry it; everything JSON Schema can say is said in
the document itself (server/src/routes/openapi.rs, the schemas in domain/src).
"""

from __future__ import annotations

import datetime as dt
import pathlib

import schemathesis

ROOT = pathlib.Path(__file__).resolve().parents[2]

# A browser's subscription keys, as the e2e tests use them (tests/e2e/reminders.rs): a real P-256
# point and a 16-byte secret.
P256DH = "BLMbF9ffKBiWQLCKvTHb6LO8Nb6dcUh6TItC455vu2kElga6PQvUmaFyCdykxY2nOSSL3yKgfbmFLRTUaGv4yV8"
AUTH = "xS03Fi5ErfTNH_l9WHE9Ig"

# A real MP3: the first 16 KB of one of Even Keel's own tracks, a few seconds of sound (the server
# counts a last frame cut short as the end of the sound).
MP3 = (ROOT / "public/audio/relaxed-breathing.mp3").read_bytes()[: 16 * 1024]


def parse_bound(text: object, end_of_day: bool) -> dt.datetime | None:
    """A `from`/`to` of the entries endpoint as `shared_diary::parse_time` reads it (naive UTC)."""
    if not isinstance(text, str):
        return None
    try:
        if "T" in text:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
        day = dt.date.fromisoformat(text)
        return dt.datetime.combine(day + dt.timedelta(days=1 if end_of_day else 0), dt.time())
    except (ValueError, OverflowError):
        return None


def entries_range(case) -> None:
    """`shared_diary::parse_range`: `from` before `to` (`to` is now when left out), at most a year
    apart unless the kind is `medication`. A `from` that breaks it is left out: the server then
    takes the 28 days before `to`."""
    query = case.query or {}
    if "from" not in query:
        return
    start = parse_bound(query["from"], end_of_day=False)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    end = parse_bound(query["to"], end_of_day=True) if "to" in query else now
    if start is None or end is None:
        return
    too_long = query.get("kind") != "medication" and end - start > dt.timedelta(days=365)
    if start >= end or too_long:
        del query["from"]


def service_times(case) -> None:
    """`ServiceRequest::parse`: each time ends after it starts (`HH:MM`, so the strings compare
    as the times do). An end before the start is swapped; a time that ends as it starts is left
    out."""
    body = case.body
    if not isinstance(body, dict) or not isinstance(body.get("times"), list):
        return
    times = []
    for time in body["times"]:
        if isinstance(time, dict) and isinstance(time.get("start"), str) and isinstance(time.get("end"), str):
            if time["start"] == time["end"]:
                continue
            if time["end"] < time["start"]:
                time["start"], time["end"] = time["end"], time["start"]
        times.append(time)
    body["times"] = times


def review_date(case) -> None:
    """`GoalWords::parse`: a review date within two years of the patient's today (either way).
    One outside is moved to a fortnight from now."""
    body = case.body
    if not isinstance(body, dict) or not isinstance(body.get("review_on"), str):
        return
    try:
        day = dt.date.fromisoformat(body["review_on"])
    except ValueError:
        return
    # 730 days, not the server's 732: a day of slack for the patient's time zone either side.
    if abs((day - dt.date.today()).days) > 730:
        body["review_on"] = (dt.date.today() + dt.timedelta(days=14)).isoformat()


def new_password_differs(case) -> None:
    """`accounts::change_password`: the new password is not the one given as the current one."""
    body = case.body
    if isinstance(body, dict) and body.get("new_password") == body.get("current_password"):
        taken = body.get("current_password") == "kettle orchard blue"
        body["new_password"] = "teapot meadow green" if taken else "kettle orchard blue"


def real_push_keys(case) -> None:
    """`Subscription::parse`: the key is a point on the P-256 curve, which no pattern can say."""
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("keys"), dict):
        body["keys"]["p256dh"] = P256DH
        body["keys"]["auth"] = AUTH


def real_audio(case) -> None:
    """`audio::inspect`: the file is MP3 or AAC sound, judged by its bytes."""
    if isinstance(case.body, dict) and "file" in case.body:
        case.body["file"] = MP3


RULES = {
    ("GET", "/patients/{patient_id}/entries"): [entries_range],
    ("POST", "/services"): [service_times],
    ("PATCH", "/services/{id}"): [service_times],
    ("POST", "/patients/{patient_id}/goals"): [review_date],
    ("PUT", "/patients/{patient_id}/goals/{goal_id}"): [review_date],
    ("POST", "/auth/password"): [new_password_differs],
    ("POST", "/push/subscriptions"): [real_push_keys],
    ("POST", "/relaxation/tracks"): [real_audio],
}


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    path = case.operation.path
    for rule in RULES.get((case.method.upper(), path.removeprefix("/api")), []):
        rule(case)
    return case
