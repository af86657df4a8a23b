"""Questions as forms: how each question type is shown, read back from a post and reviewed after grading.

Shared by the quiz area (trainees' attempts) and the studio (the quiz preview an author answers), so that both show
the same controls and the same review; the templates are in ``templates/_partials/questions.html``.
"""
