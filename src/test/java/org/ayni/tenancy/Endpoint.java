package org.ayni.tenancy;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.BeanUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.condition.NameValueExpression;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * One handler mapping of the running application (method + path pattern), with what its handler
 * method takes: path variables, request parameters, a JSON body, a form object or uploaded files.
 */
record Endpoint(
    String method,
    String pattern,
    HandlerMethod handler,
    List<String> consumes,
    List<String> produces,
    List<String[]> fixedParams) {

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");
  private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  /** A request parameter the handler reads (query or form field). */
  record Param(String name, Class<?> type, Type genericType, boolean required) {}

  /**
   * Every mapping of Ayni's own controllers, from every request-mapping handler mapping in the
   * context, one per HTTP method (a mapping without methods counts as GET and POST).
   */
  static List<Endpoint> all(ApplicationContext context) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping :
        context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      mapping
          .getHandlerMethods()
          .forEach(
              (info, handler) -> {
                if (!handler.getBeanType().getName().startsWith("org.ayni.")) {
                  return;
                }
                for (String pattern : info.getPatternValues()) {
                  for (String method : methods(info)) {
                    endpoints.add(
                        new Endpoint(
                            method,
                            pattern,
                            handler,
                            info.getConsumesCondition().getConsumableMediaTypes().stream()
                                .map(MediaType::toString)
                                .toList(),
                            info.getProducesCondition().getProducibleMediaTypes().stream()
                                .map(MediaType::toString)
                                .toList(),
                            fixed(info)));
                  }
                }
              });
    }
    endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
    return endpoints;
  }

  private static Set<String> methods(RequestMappingInfo info) {
    Set<String> methods = new TreeSet<>();
    for (RequestMethod m : info.getMethodsCondition().getMethods()) {
      if (m != RequestMethod.HEAD && m != RequestMethod.OPTIONS && m != RequestMethod.TRACE) {
        methods.add(m.name());
      }
    }
    if (info.getMethodsCondition().getMethods().isEmpty()) {
      methods.add("GET");
      methods.add("POST");
    }
    return methods;
  }

  private static List<String[]> fixed(RequestMappingInfo info) {
    List<String[]> params = new ArrayList<>();
    for (NameValueExpression<String> e : info.getParamsCondition().getExpressions()) {
      if (!e.isNegated()) {
        params.add(new String[] {e.getName(), e.getValue() == null ? "1" : e.getValue()});
      }
    }
    return params;
  }

  boolean api() {
    return pattern.startsWith("/api/") || pattern.startsWith("/epcis");
  }

  boolean write() {
    return !method.equals("GET");
  }

  String describe() {
    return method
        + " "
        + pattern
        + " ("
        + handler.getBeanType().getSimpleName()
        + "."
        + handler.getMethod().getName()
        + ")";
  }

  /** The path variables, each with the path segment before it (its resource). */
  List<String[]> variables() {
    List<String[]> variables = new ArrayList<>();
    Matcher m = VARIABLE.matcher(pattern);
    while (m.find()) {
      String before = pattern.substring(0, m.start());
      String[] segments = before.split("/");
      String resource = segments.length == 0 ? "" : segments[segments.length - 1];
      variables.add(new String[] {m.group(1), resource, m.group()});
    }
    if (pattern.contains("{*") || pattern.contains("**")) {
      variables.add(new String[] {"*", "*", "*"});
    }
    return variables;
  }

  /** The JSON body type, if the handler takes one. */
  MethodParameter body() {
    for (MethodParameter p : parameters()) {
      if (p.hasParameterAnnotation(RequestBody.class)) {
        return p;
      }
    }
    return null;
  }

  /** Form objects bound from request parameters (HTML forms, filters). */
  List<MethodParameter> modelAttributes() {
    List<MethodParameter> forms = new ArrayList<>();
    for (MethodParameter p : parameters()) {
      if (p.hasParameterAnnotation(ModelAttribute.class)
          || (!annotated(p) && !infrastructure(p.getParameterType()) && !simple(p))) {
        forms.add(p);
      }
    }
    return forms;
  }

  /** Request parameters: annotated, or simple values without annotation. */
  List<Param> params() {
    List<Param> params = new ArrayList<>();
    for (MethodParameter p : parameters()) {
      RequestParam rp = p.getParameterAnnotation(RequestParam.class);
      if (rp != null) {
        String name = !rp.name().isEmpty() ? rp.name() : p.getParameterName();
        if (name == null
            || name.isEmpty()
            || (rp.name().isEmpty()
                && java.util.Map.class.isAssignableFrom(p.getParameterType()))) {
          continue; // a map of all parameters
        }
        boolean required =
            rp.required()
                && ValueConstants.DEFAULT_NONE.equals(rp.defaultValue())
                && p.getParameterType() != java.util.Optional.class;
        params.add(new Param(name, p.getParameterType(), p.getGenericParameterType(), required));
      } else if (!annotated(p) && simple(p) && !infrastructure(p.getParameterType())) {
        params.add(
            new Param(
                p.getParameterName(), p.getParameterType(), p.getGenericParameterType(), false));
      }
    }
    return params;
  }

  /** Uploaded files (multipart parts). */
  List<String> fileParts() {
    List<String> parts = new ArrayList<>();
    for (MethodParameter p : parameters()) {
      boolean file =
          MultipartFile.class.isAssignableFrom(p.getParameterType())
              || p.getParameterType() == MultipartFile[].class
              || p.hasParameterAnnotation(RequestPart.class);
      if (!file) {
        continue;
      }
      RequestPart part = p.getParameterAnnotation(RequestPart.class);
      RequestParam param = p.getParameterAnnotation(RequestParam.class);
      String name =
          part != null && !part.name().isEmpty()
              ? part.name()
              : param != null && !param.name().isEmpty() ? param.name() : p.getParameterName();
      parts.add(name);
    }
    return parts;
  }

  boolean multipart() {
    return !fileParts().isEmpty() || consumes.stream().anyMatch(c -> c.startsWith("multipart/"));
  }

  private List<MethodParameter> parameters() {
    List<MethodParameter> parameters = new ArrayList<>();
    for (MethodParameter p : handler.getMethodParameters()) {
      p.initParameterNameDiscovery(NAMES);
      parameters.add(p);
    }
    return parameters;
  }

  private static boolean annotated(MethodParameter p) {
    return p.hasParameterAnnotation(RequestParam.class)
        || p.hasParameterAnnotation(PathVariable.class)
        || p.hasParameterAnnotation(RequestBody.class)
        || p.hasParameterAnnotation(RequestHeader.class)
        || p.hasParameterAnnotation(CookieValue.class)
        || p.hasParameterAnnotation(RequestPart.class)
        || p.hasParameterAnnotation(ModelAttribute.class);
  }

  private static boolean simple(MethodParameter p) {
    Class<?> type = p.getParameterType();
    return BeanUtils.isSimpleProperty(type)
        || (java.util.Collection.class.isAssignableFrom(type)
            && p.getGenericParameterType() instanceof java.lang.reflect.ParameterizedType g
            && g.getActualTypeArguments()[0] instanceof Class<?> element
            && BeanUtils.isSimpleProperty(element));
  }

  /** Parameters Spring fills from the request itself (user, model, response…), not from input. */
  static boolean infrastructure(Class<?> type) {
    String name = type.getName();
    return name.startsWith("jakarta.")
        || name.startsWith("org.springframework.")
        || name.startsWith("java.io.")
        || name.startsWith("java.security.")
        || name.equals("java.util.Locale")
        || name.equals("java.util.TimeZone")
        || name.equals("java.time.ZoneId")
        || name.equals("org.ayni.access.CurrentUser")
        || MultipartFile.class.isAssignableFrom(type);
  }
}
