package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Where subscription reports may go: public addresses only, checked when the subscription is made
 * and again by the HTTP client's resolver on every connection (so a name that later resolves to a
 * private address, and a literal private address, are refused by the client itself).
 */
class WebhookTargetsTests {

  /** A resolver with fixed answers, as DNS might give them. */
  private static DnsResolver dns(Map<String, String> answers) {
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.matches("[0-9a-fA-F.:]+")) {
          return new InetAddress[] {InetAddress.getByName(host)};
        }
        String address = answers.get(host);
        if (address == null) {
          throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
  }

  private static boolean isPublic(String address) throws UnknownHostException {
    return WebhookTargets.isPublic(InetAddress.getByName(address));
  }

  @Test
  void onlyPublicAddressesAreTargets() throws UnknownHostException {
    for (String inside :
        List.of(
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "192.0.0.8",
            "198.18.0.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:0a00:0001::1",
            "2001:db8::1",
            "ff02::1",
            "::ffff:0:a9fe:a9fe",
            "64:ff9b:1::a9fe:a9fe",
            "64:ff9b::808:808",
            "2001::5601:5601",
            "2001:2::1",
            "100::1")) {
      assertThat(isPublic(inside)).as(inside).isFalse();
    }
    for (String outside :
        List.of(
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.0.1",
            "172.32.0.1",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "2001:4860:4860::8888",
            "2a00:1450:4001:81c::200e",
            "2002:0808:0808::1")) {
      assertThat(isPublic(outside)).as(outside).isTrue();
    }
  }

  @Test
  void aUrlIsCheckedForItsSchemeItsFormAndWhereItsNameLeads() throws Exception {
    WebhookTargets targets =
        new WebhookTargets(
            false,
            List.of(),
            dns(Map.of("hooks.example.com", "93.184.216.34", "inside.example.com", "10.0.0.7")));
    assertThat(targets.check("https://hooks.example.com/epcis?x=1").getHost())
        .isEqualTo("hooks.example.com");
    assertThat(targets.check("https://93.184.216.34:8443/epcis").getPort()).isEqualTo(8443);
    for (String refused :
        List.of(
            "http://hooks.example.com/epcis",
            "ftp://hooks.example.com/x",
            "file:///etc/passwd",
            "mailto:someone@example.com",
            "https://user:secret@hooks.example.com/",
            "https://hooks.example.com/#top",
            "//hooks.example.com/x",
            "https://inside.example.com/",
            "https://nowhere.example.com/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://[::ffff:169.254.169.254]/",
            "https://hooks .example.com/")) {
      assertThatThrownBy(() -> targets.check(refused))
          .as(refused)
          .isInstanceOf(WebhookTargets.Refused.class);
    }
    WebhookTargets plain = new WebhookTargets(true, List.of("127.0.0.1"), dns(Map.of()));
    assertThat(plain.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
    assertThatThrownBy(() -> plain.check("http://127.0.0.2/hook"))
        .as("only the address allowed, not its neighbours")
        .isInstanceOf(WebhookTargets.Refused.class);
  }

  @Test
  void theClientItselfRefusesToConnectToAPrivateAddress() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    int port = server.getAddress().getPort();
    try {
      // a name that resolved to a public address when the subscription was made now leads to
      // this machine (DNS rebinding), and a literal loopback address: both refused on connecting
      WebhookTargets strict =
          new WebhookTargets(true, List.of(), dns(Map.of("rebound.example.com", "127.0.0.1")));
      for (String url :
          List.of("http://rebound.example.com:" + port + "/", "http://127.0.0.1:" + port + "/")) {
        try (CloseableHttpClient client = client(strict)) {
          assertThatThrownBy(() -> status(client, url))
              .as(url)
              .isInstanceOf(UnknownHostException.class);
        }
      }
      WebhookTargets allowing =
          new WebhookTargets(
              true, List.of("127.0.0.1"), dns(Map.of("rebound.example.com", "127.0.0.1")));
      try (CloseableHttpClient client = client(allowing)) {
        assertThat(status(client, "http://rebound.example.com:" + port + "/")).isEqualTo(204);
      }
    } finally {
      server.stop(0);
    }
  }

  private static CloseableHttpClient client(WebhookTargets targets) {
    return new SubscriptionConfiguration()
        .webhookClient(targets, Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  private static int status(CloseableHttpClient client, String url) throws IOException {
    try (ClassicHttpResponse response = client.executeOpen(null, new HttpPost(url), null)) {
      return response.getCode();
    }
  }
}
