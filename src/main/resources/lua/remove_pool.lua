-- Removes a pool's heartbeat at a clean stop.
-- KEYS[1] worker_pools, KEYS[2] worker_pools:<poolID>
-- ARGV[1] pool id
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
