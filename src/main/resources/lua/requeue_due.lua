-- Moves due jobs from a zset (scheduled or retry) onto their queues, at most ARGV[3] per call (gocraft's
-- requeuer, contract 6.1). Each job moves in this one script, so it is never in both places or in neither, and
-- two nodes running it at once cannot move a job twice.
-- KEYS[1] the zset, KEYS[2] the dead zset
-- ARGV[1] jobs: (a queue's key without the job type's name; same hash slot)
-- ARGV[2] now, unix seconds
-- ARGV[3] most jobs to move
-- ARGV[4..] the job types some live pool of the cluster runs; none given means every type is run
-- The job's enqueue time "t" is set to now, as gocraft does, so queue latency counts from the move. The rest of
-- the JSON is kept byte for byte (decoding and re-encoding in Lua would round large numbers in args).
-- A malformed entry goes to the dead set as it is; one of a type no live pool runs goes there with gocraft's
-- err "unknown job when requeueing" and failed_at (appended, so they win over earlier ones of a retry entry).
-- Returns the number moved to queues.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local known = nil
if #ARGV > 3 then
  known = {}
  for i = 4, #ARGV do
    known[ARGV[i]] = true
  end
end
local moved = 0
for _, json in ipairs(due) do
  redis.call('ZREM', KEYS[1], json)
  local ok, job = pcall(cjson.decode, json)
  if not ok or type(job) ~= 'table' or type(job['name']) ~= 'string' then
    redis.call('ZADD', KEYS[2], ARGV[2], json)
  elseif known and not known[job['name']] then
    local trimmed = string.gsub(json, '%s*}%s*$', '')
    redis.call('ZADD', KEYS[2], ARGV[2],
      trimmed .. ',"err":"unknown job when requeueing","failed_at":' .. ARGV[2] .. '}')
  else
    local requeued = string.gsub(json, '"t":%-?%d+', '"t":' .. ARGV[2], 1)
    redis.call('LPUSH', ARGV[1] .. job['name'], requeued)
    moved = moved + 1
  end
end
return moved
