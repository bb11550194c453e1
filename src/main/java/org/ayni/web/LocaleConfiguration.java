package org.ayni.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import org.ayni.shared.Languages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The language of a request: the one chosen with the switch ({@code ?lang=}), kept in a cookie for
 * a year; without one, pages are in Spanish and the API follows {@code Accept-Language} when it
 * names a language we have.
 */
@Configuration(proxyBeanMethods = false)
class LocaleConfiguration implements WebMvcConfigurer {

  static final String COOKIE = "ayni-lang";

  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
    resolver.setCookieMaxAge(Duration.ofDays(365));
    resolver.setDefaultLocaleFunction(LocaleConfiguration::defaultLocale);
    return resolver;
  }

  static Locale defaultLocale(HttpServletRequest request) {
    String path = request.getRequestURI();
    boolean api = path.startsWith("/api/") || path.startsWith("/epcis");
    if (api && request.getHeader("Accept-Language") != null) {
      var requested = java.util.Collections.list(request.getLocales());
      for (Locale locale : requested) {
        if (Languages.supported(locale)) {
          return Locale.forLanguageTag(locale.getLanguage());
        }
      }
    }
    return Languages.DEFAULT;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor interceptor =
        new LocaleChangeInterceptor() {
          @Override
          public boolean preHandle(
              HttpServletRequest request,
              jakarta.servlet.http.HttpServletResponse response,
              Object handler)
              throws jakarta.servlet.ServletException {
            String lang = request.getParameter(getParamName());
            if (lang != null && !Languages.supported(Locale.forLanguageTag(lang))) {
              return true;
            }
            return super.preHandle(request, response, handler);
          }
        };
    interceptor.setParamName("lang");
    interceptor.setIgnoreInvalidLocale(true);
    registry.addInterceptor(interceptor);
  }
}
