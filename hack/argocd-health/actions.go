package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/argoproj/argo-cd/v3/util/lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// actionTestFile is Argo CD's actions/action_test.yaml: discovery results and, per action, input and expected output.
type actionTestFile struct {
	DiscoveryTests []struct {
		InputPath string          `json:"inputPath"`
		Result    []discoveredAct `json:"result"`
	} `json:"discoveryTests"`
	ActionTests []struct {
		Action             string `json:"action"`
		InputPath          string `json:"inputPath"`
		ExpectedOutputPath string `json:"expectedOutputPath"`
	} `json:"actionTests"`
}

// discoveredAct is what a discovery.lua offers for one action, as Argo CD's UI shows it.
type discoveredAct struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName,omitempty"`
	IconClass   string `json:"iconClass,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
}

// timeValue is what the actions write from os.date: a UTC time to the second, as RFC 3339 or as 14 digits.
var (
	rfc3339Second = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	digitsSuffix  = regexp.MustCompile(`-(\d{14})$`)
)

const (
	restartAnnotation = "loomio.pistack.dev/restart-requested-at"
	normalizedTime    = "0001-01-01T00:00:00Z"
	normalizedDigits  = "00010101000000"
)

func actionsDir(dir string, obj *unstructured.Unstructured) string {
	gvk := obj.GroupVersionKind()
	return filepath.Join(dir, gvk.Group, gvk.Kind, "actions")
}

// discover runs <group>/<Kind>/actions/discovery.lua on obj with Argo CD's VM, as argocd-cm's
// resource.customizations.actions.<group>_<Kind> discovery.lua.
func discover(dir string, obj *unstructured.Unstructured) ([]discoveredAct, error) {
	script, err := os.ReadFile(filepath.Join(actionsDir(dir, obj), "discovery.lua"))
	if err != nil {
		return nil, err
	}
	vm := lua.VM{UseOpenLibs: false}
	found, err := vm.ExecuteResourceActionDiscovery(obj, []string{string(script)})
	if err != nil {
		return nil, err
	}
	acts := make([]discoveredAct, 0, len(found))
	for _, a := range found {
		acts = append(acts, discoveredAct{Name: a.Name, DisplayName: a.DisplayName, IconClass: a.IconClass, Disabled: a.Disabled})
	}
	sort.Slice(acts, func(i, j int) bool { return acts[i].Name < acts[j].Name })
	return acts, nil
}

// act runs <group>/<Kind>/actions/<action>/action.lua on obj with Argo CD's VM and returns what Argo CD would send to
// the API server: each impacted object with its operation (patch or create).
func act(dir, action string, obj *unstructured.Unstructured) ([]map[string]any, error) {
	script, err := os.ReadFile(filepath.Join(actionsDir(dir, obj), action, "action.lua"))
	if err != nil {
		return nil, err
	}
	vm := lua.VM{UseOpenLibs: false}
	impacted, err := vm.ExecuteResourceAction(obj, string(script), nil)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(impacted))
	for _, r := range impacted {
		out = append(out, map[string]any{"operation": string(r.K8SOperation), "resource": r.UnstructuredObj.Object})
	}
	return out, nil
}

// normalize replaces the times the actions take from the clock by fixed values, after checking that they are the
// current UTC time (within two minutes), so that expected outputs can be files.
func normalize(results []map[string]any, now time.Time) error {
	recent := func(t time.Time) bool { d := now.Sub(t); return d > -2*time.Minute && d < 2*time.Minute }
	for _, r := range results {
		res, _ := r["resource"].(map[string]any)
		u := unstructured.Unstructured{Object: res}
		if v, ok := u.GetAnnotations()[restartAnnotation]; ok {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil || !rfc3339Second.MatchString(v) || !recent(t) {
				return fmt.Errorf("%s is %q, not the current UTC time as RFC 3339 to the second", restartAnnotation, v)
			}
			ann := u.GetAnnotations()
			ann[restartAnnotation] = normalizedTime
			u.SetAnnotations(ann)
		}
		if r["operation"] == "create" {
			m := digitsSuffix.FindStringSubmatch(u.GetName())
			if m == nil {
				return fmt.Errorf("created %s %q has no -YYYYMMDDHHMMSS suffix", u.GetKind(), u.GetName())
			}
			t, err := time.Parse("20060102150405", m[1])
			if err != nil || !recent(t) {
				return fmt.Errorf("created %s %q: the suffix is not the current UTC time", u.GetKind(), u.GetName())
			}
			u.SetName(strings.TrimSuffix(u.GetName(), m[1]) + normalizedDigits)
		}
	}
	return nil
}

// asPlain turns any value into what encoding/json would make of it, so that YAML files and Lua output compare.
func asPlain(v any) (any, error) {
	b, err := yaml.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, yaml.Unmarshal(b, &out)
}

func testActions(dir string) (count, failures int, err error) {
	err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.Name() != "action_test.yaml" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var tests actionTestFile
		if err := yaml.Unmarshal(b, &tests); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(tests.DiscoveryTests) == 0 || len(tests.ActionTests) == 0 {
			return fmt.Errorf("%s needs discoveryTests and actionTests", path)
		}
		base := filepath.Dir(path)
		for _, t := range tests.DiscoveryTests {
			count++
			obj, err := read(filepath.Join(base, t.InputPath))
			if err != nil {
				return err
			}
			name := "discovery " + t.InputPath
			got, err := discover(dir, obj)
			want := append([]discoveredAct(nil), t.Result...)
			sort.Slice(want, func(i, j int) bool { return want[i].Name < want[j].Name })
			switch {
			case err != nil:
				failures++
				fmt.Printf("FAIL %s: %v\n", name, err)
			case !reflect.DeepEqual(got, want):
				failures++
				fmt.Printf("FAIL %s:\n  want %+v\n  got  %+v\n", name, want, got)
			default:
				fmt.Printf("ok   %s: %d actions\n", name, len(got))
			}
		}
		for _, t := range tests.ActionTests {
			count++
			name := fmt.Sprintf("action %s on %s", t.Action, t.InputPath)
			if fail := runActionTest(dir, base, t.Action, t.InputPath, t.ExpectedOutputPath); fail != "" {
				failures++
				fmt.Printf("FAIL %s: %s\n", name, fail)
			} else {
				fmt.Printf("ok   %s\n", name)
			}
		}
		return nil
	})
	return count, failures, err
}

// runActionTest returns why the action's output differs from the expected file (a YAML list of {operation, resource}),
// or "" when it is the same.
func runActionTest(dir, base, action, input, expected string) string {
	obj, err := read(filepath.Join(base, input))
	if err != nil {
		return err.Error()
	}
	got, err := act(dir, action, obj)
	if err != nil {
		return err.Error()
	}
	if err := normalize(got, time.Now().UTC()); err != nil {
		return err.Error()
	}
	b, err := os.ReadFile(filepath.Join(base, expected))
	if err != nil {
		return err.Error()
	}
	var want any
	if err := yaml.Unmarshal(b, &want); err != nil {
		return fmt.Sprintf("%s: %v", expected, err)
	}
	plain, err := asPlain(got)
	if err != nil {
		return err.Error()
	}
	if !reflect.DeepEqual(plain, want) {
		out, _ := yaml.Marshal(plain)
		return fmt.Sprintf("differs from %s; got:\n%s", expected, out)
	}
	return ""
}

// actOnFile runs action on the object in file (see act).
func actOnFile(dir, action, file string) ([]map[string]any, error) {
	obj, err := read(file)
	if err != nil {
		return nil, err
	}
	return act(dir, action, obj)
}

// printAction prints an action's normalized output on obj, in the expected-output format (to write a new test).
func printAction(dir, action, file string) error {
	got, err := actOnFile(dir, action, file)
	if err != nil {
		return err
	}
	if err := normalize(got, time.Now().UTC()); err != nil {
		return err
	}
	out, err := yaml.Marshal(got)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

// printResources prints the objects action A sends to the API server for obj, with the clock's real values, as a YAML
// stream (one document per object): what Argo CD would create or patch, to try an action on a live object.
func printResources(dir, action, file string) error {
	got, err := actOnFile(dir, action, file)
	if err != nil {
		return err
	}
	for _, r := range got {
		out, err := yaml.Marshal(r["resource"])
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(os.Stdout, "---\n%s", out); err != nil {
			return err
		}
	}
	return nil
}
