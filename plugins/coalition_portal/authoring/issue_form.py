"""The endorsement form on GitHub: ``.github/ISSUE_TEMPLATE/endorse.yml``, a GitHub issue form.

``coalition init`` writes it; the endorse page links to it (``site/endorse.py``,
``issues/new?template=endorse.yml&platform=<version>``) when ``repo_url`` is on GitHub, so an
organization can endorse with a GitHub account and no git.  Its fields are those of
``endorsements/<id>.yml`` (the ``platform`` id is what the page's link fills in); the secretary
turns a submitted form into the file with ``coalition endorse``.  The format is GitHub's
issue-form syntax: name, description, title, labels, and a body of markdown, input,
textarea, dropdown and checkboxes elements, each field with a unique ``id``.
"""

from __future__ import annotations

from ..site.endorse import ISSUE_FORM as FILE_NAME

PATH = f".github/ISSUE_TEMPLATE/{FILE_NAME}"
LABEL = "endorsement"
# the ids of the form's fields, in order (the endorse page's link fills in ``platform``)
FIELD_IDS = ("organization", "url", "platform", "signer-name", "signer-title", "statement",
             "may-sign")

ISSUE_FORM = f"""\
# The endorsement form on GitHub (an issue form): the portal's endorse page links to it.
# Turn a submitted form into content/endorsements/<id>.yml with, for example:
#   coalition endorse --org "NAME" --signer "SIGNER" --title "TITLE" --statement "..."
name: Endorse the platform
description: Endorse the coalition's platform on behalf of your organization.
title: "Endorsement: "
labels: ["{LABEL}"]
body:
  - type: markdown
    attributes:
      value: >-
        Thank you for endorsing the platform. Fill in the form and submit it: the coalition
        checks it and lists your organization on the portal's endorse page. Everything you
        write here is public.
  - type: input
    id: organization
    attributes:
      label: Organization
      description: Your organization's name, as it should appear on the endorse page.
    validations:
      required: true
  - type: input
    id: url
    attributes:
      label: Website
      description: Your organization's web address (optional).
      placeholder: https://example.org/
    validations:
      required: false
  - type: input
    id: platform
    attributes:
      label: Platform version
      description: >-
        The version you endorse, as the endorse page names it (for example v3). The page's
        link fills it in with the current version.
      placeholder: v1
    validations:
      required: true
  - type: input
    id: signer-name
    attributes:
      label: Your name
      description: The person who signs for the organization.
    validations:
      required: true
  - type: input
    id: signer-title
    attributes:
      label: Your title
      description: Your title or role in the organization.
    validations:
      required: true
  - type: textarea
    id: statement
    attributes:
      label: Statement
      description: Why your organization endorses the platform, in a sentence or two (optional).
    validations:
      required: false
  - type: checkboxes
    id: may-sign
    attributes:
      label: Signing
      options:
        - label: I may endorse the platform on behalf of this organization.
          required: true
"""
