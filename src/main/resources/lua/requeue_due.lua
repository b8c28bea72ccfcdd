-- Moves due jobs from a zset (scheduled or retry) onto their queues, at most ARGV[3] per call (gocraft's
-- requeuer, contract 6.1). Each job moves in this one script, so it is never in both places or in neither, and
-- two nodes running it at once cannot move a job twice.
-- KEYS[1] the zset
-- ARGV[1] key prefix {ns}: (queue keys are jobs:<name> of each job, same hash slot)
-- ARGV[2] now, unix seconds
-- ARGV[3] most jobs to move
-- The job's enqueue time "t" is set to now, as gocraft does, so queue latency counts from the move. The rest of
-- the JSON is kept byte for byte (decoding and re-encoding in Lua would round large numbers in args).
-- Returns the number moved; malformed entries are moved to the dead zset {ns}:dead.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, json in ipairs(due) do
  redis.call('ZREM', KEYS[1], json)
  local ok, job = pcall(cjson.decode, json)
  if ok and type(job) == 'table' and type(job['name']) == 'string' then
    local moved = string.gsub(json, '"t":%-?%d+', '"t":' .. ARGV[2], 1)
    redis.call('LPUSH', ARGV[1] .. 'jobs:' .. job['name'], moved)
  else
    redis.call('ZADD', ARGV[1] .. 'dead', ARGV[2], json)
  end
end
return #due
