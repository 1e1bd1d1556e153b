-- spec.hibernate = true: app tier stopped, a final backup, then Postgres and Redis stopped (docs/lifecycle.md, "Hibernate and
-- resume"). Under auto-sync with selfHeal, Argo CD sets it back to what Git holds: change it in Git there.
obj.spec.hibernate = true
return obj
