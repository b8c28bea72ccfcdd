-- Forgets every pending hook event of a job whose stats are gone (expired): nothing is left to report to.
-- KEYS[1] hooks:pending:<id>, KEYS[2] hooks:due, KEYS[3] hooks:attempts
-- ARGV[1] job id
-- Returns the number of events dropped.
local dropped = redis.call('LLEN', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return dropped
