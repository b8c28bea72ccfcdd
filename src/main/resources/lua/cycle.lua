-- One turn of a node's worker pool, in one round trip: first ends the given attempts, then fetches jobs for the
-- idle workers (gocraft's fetch and ack plus Harbor's runner steps, contract 3.5 and 10.3).
--
-- Ending an attempt: take the job out of the pool's in-progress list, give back its concurrency slot
-- (lock, lock_info), clear the worker observation, write the final status by compare-and-set (contract 3.2) when
-- one is given, put the job in the retry zset when a retry time is given, and mark a periodic execution done
-- (score -1 in executions:<policyID>, contract 5.4).
--
-- Fetching: job types are tried in the order given (the caller orders them by priority); a type is skipped while
-- it is paused, at its cluster-wide max concurrency, or holding this pool's per-type cap of workers (the cap keeps
-- a worker free for other types, so a flood of long jobs of one type cannot starve them). Each job moves from its
-- queue to the pool's in-progress list and, when its stats allow it, is marked Running (a Running or Error job
-- starts a new run with a newer revision), which queues its Running hook event.
--
-- An entry that cannot be run (JSON that does not decode, no string id, parameters that cannot be encoded again,
-- an unknown status) is looked at before anything is written for it: it goes to the dead set with the reason, its
-- stats (when it has any) become Error, and it takes no worker, slot or in-progress place, so a poison entry written
-- by another implementation or by hand never holds up the jobs behind it. At most 100 such entries per call.
--
-- Ended attempts are counted in the current 10-second throughput bucket (success, and error for a failed attempt,
-- retried or not): at most two HINCRBY and one EXPIRE per call, not per job.
--
-- KEYS and ARGV are laid out by io.jobservice.queue.CycleLayout, which documents each one. The script computes no
-- position: the header (ARGV[1..21]) gives where each section of KEYS and ARGV starts and the size of its records,
-- and the fields of a record are read in the order CycleLayout lists them.
-- Returns {results, fetched, dead}: results[j] is 'ok', 'missing', the stored status when the write was refused,
-- or '' when no status was asked; fetched is a list of {worker index from 1, job JSON, action, stats as field/value
-- list, job type index from 0} where action is 'run', 'skip' (Stopped), 'done' (already Success) or 'nostats'; dead
-- is a list of {job type index from 0, job id or '', reason} for the entries moved to the dead set.
-- #include status
local type_keys, worker_keys, attempt_keys = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local type_names, attempt_args = tonumber(ARGV[4]), tonumber(ARGV[5])
local keys_per_type, keys_per_attempt, args_per_attempt = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local types, workers, attempts = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local stats_prefix, pool, now = ARGV[12], ARGV[13], ARGV[14]
local ttl = ARGV[15]
local type_cap = tonumber(ARGV[16])
local dead_max_age, dead_max_entries = tonumber(ARGV[17]), tonumber(ARGV[18])
local error_ttl = ARGV[19]
local track_key, retry_key, dead_key = KEYS[1], KEYS[2], KEYS[3]
use_hook_keys(KEYS[4], ARGV[20])
local throughput_key, throughput_ttl = KEYS[5], ARGV[21]

-- exhausted jobs stay visible to operators, bounded by age and count
local function add_dead(json)
  redis.call('ZADD', dead_key, now, json)
  redis.call('ZREMRANGEBYSCORE', dead_key, '-inf', tonumber(now) - dead_max_age)
  redis.call('ZREMRANGEBYRANK', dead_key, 0, -dead_max_entries - 1)
end

local function end_attempt(j)
  local k = attempt_keys + keys_per_attempt * j
  local inprogress, lock, lock_info = KEYS[k], KEYS[k + 1], KEYS[k + 2]
  local stats_key, worker_key, executions = KEYS[k + 3], KEYS[k + 4], KEYS[k + 5]
  local a = attempt_args + args_per_attempt * j
  local json, status, revision, status_ttl, id = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  local retry_at, retry_json, periodic, dead_json = ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8]
  if redis.call('LREM', inprogress, 1, json) == 1 then
    if redis.call('DECR', lock) < 0 then
      redis.call('SET', lock, 0)
    end
    if redis.call('HINCRBY', lock_info, pool, -1) <= 0 then
      redis.call('HDEL', lock_info, pool)
    end
  end
  redis.call('DEL', worker_key)
  local result = ''
  if status ~= '' then
    result = set_status(stats_key, track_key, id, status, revision, now, status_ttl)
  end
  if retry_at ~= '' then
    redis.call('ZADD', retry_key, retry_at, retry_json)
  end
  if periodic == '1' and status ~= '' then
    redis.call('ZADD', executions, 'XX', -1, id)
  end
  if dead_json ~= '' then
    add_dead(dead_json)
  end
  return result
end

local function tracking_id(job)
  local args = job['args']
  if type(args) == 'table' and args['_job_kind_periodic_'] then
    return job['id'] .. '@' .. tostring(args['_job_kind_periodic_'])
  end
  return job['id']
end

local known_status = {Pending = true, Scheduled = true, Running = true, Stopped = true, Error = true,
  Success = true}

-- Looks at a queued entry before anything is written for it. Returns its tracking id, its stored status and
-- revision, its parameters encoded again (for the worker observation), and the reason it cannot run (nil when it
-- can).
local function inspect(json)
  local ok, job = pcall(cjson.decode, json)
  if not ok then
    return nil, {}, nil, 'cannot decode the queued job: ' .. tostring(job)
  end
  if type(job) ~= 'table' or type(job['id']) ~= 'string' or job['id'] == '' then
    return nil, {}, nil, 'the queued job has no string id'
  end
  local id = tracking_id(job)
  local current = redis.call('HMGET', stats_prefix .. id, 'status', 'revision')
  local encoded, args = pcall(cjson.encode, job['args'] or {})
  if not encoded then
    return id, current, nil, 'cannot encode the job parameters: ' .. tostring(args)
  end
  if current[1] and not known_status[current[1]] then
    return id, current, args, "unknown status '" .. current[1] .. "'"
  end
  return id, current, args, nil
end

-- Moves an entry that cannot run to the dead set, as gocraft's dead-set fields with the entry kept as text in
-- "raw", and ends its stats in Error.
local function bury(json, name, id, current, reason)
  add_dead(cjson.encode({name = name, id = id or redis.sha1hex(json), t = tonumber(now), args = {}, fails = 1,
    err = reason, failed_at = tonumber(now), raw = json}))
  if id and current[1] then
    set_status(stats_prefix .. id, track_key, id, 'Error', tonumber(current[2]) or 0, now, error_ttl)
  end
end

local function start(json, name, id, current, args, worker_index, type_index)
  local stats_key = stats_prefix .. id
  local status = current[1]
  local action = 'run'
  if not status then
    action = 'nostats'
  elseif status == 'Stopped' then
    action = 'skip'
  elseif status == 'Success' then
    action = 'done'
  elseif status == 'Running' or status == 'Error' then
    -- a retry or a run cut short by a crash
    start_over(stats_key, track_key, id, 'Running', current[2], now)
  else
    redis.call('HSET', stats_key, 'status', 'Running', 'update_time', now)
  end
  if action == 'run' then
    emit_hook(stats_key, id, 'Running', redis.call('HGET', stats_key, 'revision'), 0, nil, now)
    local worker_key = KEYS[worker_keys + worker_index - 1]
    redis.call('HSET', worker_key, 'job_name', name, 'job_id', id, 'started_at', now,
      'args', args, 'checkin', '', 'checkin_at', 0)
    redis.call('EXPIRE', worker_key, ttl)
  end
  return {worker_index, json, action, redis.call('HGETALL', stats_key), type_index}
end

-- what one ended attempt counts as in the throughput buckets: a failure has a retry time or a dead-set entry
local function outcome_of(j)
  local a = attempt_args + args_per_attempt * j
  if ARGV[a + 5] ~= '' or ARGV[a + 8] ~= '' or ARGV[a + 1] == 'Error' then
    return 'error'
  elseif ARGV[a + 1] == 'Success' then
    return 'success'
  end
  return nil
end

local results = {}
local counted = {success = 0, error = 0}
for j = 0, attempts - 1 do
  results[#results + 1] = end_attempt(j)
  local outcome = outcome_of(j)
  if outcome then
    counted[outcome] = counted[outcome] + 1
  end
end
if counted.success + counted.error > 0 then
  for field, n in pairs(counted) do
    if n > 0 then
      redis.call('HINCRBY', throughput_key, field, n)
    end
  end
  redis.call('EXPIRE', throughput_key, throughput_ttl)
end

local fetched = {}
local dead = {}
local taken = 0
for i = 0, types - 1 do
  local base = type_keys + keys_per_type * i
  local name = ARGV[type_names + i]
  local queue, inprogress, paused = KEYS[base], KEYS[base + 1], KEYS[base + 2]
  local lock, lock_info, max_concurrency = KEYS[base + 3], KEYS[base + 4], KEYS[base + 5]
  if taken < workers and redis.call('EXISTS', paused) == 0 then
    local cap = tonumber(redis.call('GET', max_concurrency)) or 0
    local running = tonumber(redis.call('GET', lock)) or 0
    local held = tonumber(redis.call('HGET', lock_info, pool)) or 0
    while taken < workers and #dead < 100 and (cap <= 0 or running < cap) and held < type_cap do
      local json = redis.call('RPOP', queue)
      if not json then
        break
      end
      local id, current, args, problem = inspect(json)
      if problem then
        bury(json, name, id, current, problem)
        dead[#dead + 1] = {i, id or '', problem}
      else
        redis.call('LPUSH', inprogress, json)
        running = redis.call('INCR', lock)
        held = redis.call('HINCRBY', lock_info, pool, 1)
        taken = taken + 1
        fetched[#fetched + 1] = start(json, name, id, current, args, taken, i)
      end
    end
  end
end
return {results, fetched, dead}
