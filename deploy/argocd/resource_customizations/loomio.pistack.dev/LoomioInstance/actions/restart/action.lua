-- A planned restart (docs/lifecycle.md, "Planned restart"): the annotation's new value asks for one; the operator takes a final
-- backup, stops and starts the data tier, which restores it. One restart per value: the UTC time to the second.
local os = require("os")
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["loomio.pistack.dev/restart-requested-at"] = os.date("!%Y-%m-%dT%H:%M:%SZ")
return obj
