-- An organisation withdraws one of its own conversion factors by a new row (rows are never
-- updated): withdrawn, of the same product and step, with the withdrawn factor's values. From its
-- time on, neither it nor the own factors of that product and step before it apply: the one that
-- applied before them does (another own factor of the product for every step, or the platform's
-- default for its kind), until an own factor is recorded again.
alter table conversion_factor add column withdrawn boolean default false not null;
