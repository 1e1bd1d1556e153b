package dev.pistack.loomio.agent;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonErrorContainer;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.RestoreTestSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the agent reaches by reflection, for a native build: Jackson writes the summaries, and the Google client maps
 * JSON onto the Drive model through @Key fields. (picocli's commands are registered by picocli-codegen at compile
 * time: META-INF/native-image/picocli-generated/.)
 */
@RegisterForReflection(targets = {
    BackupSummary.class, BackupSummary.TargetResult.class, BackupSummary.Inventory.class,
    RestoreTestSummary.class, RestoreSummary.class, RestoreSummary.Attempt.class,
    File.class, FileList.class, GoogleJsonError.class, GoogleJsonError.ErrorInfo.class, GoogleJsonErrorContainer.class,
})
final class NativeReflection {
    private NativeReflection() {
    }
}
