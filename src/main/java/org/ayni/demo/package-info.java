/**
 * Demo data for {@code ./mvnw spring-boot:run}: the five producer organisations of the seed
 * article, the Trade for Development Centre, their members and plots, and demo users. Loaded only
 * in demo mode ({@code ayni.demo.enabled=true}) and only into an empty database.
 */
@ApplicationModule(allowedDependencies = {"shared", "access", "registry", "trace"})
package org.ayni.demo;

import org.springframework.modulith.ApplicationModule;
