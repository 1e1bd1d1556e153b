package dev.pistack.loomio.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {
    @Test
    void readsTheSecretAsLoomioDoes() {
        SmtpSettings s = SmtpSettings.from(Map.of("SMTP_SERVER", "smtp.example.org", "SMTP_PORT", "587",
                "SMTP_USERNAME", "pi", "SMTP_PASSWORD", "hunter2", "SMTP_DOMAIN", "loomio.example.org",
                "SMTP_AUTH", "login", "SMTP_USE_SSL", "0"));

        assertThat(s.host()).isEqualTo("smtp.example.org");
        assertThat(s.port()).isEqualTo(587);
        assertThat(s.authMethod()).isEqualTo("LOGIN");
        assertThat(s.ssl()).as("a presence check: 0 switches SSL on, as in Loomio").isTrue();
        assertThat(s.verifyPeer()).as("Loomio's default openssl_verify_mode is none").isFalse();
        assertThat(s.from()).isEqualTo("notifications@loomio.example.org");
        assertThat(s.toString()).doesNotContain("hunter2");
    }

    @Test
    void fillsInWhatRubysMailGemDefaults() {
        SmtpSettings s = SmtpSettings.from(Map.of("SMTP_SERVER", "mail.lan", "SMTP_SSL_VERIFY_MODE", "peer"));

        assertThat(s.port()).isEqualTo(25);
        assertThat(s.username()).isNull();
        assertThat(s.authMethod()).isEqualTo("PLAIN");
        assertThat(s.ssl()).isFalse();
        assertThat(s.verifyPeer()).isTrue();
        assertThat(s.from()).isEqualTo("notifications@mail.lan");
    }

    @Test
    void refusesWhatCannotBeSentTo() {
        assertThatThrownBy(() -> SmtpSettings.from(Map.of("SMTP_PASSWORD", "hunter2")))
                .hasMessage("the SMTP Secret has no SMTP_SERVER");
        assertThatThrownBy(() -> SmtpSettings.from(Map.of("SMTP_SERVER", "mail.lan", "SMTP_PORT", "smtp")))
                .hasMessage("the SMTP Secret's SMTP_PORT is not a port: smtp");
    }
}
