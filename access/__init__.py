"""Who may use respnet and what they did: accounts and roles
(:mod:`access.accounts`), sign-in throttling (:mod:`access.throttle`), the
audit log (:mod:`access.audit`) and the saved dataset versions
(:mod:`access.datasets`), all kept in the app's home folder
(:mod:`access.paths`). Nothing here imports Streamlit: the app (``ui/``) and
the command line both use it."""
