package org.ayni.trace.epcis;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What the EPCIS interface needs of the web server: a bounded executor for capture jobs, and event
 * IDs in paths. An eventID is a URI, often the CBV hash {@code ni:///sha-256;…?ver=CBV2.0}, so
 * {@code GET /epcis/events/{eventID}} receives it percent-encoded with {@code %2F} and {@code %3B}.
 * Tomcat passes encoded slashes through undecoded (they stay inside their path segment), and the
 * security firewall allows them and semicolons for that path and the others that name a URI in a
 * segment ({@code /epcis/epcs/{epc}} and its kind); everywhere else it stays strict. And the
 * versions a request asks for are checked before any resource answers it ({@link EpcisVersions}).
 */
@Configuration(proxyBeanMethods = false)
class EpcisConfiguration {

  static final String EVENT_PATH = "/epcis/events/";

  /**
   * The capture executor: {@code ayni.epcis.capture.threads} workers and a queue of {@code
   * ayni.epcis.capture.queue} jobs; beyond that the request's own thread runs the job. On shutdown
   * running and queued jobs are given time to finish.
   */
  @Bean(destroyMethod = "")
  ExecutorService epcisCaptureExecutor(
      @Value("${ayni.epcis.capture.threads:2}") int threads,
      @Value("${ayni.epcis.capture.queue:16}") int queue) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            runnable -> {
              Thread thread = new Thread(runnable, "epcis-capture-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    return executor;
  }

  @Bean
  CaptureExecutorShutdown epcisCaptureExecutorShutdown(ExecutorService epcisCaptureExecutor) {
    return new CaptureExecutorShutdown(epcisCaptureExecutor);
  }

  /** Lets capture jobs finish before the data source closes. */
  static final class CaptureExecutorShutdown
      implements org.springframework.beans.factory.DisposableBean {

    private final ExecutorService executor;

    CaptureExecutorShutdown(ExecutorService executor) {
      this.executor = executor;
    }

    @Override
    public void destroy() throws InterruptedException {
      executor.shutdown();
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    }
  }

  @Bean
  WebMvcConfigurer epcisVersionCheck() {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new EpcisVersions()).addPathPatterns("/epcis", "/epcis/**");
      }
    };
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> epcisEncodedSlashes() {
    return factory ->
        factory.addConnectorCustomizers(
            connector ->
                connector.setEncodedSolidusHandling(
                    EncodedSolidusHandling.PASS_THROUGH.getValue()));
  }

  @Bean
  WebSecurityCustomizer epcisFirewall() {
    StrictHttpFirewall strict = new StrictHttpFirewall();
    StrictHttpFirewall events = new StrictHttpFirewall();
    events.setAllowUrlEncodedSlash(true);
    events.setAllowUrlEncodedDoubleSlash(true);
    events.setAllowSemicolon(true);
    events.setAllowUrlEncodedPercent(true);
    HttpFirewall firewall =
        new HttpFirewall() {
          @Override
          public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
            return eventPath(request)
                ? events.getFirewalledRequest(request)
                : strict.getFirewalledRequest(request);
          }

          @Override
          public jakarta.servlet.http.HttpServletResponse getFirewalledResponse(
              jakarta.servlet.http.HttpServletResponse response) {
            return strict.getFirewalledResponse(response);
          }
        };
    return web -> web.httpFirewall(firewall);
  }

  /**
   * The resources whose path names a URI in one segment: an event ({@code /events/{eventID}}), and
   * an EPC, business step, business location, read point, disposition or event type, alone or
   * followed by {@code /events}.
   */
  private static final List<String> URI_PATHS =
      List.of(
          "/epcis/epcs/",
          "/epcis/bizSteps/",
          "/epcis/bizLocations/",
          "/epcis/readPoints/",
          "/epcis/dispositions/",
          "/epcis/eventTypes/");

  private static boolean eventPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path =
        context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    if (path.startsWith(EVENT_PATH)) {
      return path.indexOf('/', EVENT_PATH.length()) < 0;
    }
    for (String prefix : URI_PATHS) {
      if (path.startsWith(prefix)) {
        int slash = path.indexOf('/', prefix.length());
        return slash < 0
            ? path.length() > prefix.length()
            : slash > prefix.length() && path.substring(slash).equals("/events");
      }
    }
    return false;
  }
}
