package org.ayni.registry;

/** The kinds of organisation in the registry. */
public enum OrganisationKind {
  /** A co-operative; with base organisations below it, a second-tier (central) co-operative. */
  COOPERATIVE,
  /** A farmers' association working with a company or a central. */
  PRODUCER_ASSOCIATION,
  /** A company buying from and supporting producer associations. */
  COMPANY,
  /** An enterprise owned by indigenous or rural communities. */
  COMMUNITY_ENTERPRISE,
  /** A community within a community enterprise. */
  COMMUNITY,
  /** A network of artisans, often home-based. */
  ARTISAN_NETWORK,
  /** An organisation of artisanal and small-scale miners. */
  MINERS_ORGANISATION,
  /** A support organisation: development agency, NGO, funder. */
  SUPPORT_ORGANISATION
}
