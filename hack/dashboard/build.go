package main

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// The dashboard's identity: Grafana keys a provisioned dashboard by its UID.
const (
	uid   = "loomio-operator"
	title = "Loomio operator"
)

// sel is the label matcher of the per-instance gauges: the instances the namespace and instance variables chose.
const sel = `namespace=~"$namespace", loomioinstance=~"$instance"`

func datasource() common.DataSourceRef {
	return common.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${datasource}")}
}

func query(expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Datasource(datasource()).Expr(expr).LegendFormat(legend).Range()
}

func instant(expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Datasource(datasource()).Expr(expr).LegendFormat(legend).Instant()
}

func thresholds(steps ...dashboard.Threshold) *dashboard.ThresholdsConfigBuilder {
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(steps)
}

func step(value *float64, color string) dashboard.Threshold {
	return dashboard.Threshold{Value: value, Color: color}
}

func series(titleText, description, unit string, targets ...*prometheus.DataqueryBuilder) *timeseries.PanelBuilder {
	p := timeseries.NewPanelBuilder().Title(titleText).Description(description).Datasource(datasource()).
		Unit(unit).Min(0).Height(8).Span(12).FillOpacity(10)
	for _, t := range targets {
		p.WithTarget(t)
	}
	return p
}

func single(titleText, description, unit string, t *prometheus.DataqueryBuilder,
	th *dashboard.ThresholdsConfigBuilder) *stat.PanelBuilder {
	return stat.NewPanelBuilder().Title(titleText).Description(description).Datasource(datasource()).
		Unit(unit).Height(4).Span(6).WithTarget(t).Thresholds(th).ColorMode(common.BigValueColorModeBackground).
		GraphMode(common.BigValueGraphModeNone).NoValue("none yet")
}

func variables() []cog.Builder[dashboard.VariableModel] {
	return []cog.Builder[dashboard.VariableModel]{
		dashboard.NewDatasourceVariableBuilder("datasource").Label("Data source").Type("prometheus"),
		dashboard.NewQueryVariableBuilder("namespace").Label("Namespace").Datasource(datasource()).
			Query(dashboard.StringOrMap{String: cog.ToPtr("label_values(loomio_backup_enabled, namespace)")}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Sort(dashboard.VariableSortAlphabeticalAsc).
			Multi(true).IncludeAll(true),
		dashboard.NewQueryVariableBuilder("instance").Label("LoomioInstance").Datasource(datasource()).
			Query(dashboard.StringOrMap{String: cog.ToPtr(
				`label_values(loomio_backup_enabled{namespace=~"$namespace"}, loomioinstance)`)}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Sort(dashboard.VariableSortAlphabeticalAsc).
			Multi(true).IncludeAll(true),
	}
}

// build returns the dashboard: per instance RAM against its limits, backup age, size and duration, restore tests;
// then the operator's own reconcile health. Every query reads a metric the operator exports (docs/monitoring.md).
func build() (dashboard.Dashboard, error) {
	hour, twoHours := 3600.0, 7200.0
	one := 1.0
	return dashboard.NewDashboardBuilder(title).Uid(uid).
		Description("LoomioInstances run by the loomio-operator: RAM against limits, backups, restore tests, and the operator's reconcile health.").
		Tags([]string{"loomio", "loomio-operator", "kubernetes"}).
		Refresh("1m").Time("now-24h", "now").Timezone(common.TimeZoneBrowser).
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Variables(variables()).
		WithRow(dashboard.NewRowBuilder("Backups")).
		WithPanel(single("Data age in backups",
			"Time since the data was last known to be in a stored backup: the last success, or a later scheduled run that found the database unchanged (loomio_backup_current_timestamp_seconds). Yellow past 1 h, red past 2 h, the defaults of spec.monitoring.backupWarningAge and backupCriticalAge.",
			"s", instant(`time() - (loomio_backup_current_timestamp_seconds{`+sel+`} > 0)`, "{{namespace}}/{{loomioinstance}}"),
			thresholds(step(nil, "green"), step(&hour, "yellow"), step(&twoHours, "red")))).
		WithPanel(single("Newest backup run",
			"1 when the newest backup run succeeded, 0 when it failed (loomio_backup_last_run_ok); the BackupHealthy condition says why.",
			"none", instant(`loomio_backup_last_run_ok{`+sel+`}`, "{{namespace}}/{{loomioinstance}}"),
			thresholds(step(nil, "red"), step(&one, "green")))).
		WithPanel(single("Newest restore test",
			"1 when the newest restore test restored its backup with every table's rows, 0 when it failed (loomio_backup_restore_test_ok); none before the first test.",
			"none", instant(`loomio_backup_restore_test_ok{`+sel+`}`, "{{namespace}}/{{loomioinstance}}"),
			thresholds(step(nil, "red"), step(&one, "green")))).
		WithPanel(single("Restore test age",
			"Time since the newest restore test finished (loomio_backup_restore_test_timestamp_seconds).",
			"s", instant(`time() - loomio_backup_restore_test_timestamp_seconds{`+sel+`}`, "{{namespace}}/{{loomioinstance}}"),
			thresholds(step(nil, "green")))).
		WithPanel(series("Backup size",
			"Size of the last successful backup, encrypted and compressed (loomio_backup_last_size_bytes).",
			"bytes", query(`loomio_backup_last_size_bytes{`+sel+`}`, "{{namespace}}/{{loomioinstance}}"))).
		WithPanel(series("Backup duration",
			"Wall time of the last successful backup, dump to the last target (loomio_backup_last_duration_seconds).",
			"s", query(`loomio_backup_last_duration_seconds{`+sel+`}`, "{{namespace}}/{{loomioinstance}}"))).
		WithRow(dashboard.NewRowBuilder("RAM")).
		WithPanel(series("Data in RAM against its volume",
			"Bytes in the database's and Redis' memory-backed data volumes against their size (loomio_data_used_bytes, loomio_data_limit_bytes); MemoryHealthy warns at spec.monitoring.ramWarningPercent.",
			"bytes",
			query(`loomio_data_used_bytes{`+sel+`}`, "{{loomioinstance}} {{component}} used"),
			query(`loomio_data_limit_bytes{`+sel+`}`, "{{loomioinstance}} {{component}} limit"))).
		WithPanel(series("Pod memory against its limit",
			"Working set of the Postgres and Redis pods against their memory limits (loomio_pod_memory_used_bytes, loomio_pod_memory_limit_bytes): a RAM volume counts against its pod's limit.",
			"bytes",
			query(`loomio_pod_memory_used_bytes{`+sel+`}`, "{{loomioinstance}} {{component}} used"),
			query(`loomio_pod_memory_limit_bytes{`+sel+`}`, "{{loomioinstance}} {{component}} limit"))).
		WithPanel(series("Data volume use, percent of size",
			"The figure MemoryHealthy compares with the instance's thresholds, drawn with them (loomio_ram_warning_percent, loomio_ram_critical_percent).",
			"percent",
			query(`100 * loomio_data_used_bytes{`+sel+`} / loomio_data_limit_bytes{`+sel+`}`, "{{loomioinstance}} {{component}}"),
			query(`loomio_ram_warning_percent{`+sel+`}`, "{{loomioinstance}} warning"),
			query(`loomio_ram_critical_percent{`+sel+`}`, "{{loomioinstance}} critical"))).
		WithRow(dashboard.NewRowBuilder("Operator")).
		WithPanel(series("Reconciliations",
			"Reconciliations started and succeeded per second, all controllers (operator_sdk_reconciliations_started_total, _success_total): a gap between them is failing reconciles.",
			"ops",
			query(`sum(rate(operator_sdk_reconciliations_started_total[$__rate_interval]))`, "started"),
			query(`sum(rate(operator_sdk_reconciliations_success_total[$__rate_interval]))`, "succeeded"))).
		WithPanel(series("Reconcile queue and work in progress",
			"LoomioInstance reconciles waiting and running (operator_sdk_reconciliations_queue_size_loomioinstance, operator_sdk_reconciliations_executions_loomioinstance).",
			"short",
			query(`sum(operator_sdk_reconciliations_queue_size_loomioinstance)`, "queued"),
			query(`sum(operator_sdk_reconciliations_executions_loomioinstance)`, "running"))).
		WithPanel(series("Memory sampling round",
			"Mean time of a memory sampling round over all instances (loomio_memory_sampling_seconds).",
			"s",
			query(`sum(rate(loomio_memory_sampling_seconds_sum[$__rate_interval])) / sum(rate(loomio_memory_sampling_seconds_count[$__rate_interval]))`, "mean"))).
		WithPanel(series("Operator JVM memory",
			"The operator's heap and non-heap memory in use (jvm_memory_used_bytes); docs/figures.md has its RSS.",
			"bytes",
			query(`sum by (area) (jvm_memory_used_bytes)`, "{{area}}"))).
		Build()
}
