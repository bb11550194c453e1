package org.ayni.access.internal;

import java.util.List;
import org.ayni.access.CurrentUser;
import org.ayni.access.SignedIn;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets controllers take a {@link CurrentUser} parameter, resolved once per request. */
@Configuration(proxyBeanMethods = false)
class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

  static {
    // resolved from the session or the token, never sent: not a parameter of the API's operations
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
  }

  private final SignedIn signedIn;

  CurrentUserArgumentResolver(SignedIn signedIn) {
    this.signedIn = signedIn;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == CurrentUser.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    return signedIn
        .current()
        .orElseThrow(() -> new AuthenticationCredentialsNotFoundException("not signed in"));
  }
}
