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
 *
 * <p>The client's uploader turns each failed chunk into a status query and then sends the next chunk as a new
 * request, so per-request retry limits never end an upload against a Drive that keeps failing. {@link #withRetryBudget}
 * therefore gives every request of one operation the same backoff, which stops after
 * {@link DriveSettings#retryMaxElapsed()}.
 */
public final class DriveClients {
    private static final ThreadLocal<ExponentialBackOff> OPERATION = new ThreadLocal<>();

    private DriveClients() {
    }

    /** One Drive operation (possibly many HTTP requests). */
    @FunctionalInterface
    public interface Operation<T> {
        T run() throws IOException;
    }

    /** Runs an operation on this thread with one retry budget shared by all its requests. */
    public static <T> T withRetryBudget(DriveSettings settings, Operation<T> operation) throws IOException {
        OPERATION.set(backOff(settings));
        try {
            return operation.run();
        } finally {
            OPERATION.remove();
        }
    }

    /** @throws IOException when the credentials cannot be read */
    public static Drive create(DriveSettings settings) throws IOException {
        HttpTransport transport = new NetHttpTransport();
        GoogleCredentials credentials = credentials(settings);
        HttpCredentialsAdapter auth = new HttpCredentialsAdapter(credentials);
        HttpRequestInitializer init = request -> {
            auth.initialize(request);
            ExponentialBackOff budget = OPERATION.get() != null ? OPERATION.get() : backOff(settings);
            HttpBackOffUnsuccessfulResponseHandler backoff = new HttpBackOffUnsuccessfulResponseHandler(budget)
                    .setBackOffRequired(r -> r.getStatusCode() == 429 || r.getStatusCode() / 100 == 5);
            HttpUnsuccessfulResponseHandler refreshThenBackoff = (req, response,
                    supportsRetry) -> auth.handleResponse(req, response, supportsRetry)
                            || backoff.handleResponse(req, response, supportsRetry);
            request.setUnsuccessfulResponseHandler(refreshThenBackoff);
            request.setIOExceptionHandler(new HttpBackOffIOExceptionHandler(budget));
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
                .setMaxElapsedTimeMillis((int) Math.min(Integer.MAX_VALUE, settings.retryMaxElapsed().toMillis()))
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
