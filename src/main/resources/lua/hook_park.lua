-- Parks a job's undelivered hook events after the route's redeliveries ran out: counts the attempt and makes the
-- job due again after a back-off that doubles with each attempt up to a cap, with jitter so parked jobs do not
-- retry in step.
-- KEYS[1] hooks:due, KEYS[2] hooks:attempts
-- ARGV[1] job id, ARGV[2] now in ms, ARGV[3] first delay in ms, ARGV[4] largest delay in ms, ARGV[5] a random
-- fraction in [0, 1)
-- Returns the delay chosen, in ms.
local attempts = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
local delay = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(30, attempts - 1))
delay = math.floor(delay / 2 + tonumber(ARGV[5]) * delay / 2)
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + delay, ARGV[1])
return delay
