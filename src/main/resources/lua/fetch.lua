-- Moves up to one job per free worker from the queues into this pool's in-progress lists and marks each Running,
-- in one round trip (gocraft's fetch plus Harbor's runner steps of contract 3.5).
-- Job types are tried in the order given (the caller orders them by priority); a type is skipped while it is
-- paused or at its max concurrency.
-- KEYS[6i+1..6i+6] for job type i: jobs:<name>, jobs:<name>:<pool>:inprogress, :paused, :lock, :lock_info,
--                  :max_concurrency
-- KEYS[6T+1..6T+W] worker:<workerID> observation hashes of the free workers
-- KEYS[6T+W+1]     job_track:inprogress
-- ARGV[1] key prefix {ns}: (stats keys of the fetched jobs are built from it; same hash slot)
-- ARGV[2] pool id
-- ARGV[3] now, unix seconds
-- ARGV[4] T, number of job types
-- ARGV[5] W, number of free workers
-- ARGV[6] worker observation TTL, seconds
-- ARGV[7..6+W] the free workers' ids
-- Returns a list of {worker index, job JSON, action, stats as field/value list, job type index from 0}. Action is 'run' (status set to
-- Running), 'skip' (Stopped: do not run), 'done' (already Success), 'nostats' or 'invalid'.
-- #include status
local prefix, pool, now = ARGV[1], ARGV[2], ARGV[3]
local types, workers, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local track_key = KEYS[6 * types + workers + 1]
local result = {}

local function track_id(job)
  local args = job['args']
  if type(args) == 'table' and args['_job_kind_periodic_'] then
    return job['id'] .. '@' .. tostring(args['_job_kind_periodic_'])
  end
  return job['id']
end

local function start(json, worker_index, type_index)
  local ok, job = pcall(cjson.decode, json)
  if not ok or type(job) ~= 'table' or not job['id'] then
    return {worker_index, json, 'invalid', {}, type_index}
  end
  local id = track_id(job)
  local stats_key = prefix .. 'job_stats:' .. id
  local current = redis.call('HMGET', stats_key, 'status', 'revision')
  local status = current[1]
  local action = 'run'
  if not status then
    action = 'nostats'
  elseif status == 'Stopped' then
    action = 'skip'
  elseif status == 'Success' then
    action = 'done'
  elseif status == 'Running' or status == 'Error' then
    -- a retry or a run cut short by a crash: a new run with a newer revision (contract 3.3)
    local revision = math.max(tonumber(now), (tonumber(current[2]) or 0) + 1)
    redis.call('HDEL', stats_key, 'ack', 'check_in', 'check_in_at')
    redis.call('HSET', stats_key, 'status', 'Running', 'revision', revision, 'update_time', now)
    redis.call('PERSIST', stats_key)
    redis.call('HSET', track_key, id, 2)
  elseif status == 'Pending' or status == 'Scheduled' then
    redis.call('HSET', stats_key, 'status', 'Running', 'update_time', now)
  else
    action = 'invalid'
  end
  if action == 'run' then
    local worker_key = KEYS[6 * types + worker_index]
    redis.call('HSET', worker_key, 'job_name', job['name'] or '', 'job_id', id, 'started_at', now,
      'args', cjson.encode(job['args'] or {}), 'checkin', '', 'checkin_at', 0)
    redis.call('EXPIRE', worker_key, ttl)
  end
  return {worker_index, json, action, redis.call('HGETALL', stats_key), type_index}
end

local taken = 0
for i = 0, types - 1 do
  local base = 6 * i
  local queue, inprogress, paused = KEYS[base + 1], KEYS[base + 2], KEYS[base + 3]
  local lock, lock_info, max_concurrency = KEYS[base + 4], KEYS[base + 5], KEYS[base + 6]
  if taken < workers and redis.call('EXISTS', paused) == 0 then
    local cap = tonumber(redis.call('GET', max_concurrency)) or 0
    while taken < workers do
      if cap > 0 and (tonumber(redis.call('GET', lock)) or 0) >= cap then
        break
      end
      local json = redis.call('RPOPLPUSH', queue, inprogress)
      if not json then
        break
      end
      redis.call('INCR', lock)
      redis.call('HINCRBY', lock_info, pool, 1)
      taken = taken + 1
      result[#result + 1] = start(json, taken, i)
    end
  end
end
return result
