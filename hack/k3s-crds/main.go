// Prints the CustomResourceDefinitions of k3s' helm-controller (HelmChart, HelmChartConfig) as YAML, from
// k3s-io/helm-controller's own definitions (pkg/crd), the ones k3s installs. hack/test-readme.sh applies them to the
// local cluster, so the README's HelmChartConfig for k3s' Traefik is checked by the API server against the real schema.
package main

import (
	"fmt"
	"os"

	"github.com/k3s-io/helm-controller/pkg/crd"
	"sigs.k8s.io/yaml"
)

func main() {
	for _, c := range crd.List() {
		obj, err := c.ToCustomResourceDefinition()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out, err := yaml.Marshal(obj)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("---\n%s", out)
	}
}
