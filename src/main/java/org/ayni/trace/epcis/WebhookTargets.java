package org.ayni.trace.epcis;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Where an EPCIS subscription may send its reports: an absolute {@code https} URL (also {@code
 * http} where allowed) whose host resolves only to public addresses. A subscriber names the URL, so
 * without this a user could make the server call its own network (the database, a cloud's metadata
 * service at 169.254.169.254, an administration page on localhost): loopback, private, link-local,
 * shared (100.64/10), multicast, reserved and unspecified addresses are refused, and of IPv6 only
 * global unicast (2000::/3) is taken, without its special ranges (Teredo and the rest of 2001::/23,
 * documentation, 6to4 of a private address), unless listed in {@code allowedPrivate} (the tests'
 * own receiver). The check runs when a subscription is made and again on every connection, as the
 * HTTP client's resolver, so that a name resolving to a public address when checked and to a
 * private one when used (DNS rebinding) is refused too.
 */
final class WebhookTargets implements DnsResolver {

  /** Why a URL is refused: a message key and its arguments. */
  static final class Refused extends Exception {

    private final String messageKey;
    private final transient Object[] arguments;

    Refused(String messageKey, Object... arguments) {
      super(messageKey);
      this.messageKey = messageKey;
      this.arguments = arguments;
    }

    String messageKey() {
      return messageKey;
    }

    Object[] arguments() {
      return arguments;
    }
  }

  private final boolean allowHttp;
  private final Set<InetAddress> allowedPrivate;
  private final DnsResolver system;

  /**
   * @param allowHttp whether plain {@code http} URLs are taken (reports then travel unencrypted)
   * @param allowedPrivate addresses (literal IPs) taken although they are not public
   * @param system how names are resolved before they are checked
   */
  WebhookTargets(boolean allowHttp, List<String> allowedPrivate, DnsResolver system) {
    this.allowHttp = allowHttp;
    this.allowedPrivate =
        allowedPrivate.stream()
            .map(String::strip)
            .filter(a -> !a.isEmpty())
            .map(WebhookTargets::literal)
            .collect(Collectors.toUnmodifiableSet());
    this.system = system;
  }

  private static InetAddress literal(String address) {
    try {
      // a literal address is parsed, never looked up
      if (!address.matches("[0-9a-fA-F.:]+")) {
        throw new IllegalArgumentException("not an IP address: " + address);
      }
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address, e);
    }
  }

  /** The URL a subscriber gave, if reports may go there; Refused with the reason otherwise. */
  URI check(String dest) throws Refused {
    URI uri;
    try {
      uri = new URI(dest);
    } catch (URISyntaxException e) {
      throw new Refused("epcis.subscription.dest.syntax", dest);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || uri.isOpaque()
        || !(scheme.equals("https") || (allowHttp && scheme.equals("http")))) {
      throw new Refused(
          allowHttp ? "epcis.subscription.dest.scheme-http" : "epcis.subscription.dest.scheme",
          dest);
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new Refused("epcis.subscription.dest.syntax", dest);
    }
    try {
      resolve(host(uri));
    } catch (UnknownHostException e) {
      throw new Refused("epcis.subscription.dest.address", uri.getHost());
    }
    return uri;
  }

  /** The host of a URL as a resolver takes it (an IPv6 literal without its brackets). */
  static String host(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Every address of the host, when all of them may be called; UnknownHostException otherwise. */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] addresses = system.resolve(host);
    if (addresses == null || addresses.length == 0) {
      throw new UnknownHostException(host);
    }
    for (InetAddress address : addresses) {
      if (!allowedPrivate.contains(address) && !isPublic(address)) {
        throw new UnknownHostException(host + ": not a public address");
      }
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    resolve(host);
    return system.resolveCanonicalHostname(host);
  }

  /** Whether an address is one of the public internet's, where a webhook may be called. */
  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return publicV4(b, 0);
    }
    if (address instanceof Inet6Address) {
      // only global unicast (2000::/3), and not its special ranges
      if ((b[0] & 0xe0) != 0x20) {
        return false; // ::/8 (mapped, translated, compatible), 64:ff9b::/96, 100::/64, fc00::/7, …
      }
      int first = (b[0] & 0xff) << 8 | (b[1] & 0xff);
      int second = (b[2] & 0xff) << 8 | (b[3] & 0xff);
      if (first == 0x2001 && second < 0x0200) {
        return false; // 2001::/23, IETF protocol assignments: Teredo, benchmarking, ORCHID, …
      }
      if (first == 0x2001 && second == 0x0db8) {
        return false; // documentation
      }
      if (first == 0x2002) {
        return publicV4(b, 2); // 6to4: the IPv4 address it carries
      }
      return true;
    }
    return false;
  }

  /** Whether the four bytes from {@code at} are a public IPv4 address. */
  private static boolean publicV4(byte[] b, int at) {
    int a = b[at] & 0xff;
    int c = b[at + 1] & 0xff;
    int d = b[at + 2] & 0xff;
    return !(a == 0 // this network
        || a == 10
        || a == 127
        || (a == 100 && c >= 64 && c <= 127) // shared, carrier-grade NAT
        || (a == 169 && c == 254)
        || (a == 172 && c >= 16 && c <= 31)
        || (a == 192 && c == 0 && d == 0) // IETF protocol assignments
        || (a == 192 && c == 0 && d == 2) // documentation
        || (a == 192 && c == 168)
        || (a == 198 && (c == 18 || c == 19)) // benchmarking
        || (a == 198 && c == 51 && d == 100) // documentation
        || (a == 203 && c == 0 && d == 113) // documentation
        || a >= 224); // multicast, reserved, broadcast
  }
}
