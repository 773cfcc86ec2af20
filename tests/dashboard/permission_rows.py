"""Permission-matrix rows for `dashboard/` pages. See tests/matrix.py.

The city view is for system leaders and facilitators; every other member is told it does not
exist (404), and visitors sign in first. Admins see it only with one of those roles.
"""

from tests.matrix import Row, visitors


def city_view() -> dict[str, int]:
    return {**visitors(302, 404), "facilitator": 200, "system_leader": 200}


ROWS: dict[str, Row] = {
    "dashboard:index": Row("/city/", city_view()),
    "dashboard:export": Row("/city/tables/stages.csv", city_view()),
    "dashboard:projects": Row("/city/projects/?by=stage&value=testing", city_view()),
    "dashboard:members": Row("/city/members/?by=sector&value=acute", city_view()),
    "dashboard:events": Row("/city/events/?by=held", city_view()),
}
