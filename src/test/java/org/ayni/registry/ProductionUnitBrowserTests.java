package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The production unit maps in headless Chromium: a polygon drawn by clicking on the map lands in
 * the geometry field and is saved; a point typed as latitude and longitude too; the saved shape is
 * drawn as a vector whether or not map tiles load (the test machine has no tile server).
 */
@AyniIntegrationTest
class ProductionUnitBrowserTests {

  @LocalServerPort int port;

  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    browser = Browser.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    browser.get(url("/login"));
    browser.findElement(By.id("username")).sendKeys("cepicafe.campo");
    browser.findElement(By.id("password")).sendKeys(DemoUsers.PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(url("/")));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aPolygonDrawnOnTheMapIsSavedAndDrawnOnTheUnitsPage() {
    String code = "B-" + UUID.randomUUID().toString().substring(0, 8);
    browser.get(url("/production-units/new"));
    new Select(browser.findElement(By.id("organisationId")))
        .selectByVisibleText("Asociación de Productores de Cacao Blanco de Chulucanas");
    browser.findElement(By.id("code")).sendKeys(code);
    browser.findElement(By.id("name")).sendKeys("Parcela dibujada");
    new Select(browser.findElement(By.id("kind"))).selectByValue("FARM_PLOT");

    WebElement map = browser.findElement(By.id("geometry-map"));
    click(By.cssSelector("[data-map-for=geometry-map][data-map-action=draw]"));
    Actions actions = new Actions(browser);
    for (int[] offset : List.of(new int[] {-60, -40}, new int[] {60, -40}, new int[] {60, 40})) {
      actions.moveToElement(map, offset[0], offset[1]).click().perform();
    }
    actions.moveToElement(map, -60, 40).click().perform();
    click(By.cssSelector("[data-map-for=geometry-map][data-map-action=finish]"));

    JsonNode drawn = org.ayni.support.Http.JSON.readTree(value(By.id("geometry")));
    assertThat(drawn.path("type").asString()).isEqualTo("Polygon");
    assertThat(drawn.path("coordinates").get(0)).hasSize(5);
    assertThat(drawn.path("coordinates").get(0).get(0))
        .isEqualTo(drawn.path("coordinates").get(0).get(4));
    // The drawn shape shows on the form's map before saving.
    assertThat(browser.findElements(By.cssSelector("#geometry-map path.leaflet-interactive")))
        .isNotEmpty();

    browser.findElement(By.cssSelector("#production-unit-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlMatches(".*/production-units/[0-9a-f-]{36}$"));
    assertThat(browser.findElement(By.id("computed-area")).getText()).matches("\\d+\\.\\d{4}");
    assertThat(
            browser.findElements(By.cssSelector("#production-unit-map path.leaflet-interactive")))
        .isNotEmpty();
    assertThat(browser.findElement(By.id("production-unit-versions")).getText()).contains("1");
    // the map's controls speak the page's language
    assertThat(
            browser
                .findElement(By.cssSelector("#production-unit-map .leaflet-control-zoom-in"))
                .getAttribute("title"))
        .isEqualTo("Acercar");

    browser.get(url("/production-units?q=" + code));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".map-collection path.leaflet-interactive")));
  }

  @Test
  void aPointTypedAsLatitudeAndLongitudeFillsTheGeometryField() {
    browser.get(url("/production-units/new"));

    browser.findElement(By.id("point-lat")).sendKeys("-5.0895");
    browser.findElement(By.id("point-lon")).sendKeys("-80.1595");
    click(By.cssSelector("[data-point-for='#geometry']"));

    assertThat(value(By.id("geometry")))
        .isEqualTo("{\"type\":\"Point\",\"coordinates\":[-80.1595,-5.0895]}");
    assertThat(browser.findElements(By.cssSelector("#geometry-map .leaflet-marker-icon")))
        .isNotEmpty();
  }

  /**
   * A coordinate with a decimal comma is the number it reads as (a number field dropped the comma:
   * -7,5 became -75, a point 67 degrees away), and one out of range writes nothing and is marked.
   */
  @Test
  void aCoordinateWithADecimalCommaIsReadAsItIsWrittenAndOneOutOfRangeIsRefused() {
    browser.get(url("/production-units/new"));
    WebElement lat = browser.findElement(By.id("point-lat"));
    WebElement lon = browser.findElement(By.id("point-lon"));
    lat.sendKeys("-95");
    lon.sendKeys("-80,1595");
    click(By.cssSelector("[data-point-for='#geometry']"));
    assertThat(value(By.id("geometry"))).isEmpty();
    assertThat(lat.getAttribute("aria-invalid")).isEqualTo("true");

    lat.clear();
    lat.sendKeys("-5,0895");
    click(By.cssSelector("[data-point-for='#geometry']"));
    assertThat(value(By.id("geometry")))
        .isEqualTo("{\"type\":\"Point\",\"coordinates\":[-80.1595,-5.0895]}");
    assertThat(lat.getAttribute("aria-invalid")).isEqualTo("false");
  }

  private void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  private String value(By by) {
    return browser.findElement(by).getDomProperty("value");
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
