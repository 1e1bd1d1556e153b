package dev.pistack.loomio.agent;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonErrorContainer;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import dev.pistack.loomio.agent.pipeline.BackupSummary;
import dev.pistack.loomio.agent.pipeline.RestoreSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the agent reaches by reflection, for a native build: picocli reads its commands' annotations, Jackson
 * writes the summaries, and the Google client maps JSON onto the Drive model through @Key fields.
 */
@RegisterForReflection(targets = {
    BackupSummary.class, BackupSummary.TargetResult.class, RestoreSummary.class, RestoreSummary.Attempt.class,
    File.class, FileList.class, GoogleJsonError.class, GoogleJsonError.ErrorInfo.class, GoogleJsonErrorContainer.class,
}, classNames = {
    "dev.pistack.loomio.agent.cli.AgentCommand", "dev.pistack.loomio.agent.cli.BackupCommand",
    "dev.pistack.loomio.agent.cli.RestoreCommand", "dev.pistack.loomio.agent.cli.ListCommand",
    "dev.pistack.loomio.agent.cli.VerifyCommand", "dev.pistack.loomio.agent.cli.PruneCommand",
    "dev.pistack.loomio.agent.cli.KeygenCommand", "dev.pistack.loomio.agent.cli.StoreOptions",
    "dev.pistack.loomio.agent.cli.RetentionOptions", "dev.pistack.loomio.agent.cli.BackupsCommand",
})
final class NativeReflection {
    private NativeReflection() {
    }
}
