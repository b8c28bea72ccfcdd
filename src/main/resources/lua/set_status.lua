-- Writes a status by compare-and-set (contract 3.2).
-- KEYS[1] job_stats:<id>
-- KEYS[2] job_track:inprogress
-- KEYS[3] hooks:due
-- ARGV[1] job id, ARGV[2] target status, ARGV[3] revision, ARGV[4] now, ARGV[5] TTL when the target is final,
-- ARGV[6] hooks:pending: (the key of the job's hook events without its id)
-- Returns 'ok', 'missing', or the stored status when the write is refused.
-- #include status
use_hook_keys(KEYS[3], ARGV[6])
return set_status(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
