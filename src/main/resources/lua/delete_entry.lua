-- An operator's "delete" of one entry of the scheduled, retry or dead zset: the entry goes and its job's stats follow
-- the stop rule (stop in lib/status.lua), in one step. A scheduled job will never run now, so it reads Stopped as a
-- stopped one does (with its hook event) and gives back its unique key, as stop_job.lua does. A retry's or dead
-- job is final already (its last attempt failed: Error) and keeps its status; only the attempts it had left go.
-- KEYS[1] the zset, KEYS[2] job_stats:<tracking id>, KEYS[3] job_track:inprogress, KEYS[4] the unique key (a key of
-- the same slot unless ARGV[6] is '1'), KEYS[5] hooks:due
-- ARGV[1] the entry exactly as stored, ARGV[2] tracking id, ARGV[3] now, ARGV[4] TTL of Stopped stats,
-- ARGV[5] hooks:pending: (the key of a job's hook events without its id), ARGV[6] '1' to give back the unique key
-- Returns 'ok' or 'missing' (the entry is gone).
-- #include status
use_hook_keys(KEYS[5], ARGV[5])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 'missing'
end
stop(KEYS[2], KEYS[3], ARGV[2], ARGV[3], ARGV[4])
if ARGV[6] == '1' then
  redis.call('DEL', KEYS[4])
end
return 'ok'
