package org.ayni.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.shared.geo.GeoJson;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;

/**
 * A field officer's day in headless Chromium: log in, register a member, map their plot by pasting
 * a polygon, find it listed with its computed area, and read the page in Spanish, English and
 * French.
 */
@AyniIntegrationTest
class RegistryJourneyTests {

  /** A cacao plot of about 1.2 ha near Chulucanas, Piura ([longitude, latitude]). */
  static final String PLOT =
      """
      {"type":"Polygon","coordinates":[[[-80.1612,-5.0921],[-80.1601,-5.0921],
      [-80.1601,-5.0911],[-80.1612,-5.0911],[-80.1612,-5.0921]]]}""";

  @LocalServerPort int port;
  @Autowired MessageSource messages;

  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    browser = Browser.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void registersAMemberMapsTheirPlotAndReadsItInThreeLanguages() {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String memberCode = "E2E-" + suffix;

    browser.get(url("/login"));
    browser.findElement(By.id("username")).sendKeys("cepicafe.campo");
    browser.findElement(By.id("password")).sendKeys(DemoUsers.PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(url("/")));

    browser.get(url("/members/new"));
    new Select(browser.findElement(By.id("organisationId")))
        .selectByVisibleText("Asociación de Productores de Cacao Blanco de Chulucanas");
    browser.findElement(By.id("memberCode")).sendKeys(memberCode);
    browser.findElement(By.id("givenNames")).sendKeys("Santos Aurelio");
    browser.findElement(By.id("familyNames")).sendKeys("Yovera Chunga");
    new Select(browser.findElement(By.id("gender"))).selectByValue("MALE");
    setValue(browser.findElement(By.id("birthDate")), "1971-08-14");
    browser.findElement(By.id("community")).sendKeys("Pampa de los Silva");
    browser.findElement(By.cssSelector("#member-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlMatches(".*/members/[0-9a-f-]{36}$"));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Santos Aurelio Yovera Chunga");

    browser.findElement(By.linkText(text("production-unit.new", "es"))).click();
    wait.until(ExpectedConditions.urlContains("/production-units/new"));
    browser.findElement(By.id("code")).sendKeys("P-" + suffix);
    browser.findElement(By.id("name")).sendKeys("Huerta El Faique");
    new Select(browser.findElement(By.id("kind"))).selectByValue("FARM_PLOT");
    WebElement geometry = browser.findElement(By.id("geometry"));
    geometry.clear();
    geometry.sendKeys(PLOT);
    browser.findElement(By.cssSelector("#production-unit-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlMatches(".*/production-units/[0-9a-f-]{36}$"));

    String area = GeoJson.parse(PLOT, "geometry", "PE").areaHectares().toPlainString();
    assertThat(browser.findElement(By.tagName("main")).getText()).contains(area);
    // The map drew the polygon as a vector path, with or without tiles.
    assertThat(browser.findElements(By.cssSelector(".map path.leaflet-interactive"))).isNotEmpty();

    browser.get(url("/production-units?q=P-" + suffix));
    WebElement row =
        browser.findElement(By.xpath("//table//tr[td[contains(., 'P-" + suffix + "')]]"));
    assertThat(row.getText()).contains("Huerta El Faique").contains(area);

    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo(text("production-unit.list.title", "es"));
    browser.findElement(By.cssSelector(".lang-switch a[data-lang=en]")).click();
    wait.until(
        ExpectedConditions.textToBe(By.tagName("h1"), text("production-unit.list.title", "en")));
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    browser.findElement(By.cssSelector(".lang-switch a[data-lang=fr]")).click();
    wait.until(
        ExpectedConditions.textToBe(By.tagName("h1"), text("production-unit.list.title", "fr")));
    // The choice persists: the next page is still in French.
    browser.get(url("/members"));
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo(text("member.list.title", "fr"));
  }

  private String text(String key, String language) {
    return messages.getMessage(key, null, java.util.Locale.forLanguageTag(language));
  }

  private void setValue(WebElement input, String value) {
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].value = arguments[1];", input, value);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
