package org.ayni.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A co-operative's warehouse in headless Chromium: two deliveries of a demo member of Cepicafe
 * recorded from the member's page, fermented together on the transformation page, the batch then
 * split on its own page; each step opens the lot it made, whose trace reaches the member. Each page
 * is kept as a screenshot under {@code target/screenshots}.
 */
@AyniIntegrationTest
class TraceJourneyTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  ChromeDriver browser;
  WebDriverWait wait;
  String tag;

  @BeforeEach
  void start() throws Exception {
    browser = Browser.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void deliveriesAreRecordedFermentedTogetherAndTheBatchSplit() throws IOException {
    UUID member =
        jdbc.sql(
                """
                select m.id from member m
                join organisation o on o.id = m.organisation_id
                join organisation p on p.id = o.parent_id
                where p.code = 'cepicafe'
                  and exists (select 1 from production_unit u where u.member_id = m.id and u.active)
                order by m.member_code""")
            .query(UUID.class)
            .list()
            .getFirst();
    login();

    browser.get(url("/trace/members/" + member));
    // a keyboard's first stop leads past the header to the page's content
    new org.openqa.selenium.interactions.Actions(browser)
        .sendKeys(org.openqa.selenium.Keys.TAB)
        .perform();
    WebElement skip = browser.switchTo().activeElement();
    assertThat(skip.getAttribute("class")).isEqualTo("skip-link");
    skip.sendKeys(org.openqa.selenium.Keys.ENTER);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("content");
    browser.findElement(By.id("record-receipt")).click();
    wait.until(ExpectedConditions.urlContains("/receipts"));
    shot("receipt-form");
    // sent empty: the first refused field takes the focus, marked invalid and described by its
    // message (a screen reader reads both)
    browser.findElement(By.cssSelector("#receipt-form button[type=submit]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".field.has-error")));
    WebElement focused = browser.switchTo().activeElement();
    assertThat(focused.getAttribute("aria-invalid")).isEqualTo("true");
    String message =
        browser
            .findElement(By.cssSelector(".field.has-error"))
            .findElement(By.className("field-error"))
            .getText();
    assertThat(message).isNotBlank();
    assertThat(focused.getAttribute("aria-describedby").split(" "))
        .anySatisfy(id -> assertThat(browser.findElement(By.id(id)).getText()).isEqualTo(message));
    // the form's summary links each message to its field, and the title says it was refused
    WebElement firstLink = browser.findElement(By.cssSelector(".error-summary li a"));
    assertThat(firstLink.getText()).isEqualTo(message);
    assertThat(firstLink.getAttribute("href")).endsWith("#" + focused.getAttribute("id"));
    assertThat(browser.getTitle()).startsWith("Error: ");
    // a decimal comma reaches the server as typed and is refused beside the field: a number field
    // of the browser dropped it, and 12,5 kg was stored as 125 kg (QA of 2026-12-07l, finding 1)
    WebElement typed = browser.findElement(By.id("quantity"));
    typed.sendKeys("12,5");
    browser.findElement(By.cssSelector("#receipt-form button[type=submit]")).click();
    wait.until(ExpectedConditions.stalenessOf(typed));
    WebElement refused = browser.findElement(By.id("quantity"));
    assertThat(refused.getAttribute("value")).isEqualTo("12,5");
    assertThat(
            refused
                .findElement(By.xpath("ancestor::div[contains(@class, 'field')]"))
                .findElement(By.className("field-error"))
                .getText())
        .isEqualTo("Escriba un número, con punto decimal (12.5).");
    refused.clear();
    // the member's own organisation has no products: Cepicafe's are not offered for it, and the
    // form says where products are recorded
    UUID own =
        jdbc.sql("select organisation_id from member where id = ?")
            .param(member)
            .query(UUID.class)
            .single();
    Select organisation = new Select(browser.findElement(By.id("organisationId")));
    String central = organisation.getFirstSelectedOption().getAttribute("value");
    WebElement none = browser.findElement(By.cssSelector("[data-none-of=productId]"));
    assertThat(none.isDisplayed()).isFalse();
    organisation.selectByValue(own.toString());
    assertThat(none.isDisplayed()).isTrue();
    assertThat(none.findElement(By.tagName("a")).getAttribute("href"))
        .endsWith("/trace/products?organisationId=" + own);
    assertThat(new Select(browser.findElement(By.id("productId"))).getOptions())
        .filteredOn(WebElement::isEnabled)
        .extracting(o -> o.getAttribute("value"))
        .containsExactly("");
    organisation.selectByValue(central);
    assertThat(none.isDisplayed()).isFalse();
    // a place name none of the list's is said to be a new one while it is typed (a typing error
    // made a new place unseen); one of the list's, in another case or without its accents, is not
    WebElement place = browser.findElement(By.id("location"));
    WebElement newPlace = browser.findElement(By.id("new-place"));
    assertThat(place.getAttribute("aria-describedby"))
        .as("said when it shows, not part of the field's description")
        .doesNotContain("new-place");
    place.sendKeys("Almacen de exportacion Pata");
    assertThat(newPlace.isDisplayed()).isTrue();
    place.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"));
    place.sendKeys("almacen de exportacion  PAITA");
    assertThat(newPlace.isDisplayed()).isFalse();
    place.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"));
    place.sendKeys(org.openqa.selenium.Keys.DELETE);
    assertThat(newPlace.isDisplayed()).isFalse();
    deliver("ED1-" + tag, "120", "2026-11-20T07:30");
    shot("delivery-lot");
    browser.get(url("/trace/members/" + member + "/receipts"));
    deliver("ED2-" + tag, "80", "");

    browser.get(url("/trace/operations/transformation?q=" + tag));
    new Select(browser.findElement(By.id("organisation-filter"))).selectByVisibleText(cepicafe());
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operation-form")));
    assertThat(browser.findElements(By.cssSelector("#operation-lots tbody tr"))).hasSize(2);
    quantity("ED1-" + tag).sendKeys("120");
    quantity("ED2-" + tag).sendKeys("80");
    // a step chosen first that does not make the product chosen after it is unchosen; the steps
    // offered are those that make the product's kind
    Select step = new Select(browser.findElement(By.id("step")));
    step.selectByValue("SAWING");
    new Select(browser.findElement(By.id("outputs0.productId")))
        .selectByVisibleText("Cacao fermentado (CACAO-FERM)");
    assertThat(step.getFirstSelectedOption().getAttribute("value")).isEmpty();
    assertThat(
            step.getOptions().stream()
                .filter(WebElement::isEnabled)
                .map(o -> o.getAttribute("value"))
                .toList())
        .containsExactly("", "FERMENTING", "SORTING", "COMMISSIONING");
    step.selectByValue("FERMENTING");
    // the output's quantity is in the unit of the product chosen, shown beside it
    assertThat(browser.findElement(By.cssSelector("[data-unit-of='outputs0.productId']")).getText())
        .isEqualTo("kg");
    browser.findElement(By.id("outputs0.quantity")).sendKeys("180");
    browser.findElement(By.id("outputs0.lotCode")).sendKeys("EF-" + tag);
    shot("transformation-form");
    browser.findElement(By.cssSelector("#operation-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlMatches(".*/trace/lots/[0-9a-f-]{36}$"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("EF-" + tag);
    assertThat(browser.findElement(By.id("lot-stock")).getText()).startsWith("180");
    // its trace reaches both deliveries
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("ED1-" + tag, "ED2-" + tag);
    // the tree's branches fold with a button of their own (its labels are links, which a summary
    // may not hold)
    assertThat(browser.findElements(By.cssSelector("#backward-tree summary"))).isEmpty();
    WebElement fold = browser.findElement(By.cssSelector("#backward-tree .tree-node-toggle"));
    WebElement branches = fold.findElement(By.xpath("following-sibling::ul"));
    assertThat(fold.getAttribute("aria-expanded")).isEqualTo("true");
    assertThat(branches.isDisplayed()).isTrue();
    fold.click();
    assertThat(fold.getAttribute("aria-expanded")).isEqualTo("false");
    assertThat(branches.isDisplayed()).isFalse();
    fold.click();
    assertThat(branches.isDisplayed()).isTrue();

    // on a phone's width (320 CSS px, WCAG's reflow) the lot's tables scroll inside themselves
    // instead of widening the page
    org.openqa.selenium.Dimension wide = browser.manage().window().getSize();
    String lotPage = browser.getCurrentUrl();
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(320, 800));
    try {
      browser.navigate().refresh();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lot-stock")));
      assertThat(browser.findElements(By.cssSelector("table.list"))).hasSizeGreaterThan(1);
      Long page = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
      Long viewport = (Long) browser.executeScript("return document.documentElement.clientWidth;");
      assertThat(page).isLessThanOrEqualTo(viewport);
      // an operation's lots are stacked: each quantity field is on the screen, not scrolled
      // away to the right of its table (QA of 2026-12-07f, finding 4)
      UUID cepicafe =
          jdbc.sql("select id from organisation where code = 'cepicafe'")
              .query(UUID.class)
              .single();
      browser.get(
          url("/trace/operations/transformation?organisationId=" + cepicafe + "&q=EF-" + tag));
      List<WebElement> fields =
          browser.findElements(By.cssSelector("#operation-lots input.decimal"));
      assertThat(fields).isNotEmpty();
      for (WebElement field : fields) {
        org.openqa.selenium.Rectangle at = field.getRect();
        assertThat((long) at.getX() + at.getWidth()).isLessThanOrEqualTo(viewport);
      }
      // so are the places: each count and form on the screen (QA of 2026-12-07g)
      browser.get(url("/trace/places?organisationId=" + cepicafe));
      List<WebElement> controls =
          browser.findElements(
              By.cssSelector("#place-list a, #place-list input, #place-list button"));
      assertThat(controls).isNotEmpty();
      for (WebElement control : controls) {
        if (control.isDisplayed()) {
          org.openqa.selenium.Rectangle at = control.getRect();
          assertThat((long) at.getX() + at.getWidth())
              .as("%s", control.getAttribute("outerHTML"))
              .isLessThanOrEqualTo(viewport);
        }
      }
    } finally {
      browser.manage().window().setSize(wide);
      browser.get(lotPage);
    }

    browser.findElement(By.xpath("//details[form[@id='split-form']]/summary")).click();
    List<WebElement> parts = browser.findElements(By.cssSelector("#split-parts tbody tr"));
    parts.get(0).findElement(By.cssSelector("input[type=text]")).sendKeys("ES1-" + tag);
    parts.get(0).findElement(By.cssSelector("input.decimal")).sendKeys("50");
    shot("split-form");
    browser.findElement(By.cssSelector("#split-form button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lot-stock"), "130"));
    shot("split-lot");

    // an event is not offered among those that correct it once chosen as erroneous
    Select erroneous = new Select(browser.findElement(By.id("eventId")));
    erroneous.selectByIndex(1);
    String chosen = erroneous.getFirstSelectedOption().getAttribute("value");
    List<WebElement> corrective =
        browser.findElements(By.cssSelector("#corrective-events input[type=checkbox]"));
    assertThat(corrective).hasSizeGreaterThan(1);
    assertThat(corrective)
        .allSatisfy(
            o -> assertThat(o.isEnabled()).isEqualTo(!o.getAttribute("value").equals(chosen)));
    // each one's label wraps on a phone, whole on the screen, where a list box cut it (QA of
    // 2026-12-07i, item 11)
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(320, 800));
    try {
      Long viewport = (Long) browser.executeScript("return document.documentElement.clientWidth;");
      for (WebElement box : corrective) {
        WebElement label = box.findElement(By.xpath(".."));
        org.openqa.selenium.Rectangle at = label.getRect();
        assertThat(at.getWidth()).as(label.getText()).isPositive();
        assertThat((long) at.getX() + at.getWidth())
            .as(label.getText())
            .isLessThanOrEqualTo(viewport);
        assertThat(label.getText()).contains("sha-256");
      }
    } finally {
      browser.manage().window().setSize(wide);
    }
  }

  private void deliver(String code, String kg, String time) {
    new Select(browser.findElement(By.id("productionUnitId"))).selectByIndex(1);
    new Select(browser.findElement(By.id("productId")))
        .selectByVisibleText("Cacao en baba (CACAO-BABA)");
    browser.findElement(By.id("quantity")).sendKeys(kg);
    if (!time.isEmpty()) {
      browser.executeScript(
          "arguments[0].value = arguments[1];", browser.findElement(By.id("receivedAt")), time);
    }
    browser.findElement(By.id("lotCode")).sendKeys(code);
    browser.findElement(By.cssSelector("#receipt-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlMatches(".*/trace/lots/[0-9a-f-]{36}$"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains(code);
    assertThat(browser.findElement(By.cssSelector(".alert.info")).isDisplayed()).isTrue();
  }

  /** The quantity field of the lot's row on an operation page. */
  private WebElement quantity(String lot) {
    return browser.findElement(
        By.xpath(
            "//table[@id='operation-lots']//tr[td/a[text()='"
                + lot
                + "']]//input[@class='decimal']"));
  }

  /** Cepicafe as the organisation filter names it: its short name beside its name. */
  private String cepicafe() {
    return jdbc.sql("select short_name || ' · ' || name from organisation where code = 'cepicafe'")
        .query(String.class)
        .single();
  }

  private void login() {
    browser.get(url("/login"));
    browser.findElement(By.id("username")).sendKeys("cepicafe.campo");
    browser.findElement(By.id("password")).sendKeys(DemoUsers.PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlToBe(url("/")));
  }

  /** Keeps the page as a screenshot, to look at (nothing is compared). */
  private void shot(String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve("trace-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
