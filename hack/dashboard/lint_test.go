package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func generated(t *testing.T) map[string]any {
	t.Helper()
	d, err := build()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// firstStat is the first panel that is not a row: "Data age in backups".
func firstStat(m map[string]any) map[string]any {
	for _, p := range m["panels"].([]any) {
		if p.(map[string]any)["type"] != "row" {
			return p.(map[string]any)
		}
	}
	return nil
}

func TestTheGeneratedDashboardLintsAndReadsTheOperatorsGauges(t *testing.T) {
	raw, _ := json.Marshal(generated(t))
	names, problems := lint(raw)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	joined := strings.Join(names, " ")
	for _, want := range []string{"loomio_data_used_bytes", "loomio_backup_current_timestamp_seconds",
		"loomio_backup_restore_test_ok", "operator_sdk_reconciliations_started_total", "loomio_backup_enabled"} {
		if !strings.Contains(joined, want) {
			t.Errorf("metric names %v lack %s", names, want)
		}
	}
}

func TestEachRuleRefusesWhatItShould(t *testing.T) {
	cases := map[string]struct {
		mutate func(map[string]any)
		want   string
	}{
		"a gauge not filtered by instance": {func(m map[string]any) {
			firstStat(m)["targets"].([]any)[0].(map[string]any)["expr"] = `loomio_backup_last_run_ok{namespace=~"$namespace"}`
		}, `must select namespace=~"$namespace" and loomioinstance=~"$instance"`},
		"PromQL that does not parse": {func(m map[string]any) {
			firstStat(m)["targets"].([]any)[0].(map[string]any)["expr"] = `rate(loomio_data_used_bytes[5m]`
		}, "unclosed left parenthesis"},
		"a field of the wrong type (Grafana's schema)": {func(m map[string]any) { m["refresh"] = 5 }, "refresh"},
		"a fixed datasource": {func(m map[string]any) {
			firstStat(m)["datasource"] = map[string]any{"type": "prometheus", "uid": "prom"}
		}, "datasource must be"},
		"a panel without a description": {func(m map[string]any) { firstStat(m)["description"] = "" },
			"needs a title and a description"},
		"a variable that is not label_values": {func(m map[string]any) {
			m["templating"].(map[string]any)["list"].([]any)[1].(map[string]any)["query"] = "up"
		}, "is not label_values(selector, label)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := generated(t)
			c.mutate(m)
			raw, _ := json.Marshal(m)
			_, problems := lint(raw)
			if !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Fatalf("want a problem containing %q, got %v", c.want, problems)
			}
		})
	}
}
