-- spec.hibernate = false: Postgres restores the hibernation's final backup, then everything starts again.
obj.spec.hibernate = false
return obj
