package dev.pistack.loomio.operator.notify;

import java.util.Locale;
import java.util.Map;

/**
 * The SMTP settings of spec.smtpSecretRef read as Loomio reads them (loomio/loomio config/application.rb: address
 * SMTP_SERVER, port SMTP_PORT, authentication SMTP_AUTH, user_name SMTP_USERNAME, password SMTP_PASSWORD, domain
 * SMTP_DOMAIN, ssl SMTP_USE_SSL, openssl_verify_mode SMTP_SSL_VERIFY_MODE defaulting to none), so the operator's
 * alarms go out exactly where Loomio's own mail does. Ruby's Mail gem fills in the rest: port 25, STARTTLS when the
 * server offers it, PLAIN authentication when a user name is set; SMTP_USE_SSL is a presence check, as every Loomio
 * flag ("1" and "0" both switch SSL on).
 *
 * @param host SMTP_SERVER
 * @param port SMTP_PORT, else 25
 * @param username SMTP_USERNAME, or null for no authentication
 * @param password SMTP_PASSWORD (never logged; {@link #toString()} leaves it out)
 * @param authMethod SMTP_AUTH upper-cased as SASL names it (PLAIN, LOGIN, CRAM-MD5), PLAIN by default
 * @param heloName SMTP_DOMAIN, or null for the host's own name
 * @param ssl SMTP_USE_SSL present: TLS from the first byte (port 465); else STARTTLS when offered
 * @param verifyPeer SMTP_SSL_VERIFY_MODE is peer or fail_if_no_peer_cert (Loomio's default, none, trusts any
 *     certificate)
 * @param from the sender: notifications@SMTP_DOMAIN, as Loomio's own notifications, else notifications@SMTP_SERVER
 */
public record SmtpSettings(String host, int port, String username, String password, String authMethod,
        String heloName, boolean ssl, boolean verifyPeer, String from) {

    /**
     * @param secret the Secret's data, decoded
     * @throws IllegalArgumentException when SMTP_SERVER is missing or SMTP_PORT is not a port; the message names the
     *     key and never a value of the Secret but the port
     */
    public static SmtpSettings from(Map<String, String> secret) {
        String host = value(secret, "SMTP_SERVER");
        if (host == null) {
            throw new IllegalArgumentException("the SMTP Secret has no SMTP_SERVER");
        }
        int port = 25;
        String portValue = value(secret, "SMTP_PORT");
        if (portValue != null) {
            try {
                port = Integer.parseInt(portValue);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the SMTP Secret's SMTP_PORT is not a port: " + portValue);
            }
        }
        String auth = value(secret, "SMTP_AUTH");
        String method = auth == null ? "PLAIN" : auth.toUpperCase(Locale.ROOT).replace('_', '-');
        String domain = value(secret, "SMTP_DOMAIN");
        String verify = value(secret, "SMTP_SSL_VERIFY_MODE");
        boolean verifyPeer = "peer".equals(verify) || "fail_if_no_peer_cert".equals(verify);
        return new SmtpSettings(host, port, value(secret, "SMTP_USERNAME"), value(secret, "SMTP_PASSWORD"), method,
                domain, value(secret, "SMTP_USE_SSL") != null, verifyPeer,
                "notifications@" + (domain != null ? domain : host));
    }

    private static String value(Map<String, String> secret, String key) {
        String v = secret.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", user " + (username == null ? "none" : username) + ", "
                + authMethod + ", ssl " + ssl + "]";
    }
}
