// Command argocd-health runs this project's Argo CD health checks and resource actions with Argo CD's own Lua code
// (util/lua of argo-cd v3.2.0), the way argocd-cm runs a resource customization: standard libraries off (useOpenLibs
// false; Argo CD's safe os library, os.date and os.time, is always there).
//
//	argocd-health test DIR     runs every <group>/<Kind>/health_test.yaml and actions/action_test.yaml under DIR
//	                           (Argo CD's layout and formats); exit 1 on any difference
//	argocd-health eval DIR F…  prints the health of each object file F (YAML or JSON) with DIR's scripts
//	argocd-health action DIR A F  prints what action A does to the object in file F ({operation, resource} list,
//	                           clock values normalized), the format of an action test's expected output
//	argocd-health resources DIR A F  prints the objects action A sends for F as they are (real clock), a YAML stream
//	                           for kubectl: the action tried on a live object
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/argoproj/argo-cd/v3/util/lua"
	"github.com/argoproj/gitops-engine/pkg/health"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

type testFile struct {
	Tests []struct {
		InputPath    string              `json:"inputPath"`
		HealthStatus health.HealthStatus `json:"healthStatus"`
	} `json:"tests"`
}

func main() {
	perAction := len(os.Args) > 1 && (os.Args[1] == "action" || os.Args[1] == "resources")
	if len(os.Args) < 3 || (os.Args[1] != "test" && os.Args[1] != "eval" && !perAction) ||
		(perAction && len(os.Args) != 5) {
		fmt.Fprintln(os.Stderr, "usage: argocd-health test DIR | argocd-health eval DIR FILE... |"+
			" argocd-health action|resources DIR ACTION FILE")
		os.Exit(2)
	}
	dir := os.Args[2]
	var err error
	switch os.Args[1] {
	case "test":
		err = test(dir)
	case "eval":
		err = eval(dir, os.Args[3:])
	case "action":
		err = printAction(dir, os.Args[3], os.Args[4])
	default:
		err = printResources(dir, os.Args[3], os.Args[4])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-health:", err)
		os.Exit(1)
	}
}

func read(path string) (*unstructured.Unstructured, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// Through JSON into Unstructured: numbers become int64, as the API server's objects reach Argo CD.
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(j); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return u, nil
}

// healthOf runs dir/<group>/<Kind>/health.lua on obj, as argocd-cm's resource.customizations.health.<group>_<Kind>.
func healthOf(dir string, obj *unstructured.Unstructured) (*health.HealthStatus, error) {
	gvk := obj.GroupVersionKind()
	script, err := os.ReadFile(filepath.Join(dir, gvk.Group, gvk.Kind, "health.lua"))
	if err != nil {
		return nil, err
	}
	vm := lua.VM{UseOpenLibs: false}
	return vm.ExecuteHealthLua(obj, string(script))
}

func test(dir string) error {
	failures, count := 0, 0
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.Name() != "health_test.yaml" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var tests testFile
		if err := yaml.Unmarshal(b, &tests); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(tests.Tests) == 0 {
			return fmt.Errorf("%s holds no test", path)
		}
		for _, t := range tests.Tests {
			count++
			input := filepath.Join(filepath.Dir(path), t.InputPath)
			obj, err := read(input)
			if err != nil {
				return err
			}
			got, err := healthOf(dir, obj)
			name := strings.TrimPrefix(input, dir+"/")
			switch {
			case err != nil:
				failures++
				fmt.Printf("FAIL %s: %v\n", name, err)
			case *got != t.HealthStatus:
				failures++
				fmt.Printf("FAIL %s:\n  want %s %q\n  got  %s %q\n", name, t.HealthStatus.Status,
					t.HealthStatus.Message, got.Status, got.Message)
			default:
				fmt.Printf("ok   %s: %s\n", name, got.Status)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if count == 0 {
		return fmt.Errorf("no health_test.yaml under %s", dir)
	}
	actionCount, actionFailures, err := testActions(dir)
	if err != nil {
		return err
	}
	if failures+actionFailures > 0 {
		return fmt.Errorf("%d of %d health tests and %d of %d action tests failed", failures, count, actionFailures,
			actionCount)
	}
	fmt.Printf("%d health tests and %d action tests passed\n", count, actionCount)
	return nil
}

func eval(dir string, files []string) error {
	for _, f := range files {
		obj, err := read(f)
		if err != nil {
			return err
		}
		got, err := healthOf(dir, obj)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		fmt.Printf("%s\t%s\t%s\n", f, got.Status, got.Message)
	}
	return nil
}
