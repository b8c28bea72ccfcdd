-- Writes this pool's heartbeat (contract 10.2 worker_pools:<id>) and keeps the pool in the pool set.
-- KEYS[1] worker_pools, KEYS[2] worker_pools:<poolID>
-- ARGV[1] pool id, ARGV[2..] field, value, ...
-- Returns 1 when the pool was newly added to the set (a first beat, or a pool another node declared dead).
local fields = {}
for i = 2, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], unpack(fields))
return added
