package dev.pistack.loomio.agent.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the token JSON rclone writes ({"access_token", "token_type", "refresh_token", "expiry"}). */
final class RcloneToken {
    private RcloneToken() {
    }

    /** @throws IllegalArgumentException when it is not such JSON or has no refresh_token; never echoes the token */
    static String refreshToken(String json) {
        try {
            JsonNode token = new ObjectMapper().readTree(json);
            JsonNode refresh = token == null ? null : token.get("refresh_token");
            if (refresh == null || refresh.asText().isBlank()) {
                throw new IllegalArgumentException("GDRIVE_TOKEN has no refresh_token");
            }
            return refresh.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("GDRIVE_TOKEN is not JSON as rclone writes it");
        }
    }
}
