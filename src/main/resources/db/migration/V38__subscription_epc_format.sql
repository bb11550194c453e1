-- The GS1-EPC-Format a subscription was created with: how its reports write EPCs (EpcFormat's
-- header values; null for subscriptions made before, whose reports keep the captured spelling).
alter table epcis_subscription add column epc_format varchar(30);
