-- The output part an edge goes into: the stock movement that brought the output its quantity. A lot
-- made in several parts of one transformation (produced by two events of one transformationID, or
-- listed twice in one event) has an edge from every input into each part, and what the
-- transformation made of it is the sum of its parts; weighing took the largest part only, and such
-- a lot was traced to its inputs for part of it (review of 2026-12-07n, 5). Edges stored before
-- keep no part and are weighed as before (LineageMath); a transformation remade when one of its
-- events is declared erroneous names its parts again.
alter table lot_edge add column output_part uuid;
