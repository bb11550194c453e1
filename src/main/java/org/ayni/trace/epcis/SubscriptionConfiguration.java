package org.ayni.trace.epcis;

import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What the reports of EPCIS subscriptions need: where they may go ({@link WebhookTargets}, from
 * {@code ayni.epcis.subscriptions.allow-http} and {@code …allowed-private-addresses}), an HTTP
 * client that resolves names only through it, follows no redirect, uses no proxy of the system's
 * and gives up on a subscriber after {@code …connect-timeout} and {@code …response-timeout}, and
 * the scheduler that runs {@link SubscriptionReports}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SubscriptionConfiguration {

  @Bean
  WebhookTargets webhookTargets(
      @Value("${ayni.epcis.subscriptions.allow-http:false}") boolean allowHttp,
      @Value("${ayni.epcis.subscriptions.allowed-private-addresses:}") List<String> allowed) {
    return new WebhookTargets(allowHttp, allowed, SystemDefaultDnsResolver.INSTANCE);
  }

  @Bean(destroyMethod = "close")
  CloseableHttpClient webhookClient(
      WebhookTargets targets,
      @Value("${ayni.epcis.subscriptions.connect-timeout:PT5S}") Duration connect,
      @Value("${ayni.epcis.subscriptions.response-timeout:PT20S}") Duration response) {
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(targets)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connect))
                        .setSocketTimeout(Timeout.of(response))
                        .build())
                .build())
        .setDefaultRequestConfig(
            RequestConfig.custom().setResponseTimeout(Timeout.of(response)).build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("Ayni EPCIS subscriptions")
        .build();
  }
}
