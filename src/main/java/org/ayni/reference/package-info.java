/**
 * Versioned reference data: the prices, premiums, thresholds and limits that rules depend on, each
 * with its validity, its source and how far it was verified. Values are never edited: a change is a
 * new version from a later date.
 */
@ApplicationModule(allowedDependencies = {"shared", "access"})
package org.ayni.reference;

import org.springframework.modulith.ApplicationModule;
