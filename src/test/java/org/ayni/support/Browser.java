package org.ayni.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven with
 * Selenium. Nothing is downloaded: both executables are named, so Selenium Manager never runs.
 * Where they are missing the browser tests are skipped, unless {@code AYNI_REQUIRE_BROWSER=true}
 * (set by CI), where they fail.
 */
public final class Browser {

  private static final File CHROMIUM = new File(env("AYNI_CHROMIUM", "/usr/bin/chromium"));
  private static final File DRIVER = new File(env("AYNI_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Browser() {}

  public static ChromeDriver start() throws Exception {
    boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
    if (!present && "true".equals(System.getenv("AYNI_REQUIRE_BROWSER"))) {
      throw new IllegalStateException(
          "AYNI_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + DRIVER + " is missing");
    }
    assumeTrue(present, "Debian's chromium and chromium-driver are not installed");
    Path profile = Files.createTempDirectory("ayni-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--lang=es",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
