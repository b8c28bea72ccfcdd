-- Stores a new periodic policy and its periodic job's stats (contract 5.2) with a unique numeric id: the next
-- number after the last one given, and at least now, so ids stay Harbor-like and never collide (decisions D2).
-- KEYS[1] period:policies
-- KEYS[2] period:numeric_id (ours: the last numeric id given)
-- KEYS[3] job_stats:<policyID>
-- KEYS[4] job_track:inprogress
-- ARGV[1] policy JSON, ARGV[2] now, ARGV[3] policy id, ARGV[4..] stats field, value, ...
-- Returns the numeric id.
local id = math.max((tonumber(redis.call('GET', KEYS[2])) or 0) + 1, tonumber(ARGV[2]))
while #redis.call('ZRANGEBYSCORE', KEYS[1], id, id, 'LIMIT', 0, 1) > 0 do
  id = id + 1
end
redis.call('SET', KEYS[2], id)
redis.call('ZADD', KEYS[1], id, ARGV[1])
local fields = {}
for i = 4, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[3], unpack(fields))
redis.call('HSET', KEYS[3], 'numeric_policy_id', id)
redis.call('HSET', KEYS[4], ARGV[3], 2)
return id
