-- The audit log extended by the server as a transaction commits
-- (PostgreSQL's own 0009-audit-at-commit.sql). The embedded engine has
-- one writer at a time, which links its entries itself before COMMIT:
-- nothing changes here. The number keeps both engines at one schema
-- version, which "eakte-cli copy" relies on.
SELECT 1;
