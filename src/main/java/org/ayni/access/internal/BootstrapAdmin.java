package org.ayni.access.internal;

import org.ayni.access.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On a production start with no users at all, creates the first platform administrator from {@code
 * AYNI_ADMIN_USERNAME} / {@code AYNI_ADMIN_PASSWORD}, so that someone can sign in.
 */
@Component
@Order(10)
class BootstrapAdmin implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

  private final JdbcClient jdbc;
  private final UserAccounts accounts;
  private final String username;
  private final String password;

  BootstrapAdmin(
      JdbcClient jdbc,
      UserAccounts accounts,
      @Value("${ayni.admin.username:${AYNI_ADMIN_USERNAME:}}") String username,
      @Value("${ayni.admin.password:${AYNI_ADMIN_PASSWORD:}}") String password) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.username = username;
    this.password = password;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (username.isBlank() || password.isBlank()) {
      return;
    }
    long users = jdbc.sql("select count(*) from app_user").query(Long.class).single();
    if (users == 0) {
      accounts.create(
          null, new UserAccounts.NewUser(username, password, username, null, true, "es"));
      log.info("Created the first platform administrator '{}'", username);
    }
  }
}
