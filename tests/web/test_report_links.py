"""Every report page a person is told about can be reached by clicking (the walkthrough's D-2).

The reports index and the module summary link to each module's item analysis, and so does the studio's page of a
published module; the matrix and the participants list link each trainee's name to the trainee detail; the trainee
detail links each quiz attempt to its review and lists the cohort's sessions with the trainee's attendance.
Observers, who see counts only, get none of these links (`test_reports_observer.py`, `test_reports_items.py`).
"""

from __future__ import annotations

from learnapp.domain.profiles import Role


def test_the_studio_page_of_a_published_module_links_to_its_item_analysis(client, login_as, publish):
    publish("alpha", order=1)
    login_as(Role.TRAINER)

    desk = client.get("/studio/alpha/")

    assert desk.status_code == 200, desk.text
    assert '<a href="/reports/modules/alpha/items">Item analysis of the published quiz</a>' in desk.text
    assert client.get("/reports/modules/alpha/items").status_code == 200


def test_the_studio_page_of_a_module_being_edited_links_to_its_item_analysis(client, login_as, publish):
    publish("alpha", order=1)
    login_as(Role.ADMIN)
    client.post("/studio/alpha/draft")

    desk = client.get("/studio/alpha/")

    assert '<a href="/reports/modules/alpha/items">Item analysis of the published quiz</a>' in desk.text
