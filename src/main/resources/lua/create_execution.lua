-- Creates the execution <policyID>@<t> of a periodic policy for fire time t and queues it, at most once per fire
-- time whatever the number of nodes firing (decisions D3), and only while the policy is still stored.
-- KEYS[1] period:policies
-- KEYS[2] executions:<policyID>
-- KEYS[3] job_stats:<policyID>@<t>
-- KEYS[4] job_track:inprogress
-- KEYS[5] jobs:<job name>
-- KEYS[6] period:last_fire (ours: policy id -> last fire time handled)
-- ARGV[1] the policy JSON exactly as stored, ARGV[2] execution id, ARGV[3] t, ARGV[4] queued job JSON,
-- ARGV[5] '1' to skip while an earlier execution is unfinished, ARGV[6] policy id, ARGV[7..] stats fields
-- Returns 'created', 'exists', 'skipped' or 'gone' (policy removed).
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 'gone'
end
if redis.call('ZSCORE', KEYS[2], ARGV[2]) then
  return 'exists'
end
local last = tonumber(redis.call('HGET', KEYS[6], ARGV[6])) or 0
if tonumber(ARGV[3]) > last then
  redis.call('HSET', KEYS[6], ARGV[6], ARGV[3])
end
-- unfinished executions keep their run_at as score; finished ones score -1 (contract 5.4)
if ARGV[5] == '1' and redis.call('ZCOUNT', KEYS[2], 0, '+inf') > 0 then
  return 'skipped'
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
local fields = {}
for i = 7, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[3], unpack(fields))
redis.call('HSET', KEYS[4], ARGV[2], 2)
redis.call('LPUSH', KEYS[5], ARGV[4])
return 'created'
