-- Status rules shared by the scripts that change a job's status (contract 3.1 to 3.4).
local function status_rank(status)
  if status == 'Scheduled' then return 1 end
  if status == 'Running' then return 2 end
  if status == 'Stopped' or status == 'Error' or status == 'Success' then return 3 end
  return 0 -- Pending, unknown or missing
end

-- Drops one reference from Harbor's in-progress counter; the entry goes once the final status is stored and its
-- hook acknowledged.
local function untrack(track_key, job_id)
  if redis.call('HINCRBY', track_key, job_id, -1) <= 0 then
    redis.call('HDEL', track_key, job_id)
  end
end

-- Where hook events go, as RedisKeys names them: the hooks:due zset and the hooks:pending:<id> lists (the part
-- before the id). A script that may change a status passes both to use_hook_keys before it does.
local hooks_due_key, hooks_pending_prefix

local function use_hook_keys(due_key, pending_prefix)
  hooks_due_key, hooks_pending_prefix = due_key, pending_prefix
end

local function hook_pending_key(job_id)
  return hooks_pending_prefix .. job_id
end

-- Queues a hook event for a job that has a hook URL (contract 4.1), in the same script as the change it reports,
-- so no status change is left unreported by a crash: the event goes to the job's pending list
-- hooks:pending:<id> (delivered in order) and the job to hooks:due, where the hook sweeper finds it.
-- An attempt already scheduled (a receiver that is down) keeps its time.
local function emit_hook(stats_key, job_id, status, revision, check_in_at, check_in, now)
  if (redis.call('HGET', stats_key, 'web_hook_url') or '') == '' then
    return
  end
  local event = {status = status, revision = tonumber(revision), check_in_at = tonumber(check_in_at) or 0}
  if check_in and check_in ~= '' then
    event['check_in'] = check_in
  end
  redis.call('RPUSH', hook_pending_key(job_id), cjson.encode(event))
  redis.call('ZADD', hooks_due_key, 'NX', tonumber(now) * 1000, job_id)
end

-- Compare-and-set of a status (contract 3.2): accepted when the writer's revision is newer, or equal with a
-- higher rank or the same status. A missing hash is left alone (Harbor would create a partial one; decisions D2).
-- An accepted Running or final status also queues its hook event. Writing the stored status and revision again
-- changes nothing and reports nothing, so a writer that lost the reply of an accepted write can safely repeat it.
-- Returns 'ok', 'missing', or the stored status when the write is refused.
local function set_status(stats_key, track_key, job_id, target, revision, now, ttl)
  local current = redis.call('HMGET', stats_key, 'status', 'revision')
  if not current[1] then
    return 'missing'
  end
  local stored_status = current[1]
  local stored_revision = tonumber(current[2]) or 0
  revision = tonumber(revision)
  local accepted = stored_revision < revision
    or (stored_revision == revision
        and (stored_status == target or status_rank(stored_status) < status_rank(target)))
  if not accepted then
    return stored_status
  end
  if stored_status == target and stored_revision == revision then
    return 'ok'
  end
  redis.call('HSET', stats_key, 'status', target, 'update_time', now, 'revision', revision)
  if status_rank(target) == 3 and stored_status ~= target then
    untrack(track_key, job_id)
    redis.call('EXPIRE', stats_key, ttl)
  end
  if status_rank(target) >= 2 then
    emit_hook(stats_key, job_id, target, revision, redis.call('HGET', stats_key, 'check_in_at'), nil, now)
  end
  return 'ok'
end

-- The stop rule (contract 7): a job not final yet becomes Stopped at its stored revision; a final one is left as it
-- is. Returns 'ok', 'final' or 'missing'.
local function stop(stats_key, track_key, job_id, now, ttl)
  local current = redis.call('HMGET', stats_key, 'status', 'revision')
  if not current[1] then
    return 'missing'
  end
  if status_rank(current[1]) == 3 then
    return 'final'
  end
  local result = set_status(stats_key, track_key, job_id, 'Stopped', tonumber(current[2]) or 0, now, ttl)
  return result == 'ok' and 'ok' or 'final'
end

-- Starts a new run of a job (contract 3.3): a revision newer than the stored one (and not older than now, so it also
-- wins over writers whose clock is behind), without the ACK and check-in of the old run, kept with no TTL and
-- counted in progress again. The old run's late writes and ACKs are then outdated. Returns the new revision.
local function start_over(stats_key, track_key, job_id, status, stored_revision, now)
  local revision = math.max(tonumber(now), (tonumber(stored_revision) or 0) + 1)
  redis.call('HDEL', stats_key, 'ack', 'check_in', 'check_in_at')
  redis.call('HSET', stats_key, 'status', status, 'revision', revision, 'update_time', now)
  redis.call('PERSIST', stats_key)
  redis.call('HSET', track_key, job_id, 2)
  return revision
end

local KNOWN_STATUS = {Pending = true, Scheduled = true, Running = true, Stopped = true, Error = true, Success = true}

-- Whether a job's event is outdated by the stored ACK (contract 4.3): the ACK is of a newer revision, or of the same
-- revision and a higher rank, or of the same status and not older (a check-in is outdated only by a strictly later
-- one, so two check-ins within one second are both delivered). An ACK of an unknown status outdates nothing.
-- The one rule for both questions: is a pending event still sent (HookEvent.outdatedBy asks it in Java before a
-- delivery and is tested against this function), and does a delivered event's ACK replace the stored one.
local function outdated_by_ack(ack, status, revision, check_in_at, is_check_in)
  if not KNOWN_STATUS[ack['status']] then
    return false
  end
  local ack_revision = tonumber(ack['revision']) or 0
  if ack_revision ~= revision then
    return ack_revision > revision
  end
  if ack['status'] ~= status then
    return status_rank(ack['status']) > status_rank(status)
  end
  local ack_check_in_at = tonumber(ack['check_in_at']) or 0
  if is_check_in then
    return ack_check_in_at > check_in_at
  end
  return ack_check_in_at >= check_in_at
end

-- Stores the ACK of a delivered event (contract 3.4) unless the stored ACK outdates the event: without an ACK, when
-- the job's revision is not newer than the event's. Harbor also lets a check-in of the same revision replace an ACK
-- of a higher rank (a late Running check-in over Success), which made the reaper send the final hook again; here
-- the rule is the same as the one that drops outdated events, so an ACK never goes back. An ACKed final status
-- drops one reference from Harbor's in-progress counter.
local function store_ack(stats_key, track_key, job_id, status, revision, check_in_at, is_check_in, ack_json)
  local current = redis.call('HMGET', stats_key, 'revision', 'ack')
  if not current[1] then
    return 'none'
  end
  revision = tonumber(revision)
  local accept = true
  if not current[2] then
    accept = (tonumber(current[1]) or 0) <= revision
  else
    local ok, ack = pcall(cjson.decode, current[2])
    if ok and type(ack) == 'table' then
      accept = not outdated_by_ack(ack, status, revision, tonumber(check_in_at) or 0, is_check_in)
    end
  end
  if not accept then
    return 'none'
  end
  redis.call('HSET', stats_key, 'ack', ack_json)
  if status_rank(status) == 3 then
    untrack(track_key, job_id)
  end
  return 'ok'
end
