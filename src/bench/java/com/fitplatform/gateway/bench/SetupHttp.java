package com.fitplatform.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain HTTP for the unmeasured setup of a workload (minting ID tokens, creating payment attempts):
 * a few parallel callers, every answer checked, the first failure ends the run.
 */
final class SetupHttp {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
        }
        return response;
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    }

    /** One unit of setup work, by index. */
    @FunctionalInterface
    interface Task<T> {
        T run(long index) throws Exception;
    }

    /** Runs {@code task} for 0..count-1 on {@code parallel} threads; the results in index order. */
    static <T> List<T> parallel(long count, int parallel, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<List<T>>> parts = new ArrayList<>();
            for (int p = 0; p < parallel; p++) {
                int part = p;
                parts.add(pool.submit(() -> {
                    List<T> done = new ArrayList<>();
                    for (long i = part; i < count; i += parallel) {
                        done.add(task.run(i));
                    }
                    return done;
                }));
            }
            List<List<T>> results = new ArrayList<>();
            for (Future<List<T>> part : parts) {
                results.add(part.get());
            }
            List<T> ordered = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                ordered.add(results.get((int) (i % parallel)).get((int) (i / parallel)));
            }
            return ordered;
        } finally {
            pool.shutdownNow();
        }
    }
}
