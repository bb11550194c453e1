-- Each organisation keeps its own clock (an IANA time zone), in which its people enter and read
-- times. Until now it was Lima's for an organisation in Peru and UTC for any other: kept as such.
alter table organisation add column time_zone varchar(60);
update organisation set time_zone = case when country = 'PE' then 'America/Lima' else 'UTC' end;
alter table organisation alter column time_zone set not null;
