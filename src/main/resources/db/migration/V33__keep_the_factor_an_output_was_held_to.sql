-- The conversion factor mass balance held a transformation's output to (the organisation's own
-- for the product and step, the platform default for its kind, or the strictest of the product's
-- when it was made from products of other kinds), on each edge into the output: the lot page shows
-- the factor the planner applied instead of choosing one again. Null where the output was held to
-- its inputs (made of its own kind, or of no known product) or was not checked, and on edges
-- recorded before this column: which factor held them was not kept, and is not guessed.
alter table lot_edge add column factor_id uuid;
