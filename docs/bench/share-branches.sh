#!/usr/bin/env bash
# EPCIS in time order for a reader of two organisations with shared events: the statement shape
# before 6fc57b2 (one shared branch, `seq in (shares of both)`, sorted) against the union branch
# per organisation since (each a page of its shares from ix on (organisation_id, event_time, seq)).
# Synthetic data in schema ayni_sharebench (dropped first): 1,000,000 events of a shipper, 20,000 of
# the reader's own, and a share of the shipper's events shared with each organisation of the reader.
# Usage: docs/bench/share-branches.sh [psql connection options]   (default -h 127.0.0.1 -U postgres -d test)
set -euo pipefail
if [ $# -eq 0 ]; then set -- -h 127.0.0.1 -U postgres -d test; fi
PSQL=(psql "$@")
export PGOPTIONS="-c client_min_messages=warning"
A=00000000-0000-0000-0000-00000000000a
B=00000000-0000-0000-0000-00000000000b
S=00000000-0000-0000-0000-000000000005
"${PSQL[@]}" -q <<SQL
drop schema if exists ayni_sharebench cascade;
create schema ayni_sharebench;
set search_path = ayni_sharebench;
create table epcis_event (seq bigint primary key, organisation_id uuid not null,
  event_time timestamptz not null, record_time timestamptz not null, body text not null);
create index ix_event_org_seq on epcis_event (organisation_id, seq);
create index ix_event_time on epcis_event (event_time, seq);
create table epcis_event_share (organisation_id uuid not null, seq bigint not null,
  event_time timestamptz not null, record_time timestamptz not null, primary key (organisation_id, seq));
create index ix_share_event_time on epcis_event_share (organisation_id, event_time, seq);
insert into epcis_event select g, '$S', timestamptz '2021-01-01' + g * interval '150 seconds',
  timestamptz '2021-01-01' + g * interval '150 seconds', repeat('x', 300) from generate_series(1, 1000000) g;
insert into epcis_event select 1000000 + g, case when g % 2 = 0 then '$A'::uuid else '$B'::uuid end,
  timestamptz '2021-01-01' + g * interval '15000 seconds', timestamptz '2021-01-01' + g * interval '15000 seconds',
  repeat('y', 300) from generate_series(1, 20000) g;
SQL
OWN="(select e.seq, e.event_time, e.body from epcis_event e where e.organisation_id in ('$A', '$B') order by e.event_time, e.seq limit 30)"
OLD="select * from ($OWN union all (select e.seq, e.event_time, e.body from epcis_event e where e.seq in (select sh.seq from epcis_event_share sh where sh.organisation_id in ('$A', '$B')) and e.organisation_id not in ('$A', '$B') order by e.event_time, e.seq limit 30)) e order by e.event_time, e.seq limit 30"
NEW="select * from ($OWN union all (select e.seq, e.event_time, e.body from epcis_event_share sh join epcis_event e on e.seq = sh.seq where sh.organisation_id = '$A' and e.organisation_id not in ('$A', '$B') order by sh.event_time, sh.seq limit 30) union all (select e.seq, e.event_time, e.body from epcis_event_share sh join epcis_event e on e.seq = sh.seq where sh.organisation_id = '$B' and e.organisation_id not in ('$A', '$B') and not exists (select 1 from epcis_event_share d where d.seq = sh.seq and d.organisation_id in ('$A')) order by sh.event_time, sh.seq limit 30)) e order by e.event_time, e.seq limit 30"
echo "| shared with each organisation | before: p50 / max, ms | since: p50 / max, ms | ratio of p50 |"
echo "|---|---:|---:|---:|"
for every in 10 100 1000; do
  "${PSQL[@]}" -q <<SQL
set search_path = ayni_sharebench;
truncate epcis_event_share;
insert into epcis_event_share select '$A', seq, event_time, record_time from epcis_event where seq <= 1000000 and seq % $every = 1;
insert into epcis_event_share select '$B', seq, event_time, record_time from epcis_event where seq <= 1000000 and seq % $every = 2;
SQL
  "${PSQL[@]}" -q -c "vacuum analyze ayni_sharebench.epcis_event_share"
  row=()
  for q in "$OLD" "$NEW"; do
    times=$( (echo "set search_path = ayni_sharebench; set jit = off;"
      for i in $(seq 1 25); do echo "explain (analyze, costs off, timing off, summary on) $q;"; done) \
      | "${PSQL[@]}" -At | grep "Execution Time" | awk '{print $3}' | sort -n)
    p50=$(echo "$times" | sed -n 13p); max=$(echo "$times" | tail -1)
    row+=("$p50" "$max")
  done
  ratio=$(awk -v a="${row[0]}" -v b="${row[2]}" 'BEGIN {printf "%.1f", a / b}')
  echo "| 1 in $every ($((1000000 / every)) each) | ${row[0]} / ${row[1]} | ${row[2]} / ${row[3]} | ${ratio}× |"
done
"${PSQL[@]}" -q -c "drop schema ayni_sharebench cascade"
