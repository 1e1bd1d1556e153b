-- Creates a LoomioBackup of this instance (kind Manual): what `kubectl create -f samples/loomio-backup.yaml` does.
-- Named <instance>-argocd-<UTC time to the second> (at most 39 + 22 = 61 characters: a LoomioBackup's name has at most
-- 63). Owned by the instance, not as its controller, so Argo CD shows it, and its health, under the instance.
local os = require("os")
local backup = {
  apiVersion = "loomio.pistack.dev/v1alpha1",
  kind = "LoomioBackup",
  metadata = {
    name = obj.metadata.name .. "-argocd-" .. os.date("!%Y%m%d%H%M%S"),
    namespace = obj.metadata.namespace,
    labels = {["app.kubernetes.io/instance"] = obj.metadata.name},
    ownerReferences = {{
      apiVersion = obj.apiVersion,
      kind = obj.kind,
      name = obj.metadata.name,
      uid = obj.metadata.uid,
      blockOwnerDeletion = false,
      controller = false
    }}
  },
  spec = {instanceRef = {name = obj.metadata.name}, kind = "Manual"}
}
return {{operation = "create", resource = backup}}
