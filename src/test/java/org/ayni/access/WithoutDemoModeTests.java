package org.ayni.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.ayni.demo.DemoUsers;
import org.ayni.support.Http;
import org.ayni.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Outside demo mode there is no demo data and no demo login; the first platform administrator comes
 * from the configuration. Needs an empty database of its own, so it runs on H2 only.
 */
@Tag("h2-only")
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ayni.admin.username=first.admin", "ayni.admin.password=a-long-first-secret"})
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestDatabase.class)
class WithoutDemoModeTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  @Test
  void theDemoDataLoaderDoesNotExist() {
    assertThat(context.containsBean("demoDataLoader")).isFalse();
    assertThat(
            Arrays.stream(context.getBeanNamesForType(ApplicationRunner.class))
                .map(name -> context.getType(name).getName()))
        .noneMatch(type -> type.startsWith("org.ayni.demo."))
        .anyMatch(type -> type.endsWith(".BootstrapAdmin"));
  }

  @Test
  void noDemoUserExistsAndNoneCanSignIn() {
    for (DemoUsers.DemoUser user : DemoUsers.ALL) {
      assertThat(
              jdbc.sql("select count(*) from app_user where lower(username) = lower(?)")
                  .param(user.username())
                  .query(Long.class)
                  .single())
          .as(user.username())
          .isZero();
    }
    assertThat(Http.basic(port, "admin", DemoUsers.PASSWORD).get("/api/v1/me").status())
        .isEqualTo(401);
    assertThat(jdbc.sql("select count(*) from organisation").query(Long.class).single()).isZero();
  }

  @Test
  void theFirstPlatformAdministratorComesFromTheConfiguration() {
    assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isEqualTo(1);
    assertThat(
            jdbc.sql("select password_hash from app_user where username = 'first.admin'")
                .query(String.class)
                .single())
        .startsWith("{bcrypt}")
        .doesNotContain("a-long-first-secret");
    Http.Response me = Http.basic(port, "first.admin", "a-long-first-secret").get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("platformAdmin").asBoolean()).isTrue();
  }
}
