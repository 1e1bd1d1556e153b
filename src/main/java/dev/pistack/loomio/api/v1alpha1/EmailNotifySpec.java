package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Alarm e-mails, sent through the SMTP server Loomio itself uses (spec.smtpSecretRef). */
public class EmailNotifySpec {
    @JsonPropertyDescription("Recipients. Empty: spec.supportEmail.")
    @Size(max = 10)
    private List<@Size(max = 254) @Pattern(Validation.EMAIL) String> to;

    public List<String> getTo() {
        return to;
    }

    public void setTo(List<String> to) {
        this.to = to;
    }
}
