/**
 * Who the producers are and where they produce: organisations (including a central with its base
 * organisations), members with their status history and consent, production units with geometry and
 * versions, and the certificates they hold.
 */
@ApplicationModule(allowedDependencies = {"shared", "access", "reference"})
package org.ayni.registry;

import org.springframework.modulith.ApplicationModule;
