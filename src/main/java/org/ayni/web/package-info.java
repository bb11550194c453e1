/**
 * The shell around every page: layout, navigation, language switch, error answers and request
 * limits.
 */
@ApplicationModule(allowedDependencies = {"shared", "access", "registry"})
package org.ayni.web;

import org.springframework.modulith.ApplicationModule;
