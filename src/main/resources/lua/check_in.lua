-- Records a check-in: check_in_at on the stats (the text itself is not stored, contract 4.1) and on the worker
-- observation, and queues the check-in hook event carrying the text, after the events of the run so far.
-- A missing stats hash is left alone.
-- KEYS[1] job_stats:<id>, KEYS[2] worker:<workerID>, KEYS[3] hooks:due
-- ARGV[1] now, ARGV[2] message, ARGV[3] job id, ARGV[4] hooks:pending: (the key of the job's events without its id)
-- Returns 1 when recorded, 0 when the stats are gone.
-- #include status
use_hook_keys(KEYS[3], ARGV[4])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'check_in_at', ARGV[1], 'update_time', ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[2], 'checkin', ARGV[2], 'checkin_at', ARGV[1])
end
local current = redis.call('HMGET', KEYS[1], 'status', 'revision')
emit_hook(KEYS[1], ARGV[3], current[1], current[2], ARGV[1], ARGV[2], ARGV[1])
return 1
