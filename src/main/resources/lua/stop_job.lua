-- Stops a Generic or Scheduled job (contract 7): Stopped by compare-and-set on the stored revision; a Scheduled
-- job also leaves the scheduled zset (and gives back its unique key) so it never runs. A job already final is
-- left alone.
-- KEYS[1] job_stats:<id>, KEYS[2] job_track:inprogress, KEYS[3] scheduled, KEYS[4] its unique key, KEYS[5] hooks:due
-- ARGV[1] job id, ARGV[2] now, ARGV[3] TTL of Stopped stats, ARGV[4] hooks:pending: (the key of the job's hook
-- events without its id)
-- Returns 'ok', 'final' or 'missing'.
-- #include status
use_hook_keys(KEYS[5], ARGV[4])
local current = redis.call('HMGET', KEYS[1], 'status', 'run_at', 'unique')
local result = stop(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
if result == 'ok' and current[1] == 'Scheduled' and (tonumber(current[2]) or 0) > 0 then
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], current[2], current[2])) do
    local ok, job = pcall(cjson.decode, member)
    if ok and type(job) == 'table' and job['id'] == ARGV[1] then
      redis.call('ZREM', KEYS[3], member)
      if current[3] == '1' then
        redis.call('DEL', KEYS[4])
      end
    end
  end
end
return result
