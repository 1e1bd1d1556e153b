package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The Ingress serving host (the app, with ActionCable at /cable) and hocuspocus.host. */
public class IngressSpec {
    @JsonPropertyDescription("Create an Ingress for the two hosts. Turn off to expose the Services yourself.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("IngressClass name (k3s ships 'traefik'); the cluster default when unset.")
    @Size(min = 1, max = 253)
    private String className;

    @JsonPropertyDescription("Name of a kubernetes.io/tls Secret covering host and hocuspocus.host."
            + " Without it the Ingress serves plain HTTP.")
    @Size(min = 1, max = 253)
    @Pattern(Validation.DNS_NAME)
    private String tlsSecretName;

    @JsonPropertyDescription("Annotations for the Ingress, e.g. cert-manager.io/cluster-issuer.")
    @ValidationRule(value = "self.all(k, !k.endsWith('-snippet'))",
            message = "ingress.annotations may not hold *-snippet keys: a snippet injects configuration into the"
                    + " ingress controller, for every site it serves (ingress-nginx CVE-2021-25742); remove it")
    private Map<String, String> annotations;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getClassName() {
        return className;
    }

    public void setClassName(String className) {
        this.className = className;
    }

    public String getTlsSecretName() {
        return tlsSecretName;
    }

    public void setTlsSecretName(String tlsSecretName) {
        this.tlsSecretName = tlsSecretName;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
