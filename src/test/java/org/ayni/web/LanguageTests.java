package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages are in Spanish whatever the browser asks for; the switch ({@code ?lang=}) changes the
 * language and a cookie keeps it; a language we do not have changes nothing.
 */
@AyniIntegrationTest
class LanguageTests {

  @LocalServerPort int port;

  @Test
  void pagesAreInSpanishEvenWhenTheBrowserAsksForEnglish() {
    Http browser = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).language("en");
    assertSpanish(browser.get("/members"));
    assertSpanish(browser.get("/organisations"));
    Http.Response login = Http.browser(port).language("en-GB,en;q=0.9").get("/login");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("<html lang=\"es\"");
  }

  @Test
  void theSwitchChangesTheLanguageAndTheCookieKeepsIt() {
    Http browser = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD).language("es");
    assertSpanish(browser.get("/members"));

    Http.Response english = browser.get("/members?lang=en");
    assertThat(english.status()).isEqualTo(200);
    assertThat(english.header("Set-Cookie")).contains("ayni-lang=en");
    assertLanguage(english, "en", "Members");
    assertLanguage(browser.get("/members"), "en", "Members");
    assertLanguage(browser.get("/organisations"), "en", "Organisations");

    Http.Response french = browser.get("/organisations?lang=fr");
    assertThat(french.header("Set-Cookie")).contains("ayni-lang=fr");
    assertLanguage(french, "fr", "Organisations");
    assertLanguage(browser.get("/members"), "fr", "Membres");

    Http.Response german = browser.get("/members?lang=de");
    assertThat(german.status()).isEqualTo(200);
    assertThat(german.header("Set-Cookie")).doesNotContain("ayni-lang=de");
    assertLanguage(german, "fr", "Membres");
    assertLanguage(browser.get("/members"), "fr", "Membres");

    assertSpanish(browser.get("/members?lang=es"));
    assertSpanish(browser.get("/members"));
  }

  @Test
  void theLanguageSwitchLinksKeepTheCurrentPage() {
    Http browser = Http.session(port, "cepicafe.campo", DemoUsers.PASSWORD);
    String page = browser.get("/members?q=abc").body();
    assertThat(page).contains("hreflang=\"en\"", "hreflang=\"fr\"", "hreflang=\"es\"");
    assertThat(page).containsPattern("href=\"[^\"]*/members\\?q=abc&amp;lang=en\"");
  }

  private static void assertSpanish(Http.Response page) {
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"es\"");
    assertThat(page.body()).containsPattern("<title>(Socios|Organizaciones)</title>");
  }

  private static void assertLanguage(Http.Response page, String language, String title) {
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"" + language + "\"");
    assertThat(page.body()).contains("<title>" + title + "</title>");
  }
}
