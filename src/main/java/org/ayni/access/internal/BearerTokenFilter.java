package org.ayni.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates API calls that carry {@code Authorization: Bearer ayni_…}. */
class BearerTokenFilter extends OncePerRequestFilter {

  private final ApiTokens tokens;
  private final UserStore users;
  private final AuthenticationEntryPoint entryPoint;

  BearerTokenFilter(ApiTokens tokens, UserStore users, AuthenticationEntryPoint entryPoint) {
    this.tokens = tokens;
    this.users = users;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      chain.doFilter(request, response);
      return;
    }
    String secret = header.substring(7).trim();
    var principal =
        tokens
            .userOf(secret)
            .flatMap(users::byId)
            .filter(UserStore.StoredUser::enabled)
            .map(
                u ->
                    new AyniPrincipal(
                        u.id(), u.username(), "", u.displayName(), u.platformAdmin(), true));
    if (principal.isEmpty()) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, new BadCredentialsException("invalid token"));
      return;
    }
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            principal.get(), null, principal.get().getAuthorities());
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    chain.doFilter(request, response);
  }
}
