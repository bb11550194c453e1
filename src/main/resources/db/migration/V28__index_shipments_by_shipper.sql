-- The organisations an organisation has shipped to (the shipment form offers them as buyers).
create index ix_lot_shipment_shipper on lot_shipment (organisation_id, destination_organisation_id);
