-- Failed logins were counted per phone alone, so anyone could lock an owner out of their account.
-- They are now counted per phone and client address, and per client address over every phone.
drop table login_failures;

-- Attempts for one phone from one client address within the window: the failed ones and those whose
-- password is being checked right now (a slot is taken before the check, so parallel guesses cannot
-- overrun the limit). Taking the last slot locks the pair until locked_until; a success clears the row.
create table login_attempts (
  phone             varchar(11) not null,
  client_address    varchar(64) not null,
  attempts          integer     not null,
  window_started_at timestamptz not null,
  locked_until      timestamptz,
  primary key (phone, client_address)
);

-- The same for one client address over every phone; a success gives its slot back.
create table login_address_attempts (
  client_address    varchar(64) primary key,
  attempts          integer     not null,
  window_started_at timestamptz not null,
  locked_until      timestamptz
);
