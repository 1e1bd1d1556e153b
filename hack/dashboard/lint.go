package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// Grafana's own interval variables, which PromQL cannot parse; the linters of Grafana's ecosystem put durations in
// their place before parsing, as here.
var grafanaIntervals = strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h")

// label_values(metric{…}, label): the variables' query function, not PromQL; its first argument is a selector.
var labelValues = regexp.MustCompile(`^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$`)

// operatorWide are loomio_* metrics without per-instance labels.
var operatorWide = map[string]bool{
	"loomio_memory_sampling_seconds_sum": true, "loomio_memory_sampling_seconds_count": true,
	"loomio_memory_sampling_seconds_max": true,
}

// lint returns the metric names read by the dashboard's queries and variables (sorted, each once) and its problems.
func lint(raw []byte) ([]string, []string) {
	plugins.RegisterDefaultPlugins()
	var problems []string
	var d dashboard.Dashboard
	if err := schemaError(d.UnmarshalJSONStrict(raw)); err != nil {
		return nil, []string{"not a Grafana dashboard (schema): " + err.Error()}
	}
	if err := schemaError(d.Validate()); err != nil {
		problems = append(problems, "Grafana's schema: "+err.Error())
	}
	names := map[string]bool{}
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		q := ""
		if v.Query != nil && v.Query.String != nil {
			q = *v.Query.String
		}
		m := labelValues.FindStringSubmatch(q)
		if m == nil {
			problems = append(problems, fmt.Sprintf("variable %s: query %q is not label_values(selector, label)", v.Name, q))
			continue
		}
		problems = append(problems, exprProblems("variable "+v.Name, m[1], names, false)...)
	}
	// A panel as JSON, because rows and panels are a union in the SDK's types.
	var generic struct {
		Panels []struct {
			Type        string          `json:"type"`
			Title       string          `json:"title"`
			Description string          `json:"description"`
			Datasource  json.RawMessage `json:"datasource"`
			Targets     []struct {
				Expr       string          `json:"expr"`
				Datasource json.RawMessage `json:"datasource"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &generic); err != nil {
		return nil, append(problems, err.Error())
	}
	want := `{"type":"prometheus","uid":"${datasource}"}`
	for _, p := range generic.Panels {
		if p.Type == "row" {
			continue
		}
		where := fmt.Sprintf("panel %q", p.Title)
		if p.Title == "" || p.Description == "" {
			problems = append(problems, where+": needs a title and a description")
		}
		if compact(p.Datasource) != want {
			problems = append(problems, where+": datasource must be "+want)
		}
		if len(p.Targets) == 0 {
			problems = append(problems, where+": has no query")
		}
		for _, t := range p.Targets {
			if compact(t.Datasource) != want {
				problems = append(problems, where+": a query's datasource must be "+want)
			}
			problems = append(problems, exprProblems(where, t.Expr, names, true)...)
		}
	}
	var out []string
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, problems
}

// exprProblems parses expr with Prometheus' parser and records the metric names it reads; with perInstance, every
// selector of a per-instance loomio_* gauge must match the namespace and instance variables.
func exprProblems(where, expr string, names map[string]bool, perInstance bool) []string {
	parsed, err := parser.ParseExpr(grafanaIntervals.Replace(expr))
	if err != nil {
		return []string{fmt.Sprintf("%s: PromQL %q: %v", where, expr, err)}
	}
	var problems []string
	parser.Inspect(parsed, func(node parser.Node, _ []parser.Node) error {
		vs, ok := node.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		name := vs.Name
		if name == "" {
			for _, m := range vs.LabelMatchers {
				if m.Name == labels.MetricName && m.Type == labels.MatchEqual {
					name = m.Value
				}
			}
		}
		if name == "" {
			problems = append(problems, fmt.Sprintf("%s: selector %s names no metric", where, vs))
			return nil
		}
		names[name] = true
		if perInstance && strings.HasPrefix(name, "loomio_") && !operatorWide[name] &&
			!(matches(vs, "namespace", "$namespace") && matches(vs, "loomioinstance", "$instance")) {
			problems = append(problems, fmt.Sprintf(`%s: %s must select namespace=~"$namespace" and loomioinstance=~"$instance"`, where, vs))
		}
		return nil
	})
	return problems
}

// schemaError is err, or nil for an empty cog.BuildErrors: the SDK returns its error list as an error interface even
// when the list is empty.
func schemaError(err error) error {
	var list cog.BuildErrors
	if errors.As(err, &list) && len(list) == 0 {
		return nil
	}
	return err
}

func matches(vs *parser.VectorSelector, label, variable string) bool {
	for _, m := range vs.LabelMatchers {
		if m.Name == label && m.Type == labels.MatchRegexp && m.Value == variable {
			return true
		}
	}
	return false
}

func compact(raw json.RawMessage) string {
	var v map[string]any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	out, _ := json.Marshal(v)
	return string(out)
}
