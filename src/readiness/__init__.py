"""readiness: rules-driven readiness planning with YAML playbooks.

The library API (used by the CLI and by tests):

- :func:`readiness.playbook.load_playbook` — load, check and compile a playbook set
- :func:`readiness.profile.load_profile` — load and check an institution profile
- :func:`readiness.validate.validate_paths` — all findings for files and folders
- :func:`readiness.plan.make_plan`, :func:`readiness.gaps.make_gaps`,
  :func:`readiness.checklist.make_checklist` — the reports, as plain data
- :mod:`readiness.render` — JSON, Markdown (and later other formats) of those reports
"""
__version__ = "0.1.0"
