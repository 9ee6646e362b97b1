-- Groups are off by default (the design: customer service is one-to-one); an admin may turn them on per channel.
alter table channel add column groups_enabled boolean not null default false;
