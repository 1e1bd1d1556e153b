-- Argo CD health of a LoomioBackup: Completed is Healthy, Failed is Degraded (with its error), anything else is on
-- its way. No standard library needed.
local hs = {}
if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator"
  return hs
end
if obj.status.phase == "Completed" then
  hs.status = "Healthy"
  hs.message = "backup " .. tostring(obj.status.backupName) .. " completed"
  return hs
end
if obj.status.phase == "Failed" then
  hs.status = "Degraded"
  if obj.status.error ~= nil then
    hs.message = obj.status.error
  else
    hs.message = "the backup failed"
  end
  return hs
end
hs.status = "Progressing"
hs.message = obj.status.phase
if obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" and c.message ~= nil then
      hs.message = obj.status.phase .. ": " .. c.message
    end
  end
end
return hs
