-- Argo CD resource actions of a LoomioInstance (argocd-cm resource.customizations.actions.loomio.pistack.dev_LoomioInstance).
-- Written for Argo CD's Lua VM without useOpenLibs: base, table and Argo CD's safe os library only.
local actions = {}
local hibernating = obj.spec ~= nil and obj.spec.hibernate == true
local hasBackups = obj.spec ~= nil and obj.spec.backup ~= nil and obj.spec.backup.secretRef ~= nil
local deleting = obj.metadata.deletionTimestamp ~= nil

-- A LoomioBackup needs a running database and backups configured; the operator would fail it otherwise.
actions["backup-now"] = {
  ["displayName"] = "Back up now",
  ["iconClass"] = "fa fa-fw fa-floppy-disk",
  ["disabled"] = hibernating or deleting or not hasBackups
}
if hibernating then
  actions["resume"] = {["displayName"] = "Resume", ["iconClass"] = "fa fa-fw fa-play", ["disabled"] = deleting}
else
  actions["hibernate"] = {["displayName"] = "Hibernate", ["iconClass"] = "fa fa-fw fa-pause", ["disabled"] = deleting}
end
-- A planned restart: final backup, stop, start, restore. While hibernating the resume does that already.
actions["restart"] = {
  ["displayName"] = "Planned restart",
  ["iconClass"] = "fa fa-fw fa-redo",
  ["disabled"] = hibernating or deleting
}
return actions
