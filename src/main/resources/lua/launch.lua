-- Saves a new job's stats and queues it, in one step, so a job is never queued without stats or saved without
-- being queued (Harbor queues first and saves after, which loses jobs: contract 1.3).
-- KEYS[1] job_stats:<id>
-- KEYS[2] job_track:inprogress
-- KEYS[3] the job's queue list jobs:<name>, or the scheduled zset when ARGV[4] > 0
-- KEYS[4] the unique key (only used when ARGV[3] is '1')
-- ARGV[1] job id
-- ARGV[2] queued job JSON in gocraft's format
-- ARGV[3] '1' for a unique job
-- ARGV[4] run_at: 0 to push onto the list now, else the score in the scheduled zset
-- ARGV[5] unique key TTL in seconds
-- ARGV[6..] stats field, value, field, value...
-- Returns 1 when queued, 0 when a unique duplicate is already waiting (nothing written).
if ARGV[3] == '1' then
  if not redis.call('SET', KEYS[4], '1', 'NX', 'EX', ARGV[5]) then
    return 0
  end
end
local fields = {}
for i = 6, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('HSET', KEYS[2], ARGV[1], 2)
if tonumber(ARGV[4]) > 0 then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
else
  redis.call('LPUSH', KEYS[3], ARGV[2])
end
return 1
