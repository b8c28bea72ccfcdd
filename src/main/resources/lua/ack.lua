-- Stores the acknowledgement of a delivered hook (contract 3.4): the event's status, revision and check-in time,
-- when it is not older than what is stored; for a final status it also drops one reference from Harbor's
-- in-progress counter.
-- KEYS[1] job_stats:<id>, KEYS[2] job_track:inprogress
-- ARGV[1] job id, ARGV[2] status, ARGV[3] revision, ARGV[4] check_in_at, ARGV[5] '1' when the event is a check-in,
-- ARGV[6] the ACK JSON to store
-- Returns 'ok' when stored, 'none' when outdated or the stats are gone.
-- #include status
return store_ack(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5] == '1', ARGV[6])
