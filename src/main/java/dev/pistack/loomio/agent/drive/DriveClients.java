package dev.pistack.loomio.agent.drive;

import com.google.api.client.http.HttpBackOffIOExceptionHandler;
import com.google.api.client.http.HttpBackOffUnsuccessfulResponseHandler;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.ExponentialBackOff;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.DriveScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the Drive v3 client (google-api-services-drive) with retries: requests answered 429 or 5xx, and requests
 * that fail with an I/O error (a dropped connection), are retried with exponential backoff; a 401 refreshes the
 * access token first. Upload chunks retried this way resume where the server says the upload stands.
 */
public final class DriveClients {
    private DriveClients() {
    }

    /** @throws IOException when the credentials cannot be read */
    public static Drive create(DriveSettings settings) throws IOException {
        HttpTransport transport = new NetHttpTransport();
        GoogleCredentials credentials = credentials(settings);
        HttpCredentialsAdapter auth = new HttpCredentialsAdapter(credentials);
        HttpRequestInitializer init = request -> {
            auth.initialize(request);
            HttpBackOffUnsuccessfulResponseHandler backoff = new HttpBackOffUnsuccessfulResponseHandler(backOff(settings))
                    .setBackOffRequired(r -> r.getStatusCode() == 429 || r.getStatusCode() / 100 == 5);
            HttpUnsuccessfulResponseHandler refreshThenBackoff = (req, response, supportsRetry) ->
                    auth.handleResponse(req, response, supportsRetry) || backoff.handleResponse(req, response, supportsRetry);
            request.setUnsuccessfulResponseHandler(refreshThenBackoff);
            request.setIOExceptionHandler(new HttpBackOffIOExceptionHandler(backOff(settings)));
            request.setNumberOfRetries(settings.maxAttempts());
            request.setConnectTimeout(30_000);
            request.setReadTimeout(120_000);
        };
        return new Drive.Builder(transport, GsonFactory.getDefaultInstance(), init)
                .setRootUrl(settings.rootUrl())
                .setApplicationName("loomio-operator-backup-agent")
                .build();
    }

    static ExponentialBackOff backOff(DriveSettings settings) {
        int initial = (int) settings.retryInitial().toMillis();
        return new ExponentialBackOff.Builder()
                .setInitialIntervalMillis(initial)
                .setMultiplier(2)
                .setMaxIntervalMillis(Math.max(initial, 32_000))
                .setMaxElapsedTimeMillis(Math.max(initial * 64, 180_000))
                .build();
    }

    private static GoogleCredentials credentials(DriveSettings s) throws IOException {
        if (s.refreshToken() != null) {
            return UserCredentials.newBuilder()
                    .setClientId(s.clientId())
                    .setClientSecret(s.clientSecret())
                    .setRefreshToken(s.refreshToken())
                    .setTokenServerUri(URI.create(s.tokenUri()))
                    .build();
        }
        ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(s.serviceAccountJson().getBytes(StandardCharsets.UTF_8)));
        GoogleCredentials scoped = account.createScoped(List.of(DriveScopes.DRIVE));
        return s.subject() != null ? scoped.createDelegated(s.subject()) : scoped;
    }
}
