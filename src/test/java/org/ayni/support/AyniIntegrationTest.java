package org.ayni.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, with the demo data, on the database the run targets (H2
 * or PostgreSQL, see {@link TestDatabase}). Every integration test uses this same configuration so
 * that one application context serves them all; tests create their own records with unique codes
 * and never assume a table is empty.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ContextConfiguration(initializers = TestDatabase.class)
public @interface AyniIntegrationTest {}
