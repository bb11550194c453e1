package org.ayni.trace.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ayni.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * Captures a data set's documents through the EPCIS interface of the running application, as its
 * users would: {@code POST /epcis/capture} with a bearer token and the organisation's header, then
 * {@code GET /epcis/capture/{id}} with {@code Prefer: wait=30} (answered when the job ends) until
 * the job is finished. {@code clients} threads send at once; a document is sent only once the
 * documents it depends on are captured, so every organisation's documents go in in order.
 * Throughput is events stored per second of wall time, from the first request to the last finished
 * job.
 */
public final class CaptureRunner {

  /** What a run did. */
  public record Result(
      int clients, int documents, long events, long stored, long nanos, long polls) {

    public double eventsPerSecond() {
      return stored * 1e9 / nanos;
    }

    public double seconds() {
      return nanos / 1e9;
    }
  }

  private static final Duration POLL = Duration.ofMillis(3);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;
  private final java.util.Map<String, String> tokens;

  /** A runner sending each organisation's documents with its token (by organisation code). */
  public CaptureRunner(int port, java.util.Map<String, String> tokens) {
    this.base = "http://localhost:" + port;
    this.tokens = java.util.Map.copyOf(tokens);
  }

  /** Captures every document with {@code clients} threads; fails at the first failed job. */
  public Result run(List<CacaoChain.Document> documents, int clients, boolean progress) {
    int n = documents.size();
    boolean[] done = new boolean[n];
    Object monitor = new Object();
    AtomicInteger next = new AtomicInteger();
    AtomicLong stored = new AtomicLong();
    AtomicLong polls = new AtomicLong();
    AtomicInteger finished = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long events = documents.stream().mapToLong(CacaoChain.Document::events).sum();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      Thread thread =
          Thread.ofPlatform()
              .name("capture-client-" + t)
              .start(
                  () -> {
                    try {
                      for (int i = next.getAndIncrement();
                          i < n && failure.get() == null;
                          i = next.getAndIncrement()) {
                        CacaoChain.Document document = documents.get(i);
                        synchronized (monitor) {
                          while (!ready(document, done) && failure.get() == null) {
                            monitor.wait(100);
                          }
                        }
                        JsonNode job = capture(document, polls);
                        if (!job.path("success").asBoolean()
                            || job.path("storedCount").asInt() != document.events()) {
                          throw new IllegalStateException(
                              "document " + i + " (" + document.organisation() + "): " + job);
                        }
                        stored.addAndGet(job.path("storedCount").asInt());
                        synchronized (monitor) {
                          done[i] = true;
                          monitor.notifyAll();
                        }
                        int f = finished.incrementAndGet();
                        if (progress && f % Math.max(1, n / 20) == 0) {
                          double s = (System.nanoTime() - start) / 1e9;
                          System.out.printf(
                              "  captured %d/%d documents, %d events, %.0f events/s%n",
                              f, n, stored.get(), stored.get() / s);
                        }
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                      synchronized (monitor) {
                        monitor.notifyAll();
                      }
                    }
                  });
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    long nanos = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("capture failed: " + failure.get(), failure.get());
    }
    return new Result(clients, n, events, stored.get(), nanos, polls.get());
  }

  private String token(CacaoChain.Document document) {
    String token = tokens.get(document.organisation());
    if (token == null) {
      throw new IllegalStateException("no token for " + document.organisation());
    }
    return token;
  }

  private static boolean ready(CacaoChain.Document document, boolean[] done) {
    for (int d : document.after()) {
      if (!done[d]) {
        return false;
      }
    }
    return true;
  }

  private JsonNode capture(CacaoChain.Document document, AtomicLong polls)
      throws IOException, InterruptedException {
    HttpResponse<String> accepted =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/epcis/capture"))
                .header("Authorization", "Bearer " + token(document))
                .header("Ayni-Organisation", document.organisation())
                .header("Content-Type", "application/ld+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document.json()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException(
          "capture of document "
              + document.index()
              + ": "
              + accepted.statusCode()
              + " "
              + accepted.body());
    }
    String location = accepted.headers().firstValue("Location").orElseThrow();
    // The server answers when the job ends (or after 30 s, or at once when it cannot wait).
    HttpRequest poll =
        HttpRequest.newBuilder(URI.create(base + location))
            .header("Authorization", "Bearer " + token(document))
            .header("Prefer", "wait=30")
            .GET()
            .build();
    while (true) {
      polls.incrementAndGet();
      HttpResponse<String> job = client.send(poll, HttpResponse.BodyHandlers.ofString());
      if (job.statusCode() != 200) {
        throw new IllegalStateException("job " + location + ": " + job.statusCode());
      }
      JsonNode json = Http.JSON.readTree(job.body());
      if (!json.path("running").asBoolean()) {
        return json;
      }
      Thread.sleep(POLL);
    }
  }
}
