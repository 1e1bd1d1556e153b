package dev.pistack.loomio.operator.upgrade;

import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.MigrationJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.List;

/** Reading the instance's migration Jobs out of all its Jobs, and their outcome: pure helpers. */
final class MigrationJobs {
    private MigrationJobs() {
    }

    /** @return the migration Jobs among the instance's Jobs (by their component label) */
    static List<Job> of(Collection<Job> jobs) {
        return jobs.stream()
                .filter(j -> MigrationJob.COMPONENT
                        .equals(j.getMetadata().getLabels().get(Labels.COMPONENT)))
                .toList();
    }

    /** @return true when the Job has the condition, e.g. Complete or Failed, with status True */
    static boolean has(Job job, String conditionType) {
        return job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(c -> conditionType.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
