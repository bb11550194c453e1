/**
 * Traceability: lots, the immutable event log (which speaks GS1 EPCIS 2.0 through {@code
 * trace.epcis}, the only package that knows EPCIS JSON-LD), lineage backward and forward, and mass
 * balance with conversion factors.
 */
@ApplicationModule(allowedDependencies = {"shared", "access", "registry", "reference"})
package org.ayni.trace;

import org.springframework.modulith.ApplicationModule;
