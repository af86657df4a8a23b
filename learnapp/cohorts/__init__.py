"""Cohorts: training runs, their modules and participants, enrolment, invitations and attendance."""
