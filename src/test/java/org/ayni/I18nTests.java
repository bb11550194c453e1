package org.ayni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spanish, English and French are complete: every key exists in each bundle with a non-empty text,
 * every key a template or the code names exists, and no template carries literal user-visible text.
 */
class I18nTests {

  private static final Path TEMPLATES = Path.of("src/main/resources/templates");
  private static final Path SOURCES = Path.of("src/main/java");
  private static final List<String> BUNDLES =
      List.of("messages.properties", "messages_en.properties", "messages_fr.properties");

  /** Message keys written literally in templates: #{key} and #{key(args)}. */
  private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z0-9_.\\-]+)[(}]");

  /** Message keys written literally in Java: "word.word-word" strings passed as keys. */
  private static final Pattern CODE_KEY =
      Pattern.compile(
          "\"((?:validation|error|geo|organisation|member|production-unit|certificate|user|token"
              + "|audit|form|list|nav|reference|trace|lot|epcis)\\.[a-z0-9.\\-]+)\"");

  @Test
  void everyBundleHasTheSameKeysWithText() throws IOException {
    Properties spanish = load(BUNDLES.getFirst());
    for (String bundle : BUNDLES) {
      Properties other = load(bundle);
      assertThat(other.stringPropertyNames())
          .as("keys of %s", bundle)
          .containsExactlyInAnyOrderElementsOf(spanish.stringPropertyNames());
      for (String key : other.stringPropertyNames()) {
        assertThat(other.getProperty(key)).as("%s in %s", key, bundle).isNotBlank();
      }
    }
  }

  /**
   * Messages go through MessageFormat (spring.messages.always-use-message-format), where a lone
   * straight apostrophe starts a quote and vanishes from the text ("GS1's" shows as "GS1s"): the
   * bundles use the typographic one, or {@code ''} for a straight one.
   */
  @Test
  void noMessageLosesAnApostrophe() throws IOException {
    for (String bundle : BUNDLES) {
      Properties messages = load(bundle);
      for (String key : messages.stringPropertyNames()) {
        assertThat(messages.getProperty(key).replace("''", ""))
            .as("%s in %s", key, bundle)
            .doesNotContain("'");
      }
    }
  }

  @Test
  void everyKeyUsedInTemplatesAndCodeExists() throws IOException {
    Set<String> keys = load(BUNDLES.getFirst()).stringPropertyNames();
    Set<String> missing = new TreeSet<>();
    for (Path file : files(TEMPLATES, ".html")) {
      Matcher m = TEMPLATE_KEY.matcher(Files.readString(file));
      while (m.find()) {
        if (!keys.contains(m.group(1))) {
          missing.add(m.group(1) + " (" + file.getFileName() + ")");
        }
      }
    }
    for (Path file : files(SOURCES, ".java")) {
      Matcher m = CODE_KEY.matcher(Files.readString(file));
      while (m.find()) {
        String key = m.group(1);
        if (!keys.contains(key) && !key.endsWith(".")) {
          missing.add(key + " (" + file.getFileName() + ")");
        }
      }
    }
    assertThat(missing).as("message keys used but not defined").isEmpty();
  }

  @Test
  void templatesHaveNoLiteralText() throws IOException {
    List<String> literal = new ArrayList<>();
    Pattern attribute =
        Pattern.compile("\\s(title|placeholder|alt|aria-label|label|value)=\"([^\"]*)\"");
    for (Path file : files(TEMPLATES, ".html")) {
      String html =
          Files.readString(file)
              .replaceAll("(?s)<!--.*?-->", "")
              .replaceAll("(?s)<script.*?</script>", "")
              .replaceAll("(?s)<style.*?</style>", "")
              .replaceAll("(?s)<head>.*?</head>", "");
      // Attribute values may hold '>' (th:if="${a > b}"); blank them before reading text nodes.
      Matcher text = Pattern.compile(">([^<]+)<").matcher(html.replaceAll("\"[^\"]*\"", "\"\""));
      while (text.find()) {
        if (text.group(1).codePoints().anyMatch(Character::isLetter)) {
          literal.add(file.getFileName() + ": text '" + text.group(1).strip() + "'");
        }
      }
      Matcher attr = attribute.matcher(html);
      while (attr.find()) {
        String name = attr.group(1);
        String value = attr.group(2);
        boolean visible =
            !name.equals("value") || html.contains("type=\"submit\" value=\"" + value);
        if (visible && value.codePoints().anyMatch(Character::isLetter)) {
          literal.add(file.getFileName() + ": " + name + "='" + value + "'");
        }
      }
    }
    assertThat(literal).as("literal text in templates: use th:text and the bundles").isEmpty();
  }

  /**
   * Events captured from elsewhere may carry any CBV 2.0 business step or disposition: each has a
   * label (GS1's context, kept with the schema, lists them), so none shows as a raw word.
   */
  @Test
  void everyCbvStepAndDispositionHasALabel() throws IOException {
    String context = Files.readString(Path.of("src/main/resources/epcis/epcis-context.jsonld"));
    Properties spanish = load(BUNDLES.getFirst());
    Set<String> missing = new TreeSet<>();
    Matcher m = Pattern.compile("cbv:(BizStep|Disp)-([a-z_]+)").matcher(context);
    int seen = 0;
    while (m.find()) {
      seen++;
      String key = (m.group(1).equals("Disp") ? "trace.disposition." : "trace.step.") + m.group(2);
      if (!spanish.containsKey(key)) {
        missing.add(key);
      }
    }
    assertThat(seen).as("steps and dispositions in GS1's context").isGreaterThan(70);
    assertThat(missing).isEmpty();
  }

  private static Properties load(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = I18nTests.class.getResourceAsStream("/i18n/" + name)) {
      assertThat(in).as(name).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).toList();
    }
  }
}
