-- Stops a periodic job (contract 5.5): removes its policy (the exact member, decisions D2), marks the periodic
-- job's stats Stopped and every unfinished execution Stopped, in one step.
-- KEYS[1] period:policies
-- KEYS[2] job_stats:<policyID>
-- KEYS[3] executions:<policyID>
-- KEYS[4] job_track:inprogress
-- KEYS[5] hooks:due
-- ARGV[1] policy id, ARGV[2] now, ARGV[3] TTL of Stopped stats, ARGV[4] job_stats: (the stats key without the id,
-- for the executions'), ARGV[5] hooks:pending: (the key of a job's hook events without its id)
-- Returns {policies removed, 1 if the periodic job's stats existed, executions stopped}.
-- #include status
use_hook_keys(KEYS[5], ARGV[5])
local removed = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local ok, policy = pcall(cjson.decode, member)
  if ok and type(policy) == 'table' and policy['id'] == ARGV[1] then
    removed = removed + redis.call('ZREM', KEYS[1], member)
  end
end
local had_stats = redis.call('EXISTS', KEYS[2])
if had_stats == 1 then
  stop(KEYS[2], KEYS[4], ARGV[1], ARGV[2], ARGV[3])
end
local stopped = 0
for _, execution in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], 0, '+inf')) do
  if stop(ARGV[4] .. execution, KEYS[4], execution, ARGV[2], ARGV[3]) == 'ok' then
    stopped = stopped + 1
  end
end
return {removed, had_stats, stopped}
