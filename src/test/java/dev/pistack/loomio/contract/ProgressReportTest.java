package dev.pistack.loomio.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressReportTest {
    @Test
    void aLineIsOneJsonObjectWithProgressFirstAndReadsBack() {
        ProgressReport r = new ProgressReport(ProgressReport.DOWNLOAD, "loomio-hourly-x.sql.gz.enc", "drive",
                325_058_560L, 1_288_490_188L, 14_680_064L);

        assertThat(r.line()).startsWith("{\"progress\":\"download\",").doesNotContain("\n");
        assertThat(ProgressReport.newest("starting\n" + r.line() + "\n{\"action\":\"restore\"}\n")).contains(r);
    }

    @Test
    void theNewestReadableLineWins() {
        String older = new ProgressReport(ProgressReport.VERIFY, "b", "local", 1, 10L, 1).line();
        String newer = new ProgressReport(ProgressReport.DECRYPT, "b", "local", 5, 10L, 2).line();

        assertThat(ProgressReport.newest(older + "\n" + newer + "\n{\"progress\":\"apply\",\"done"))
                .map(ProgressReport::progress).contains(ProgressReport.DECRYPT);
        assertThat(ProgressReport.newest("no progress here\n")).isEmpty();
        assertThat(ProgressReport.newest(null)).isEmpty();
    }

    @Test
    void describesWhatAPersonReads() {
        assertThat(new ProgressReport(ProgressReport.DOWNLOAD, "loomio-hourly-x", "drive", 325_058_560L,
                1_288_490_188L, 14_680_064L).describe())
                .isEqualTo("downloading loomio-hourly-x from drive: 310.0 MiB of 1.2 GiB, 14.0 MiB/s");
        assertThat(new ProgressReport(ProgressReport.APPLY, null, null, 512, null, 0).describe())
                .isEqualTo("applying the dump: 512 B, 0 B/s");
        assertThat(ProgressReport.bytes(1536)).isEqualTo("1.5 KiB");
    }
}
