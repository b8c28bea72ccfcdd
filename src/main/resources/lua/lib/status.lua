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

-- Compare-and-set of a status (contract 3.2): accepted when the writer's revision is newer, or equal with a
-- higher rank or the same status. A missing hash is left alone (Harbor would create a partial one; decisions D2).
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
  redis.call('HSET', stats_key, 'status', target, 'update_time', now, 'revision', revision)
  if status_rank(target) == 3 and stored_status ~= target then
    untrack(track_key, job_id)
    redis.call('EXPIRE', stats_key, ttl)
  end
  return 'ok'
end
