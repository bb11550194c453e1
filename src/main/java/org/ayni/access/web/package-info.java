/**
 * The web side of access: the account page with the user's API tokens, the administration of users
 * and their roles, and the same over REST ({@code /api/v1/me}, {@code /api/v1/tokens}, {@code
 * /api/v1/users}).
 */
package org.ayni.access.web;
