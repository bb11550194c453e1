package org.ayni.access.internal;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Two doors: the API ({@code /api/**}, {@code /epcis/**}) takes bearer tokens or HTTP Basic, keeps
 * no session and needs no CSRF token; the UI takes a form login with a session and CSRF protection.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** The map tiles when {@code ayni.map.tiles} is not set (the same default as the map pages). */
  static final String OSM_TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";

  /**
   * The origin the map may load tiles from, for the content security policy: the scheme and host of
   * the tile URL template, its {@code {s}} subdomain as a wildcard; none when tiles are off.
   */
  static String tileSource(String template) {
    if (template == null || template.isBlank()) {
      return "";
    }
    java.net.URI uri =
        java.net.URI.create(template.strip().replace("{s}", "s").replaceAll("\\{[a-z]+\\}", "0"));
    String host = template.contains("{s}.") ? "*." + uri.getHost().substring(2) : uri.getHost();
    return " " + uri.getScheme() + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  /**
   * bcrypt, with the algorithm recorded in each hash (<code>{bcrypt}</code>) so it can be upgraded
   * later. Its cost is <code>ayni.security.bcrypt-strength</code> (10, Spring Security's default;
   * each hash records its own, so a change applies to passwords set from then on). The tests set 4:
   * every API call of theirs signs in with HTTP Basic, and a check at 10 costs about 60 ms of CPU.
   */
  @Bean
  PasswordEncoder passwordEncoder(@Value("${ayni.security.bcrypt-strength:10}") int strength) {
    return new DelegatingPasswordEncoder(
        "bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(strength)));
  }

  /**
   * Username and password, as the form and HTTP Basic check them, held to the {@link LoginThrottle}
   * (the only provider; its user details service is no bean of its own, so that Spring Boot makes
   * no second provider from it).
   */
  @Bean
  AuthenticationProvider passwordAuthentication(
      UserStore users, PasswordEncoder passwords, LoginThrottle throttle) {
    DaoAuthenticationProvider provider =
        new DaoAuthenticationProvider(new AyniUserDetailsService(users));
    provider.setPasswordEncoder(passwords);
    return new ThrottledAuthentication(provider, throttle);
  }

  /** Picked up by Spring Security's web configuration for requests its firewall refuses. */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
    return problems.rejected();
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(
      HttpSecurity http, ApiTokens tokens, UserStore users, ProblemResponses problems)
      throws Exception {
    var entryPoint = problems.unauthorized();
    http.securityMatcher("/api/**", "/epcis/**")
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .httpBasic(b -> b.authenticationEntryPoint(entryPoint))
        .addFilterBefore(
            new BearerTokenFilter(tokens, users, entryPoint), BasicAuthenticationFilter.class)
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(problems.forbidden()));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain ui(
      HttpSecurity http, Environment environment, UserStore users, LocaleResolver locales)
      throws Exception {
    String tiles = tileSource(environment.getProperty("ayni.map.tiles", OSM_TILES));
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/login",
                        "/css/**",
                        "/js/**",
                        "/img/**",
                        "/webjars/**",
                        "/favicon.ico",
                        "/v3/api-docs/**",
                        "/swagger-ui/**",
                        "/swagger-ui.html",
                        "/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage("/login")
                    .successHandler(new LanguageOnSignIn(users, locales))
                    .failureHandler(
                        (request, response, e) ->
                            response.sendRedirect(
                                request.getContextPath()
                                    + (e instanceof LockedException
                                        ? "/login?locked"
                                        : "/login?error")))
                    .permitAll())
        .logout(l -> l.logoutSuccessUrl("/login?logout").permitAll())
        .headers(
            h ->
                h.contentSecurityPolicy(
                    c ->
                        c.policyDirectives(
                            "default-src 'self'; img-src 'self' data:"
                                + tiles
                                + "; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self'; "
                                + "frame-ancestors 'none'")));
    return http.build();
  }
}
