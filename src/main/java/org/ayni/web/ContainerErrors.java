package org.ayni.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Errors the servlet container answers itself are problem JSON too. */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports(
      MessageSource messages) {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof StandardHost host) {
                // the host adds a valve of this class only if it has none: it has ours
                host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemJsonErrorReportValve(messages));
              }
            });
  }
}
