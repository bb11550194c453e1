-- A lot's quantity in is what was received or produced into it (org.ayni.trace.Lot). Until now an
-- organisation's receipt of a lot shipped to it (a TRANSFER_IN movement) was added as well, so a
-- lot shipped and received counted its material twice, and its backward trace showed every
-- delivery's equivalent quantity doubled. The capture no longer adds transfers; this takes out
-- those added before: every TRANSFER_IN not reversed by a correction (a reversed one was taken out
-- again by its correction). Transfers recorded in another unit than the lot's are left: a receipt
-- of a shipped lot is recorded in the lot's unit unless the receiver chose another. Ready traces
-- hold quantities in, but V9 has just created their table: there are none to correct.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL 15+.

update lot l
set quantity_in = quantity_in - coalesce((
    select sum(m.quantity) from stock_movement m
    where m.lot_id = l.id and m.kind = 'TRANSFER_IN' and m.unit = l.unit
      and m.id not in (select c.reversal_of from stock_movement c where c.reversal_of is not null)),
    0)
where l.id in (select t.lot_id from stock_movement t where t.kind = 'TRANSFER_IN');
