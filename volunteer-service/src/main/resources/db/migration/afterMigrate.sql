-- Runs after every start-up migration. Seeds the development administrator (phone 13800000000,
-- password Admin@12345, BCrypt) only where civic.seed-admin=true, which the local stack alone sets.
insert into users (id, phone, password_hash, name, admin)
select '00000000-0000-4000-8000-000000000001', '13800000000',
       '$2a$10$eJo35PQ7wpICMvMxj7KpvuzPylmW3yqEQ5g4HRpHz1T8h7s5HCWoW', '系统管理员', true
where '${seedAdmin}' = 'true'
on conflict (phone) do nothing;
