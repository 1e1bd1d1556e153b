// Command dashboard builds the Grafana dashboard of the loomio-operator's metrics with Grafana's Foundation SDK, and
// lints a dashboard file:
//
//	dashboard generate        print the dashboard's JSON
//	dashboard lint FILE       check FILE; print the metric names its queries read, one per line
//
// The lint reads FILE with Grafana's own schema (the Foundation SDK's strict decoder and Validate), parses every
// query with Prometheus' PromQL parser, and holds the project's rules: each panel has a title and a description and
// reads the ${datasource} variable; each query of a per-instance gauge (loomio_*, but the operator-wide
// loomio_memory_sampling_seconds) selects the namespace and instance variables. It exits 1 naming each problem.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "generate" {
		d, err := build()
		if err != nil {
			fail(err)
		}
		out, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			fail(err)
		}
		fmt.Println(string(out))
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "lint" {
		raw, err := os.ReadFile(os.Args[2])
		if err != nil {
			fail(err)
		}
		names, problems := lint(raw)
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, os.Args[2]+": "+p)
		}
		if len(problems) > 0 {
			os.Exit(1)
		}
		for _, n := range names {
			fmt.Println(n)
		}
		return
	}
	fmt.Fprintln(os.Stderr, "usage: dashboard generate | dashboard lint FILE")
	os.Exit(2)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "dashboard:", err)
	os.Exit(1)
}
