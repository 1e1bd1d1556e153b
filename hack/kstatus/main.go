// Command kstatus computes kstatus (the status Flux's health checks, Helm 4's --wait and kpt read) of Kubernetes
// objects with the libraries those tools use: sigs.k8s.io/cli-utils pkg/kstatus/status.Compute and Flux's fork
// github.com/fluxcd/cli-utils (same API). It prints one line per object file, "FILE<TAB>STATUS<TAB>MESSAGE", and fails
// when the two libraries disagree.
//
//	kstatus FILE...    objects as YAML or JSON
package main

import (
	"fmt"
	"os"

	fluxstatus "github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kstatus FILE...")
		os.Exit(2)
	}
	for _, f := range os.Args[1:] {
		if err := compute(f); err != nil {
			fmt.Fprintln(os.Stderr, "kstatus:", err)
			os.Exit(1)
		}
	}
}

func compute(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	// Through JSON into Unstructured: numbers become int64 as from the API server (plain YAML decoding gives float64,
	// which kstatus refuses for metadata.generation).
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(j); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	upstream, err := status.Compute(u)
	if err != nil {
		return fmt.Errorf("%s: cli-utils: %w", path, err)
	}
	flux, err := fluxstatus.Compute(u.DeepCopy())
	if err != nil {
		return fmt.Errorf("%s: fluxcd/cli-utils: %w", path, err)
	}
	if string(upstream.Status) != string(flux.Status) {
		return fmt.Errorf("%s: cli-utils says %s, Flux's fork %s", path, upstream.Status, flux.Status)
	}
	fmt.Printf("%s\t%s\t%s\n", path, upstream.Status, upstream.Message)
	return nil
}
