package dev.pistack.loomio.agent.credentials;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.store.BackupTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the newest authentic copy of the credentials Secret across targets. What it answers decides between a new
 * install and a recovery, so it never answers "none" unless every target was read and held no copy at all.
 */
public final class CredentialsFetch {
    /** What the targets hold. */
    public enum Outcome {
        /** An authentic copy of this instance: {@link Result#copy()}, from {@link Result#source()}. */
        FOUND,
        /** Every target was read and none holds a copy: a new install. */
        NONE,
        /** Copies exist but none is authentic under this key or of this instance: never a new install. */
        NO_AUTHENTIC,
        /** A target could not be read: nothing can be concluded. */
        FAILED
    }

    /**
     * @param copy the newest authentic copy when {@link Outcome#FOUND}
     * @param source the kind of target it came from, or the one that failed
     * @param message what was refused or failed, for people; never a value of the Secret
     */
    public record Result(Outcome outcome, SealedCredentials.Opened copy, String source, String message) {
    }

    private CredentialsFetch() {
    }

    /**
     * @param instance the instance whose copy is accepted, {@code namespace/name}; copies that name another are
     *     refused (a copy that names none is accepted)
     * @return what the targets hold; never throws for a target that fails, it says so
     */
    public static Result newest(List<BackupTarget> targets, FernetKey key, String instance) {
        SealedCredentials.Opened newest = null;
        String source = null;
        List<String> refused = new ArrayList<>();
        for (BackupTarget target : targets) {
            List<byte[]> copies;
            try {
                copies = target.readCredentials();
            } catch (IOException | RuntimeException e) {
                return new Result(Outcome.FAILED, null, target.kind(), target.kind()
                        + " could not be read for the credentials copy: " + e.getMessage());
            }
            for (byte[] copy : copies) {
                SealedCredentials.Opened opened;
                try {
                    opened = SealedCredentials.open(key, copy);
                } catch (IOException e) {
                    refused.add(target.kind() + ": " + e.getMessage());
                    continue;
                }
                if (instance != null && opened.instance() != null && !instance.equals(opened.instance())) {
                    refused.add(target.kind() + ": a copy of instance " + opened.instance());
                    continue;
                }
                if (newest == null || opened.sealedAt().isAfter(newest.sealedAt())) {
                    newest = opened;
                    source = target.kind();
                }
            }
        }
        if (newest != null) {
            return new Result(Outcome.FOUND, newest, source, refused.isEmpty() ? null : "refused: " + refused);
        }
        if (!refused.isEmpty()) {
            return new Result(Outcome.NO_AUTHENTIC, null, null, "copies of the credentials Secret exist but none is"
                    + " authentic under key " + key.fingerprint() + " and of instance " + instance + ": " + refused);
        }
        return new Result(Outcome.NONE, null, null, null);
    }
}
