-- Argo CD health of a LoomioInstance, from the conditions the operator writes (docs/api.md, "Status"). Written for Argo
-- CD's Lua VM without the standard libraries (no string.*, no table.*), so it needs no useOpenLibs.
local hs = {}

local function condition(obj, type)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function message(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

local function isFalseWith(c, reason)
  return c ~= nil and c.status == "False" and c.reason == reason
end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "being deleted: " .. message(condition(obj, "Ready"), "the operator's finalizer takes a final backup first")
  return hs
end

if obj.status == nil or obj.status.observedGeneration == nil
    or (obj.metadata.generation ~= nil and obj.status.observedGeneration < obj.metadata.generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to observe generation " .. tostring(obj.metadata.generation)
  return hs
end

local hibernated = condition(obj, "Hibernated")
if hibernated ~= nil and hibernated.status == "True" then
  hs.status = "Suspended"
  hs.message = message(hibernated, "hibernated")
  return hs
end

local stalled = condition(obj, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = message(stalled, "stalled")
  return hs
end

local memory = condition(obj, "MemoryHealthy")
if isFalseWith(memory, "MemoryCritical") then
  hs.status = "Degraded"
  hs.message = message(memory, "memory critical")
  return hs
end

local backup = condition(obj, "BackupHealthy")
if isFalseWith(backup, "BackupCriticallyOld") then
  hs.status = "Degraded"
  hs.message = message(backup, "the last backup is critically old")
  return hs
end

local database = condition(obj, "DatabaseReady")
if isFalseWith(database, "RestoreFailed") then
  hs.status = "Degraded"
  hs.message = message(database, "the restore failed")
  return hs
end

local ready = condition(obj, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = message(ready, "ready")
  -- Warnings that do not stop Loomio from serving: said, not Degraded.
  for _, type in ipairs({"MemoryHealthy", "BackupHealthy", "BackupVerified"}) do
    local c = condition(obj, type)
    if c ~= nil and c.status == "False" then
      hs.message = hs.message .. "; " .. type .. " " .. tostring(c.reason) .. ": " .. message(c, "")
    end
  end
  return hs
end

hs.status = "Progressing"
hs.message = message(ready, "waiting for the operator")
return hs
