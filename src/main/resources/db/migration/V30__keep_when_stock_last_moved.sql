-- The latest event time of a holding's stock movements (a bound: undone movements count too). An
-- operation dated at or after it takes from the stock as it is; one dated before it must leave
-- enough for what later events took (LotPlanner reads their movements then, and only then).
-- Reversals are dated when the error was declared, not when the undone event happened: left out.
alter table lot_stock add column moved_at timestamp with time zone;

update lot_stock set moved_at = (
    select max(m.occurred_at) from stock_movement m
    where m.lot_id = lot_stock.lot_id and m.organisation_id = lot_stock.organisation_id
      and m.reversal_of is null);
