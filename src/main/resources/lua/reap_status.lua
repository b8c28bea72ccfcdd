-- Harbor's status reaper for one tracked job (contract 10.6, with decisions D2): compares the job's current
-- (revision, status rank, check_in_at) with its last ACK and
--  - stats gone: stops tracking it ('removed');
--  - ACK equal and final: stops tracking it ('removed');
--  - ACK equal, not final, no update for the hung-job limit and not a periodic job: marks it Error ('error');
--  - current ahead of the ACK (or no ACK): queues its hook event again ('resend');
--  - ACK ahead of current: takes the ACKed status ('synced').
-- KEYS[1] job_stats:<id>, KEYS[2] job_track:inprogress, KEYS[3] hooks:due
-- ARGV[1] job id, ARGV[2] now, ARGV[3] hung-job limit in seconds, ARGV[4..6] TTLs of Success, Stopped and
-- Error stats, ARGV[7] hooks:pending: (the key of the job's hook events without its id)
-- Returns one of 'removed', 'error', 'resend', 'synced', 'none'.
-- #include status
use_hook_keys(KEYS[3], ARGV[7])
local function ttl_of(status)
  if status == 'Success' then return ARGV[4] end
  if status == 'Stopped' then return ARGV[5] end
  return ARGV[6]
end
local s = redis.call('HMGET', KEYS[1], 'status', 'revision', 'check_in_at', 'ack', 'update_time', 'kind')
if not s[1] then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 'removed'
end
local current = {tonumber(s[2]) or 0, status_rank(s[1]), tonumber(s[3]) or 0}
local acked = nil
if s[4] then
  local ok, ack = pcall(cjson.decode, s[4])
  if ok and type(ack) == 'table' then
    acked = {tonumber(ack['revision']) or 0, status_rank(ack['status']), tonumber(ack['check_in_at']) or 0, ack['status']}
  end
end
local order = 1
if acked then
  order = 0
  for i = 1, 3 do
    if current[i] ~= acked[i] then
      order = current[i] > acked[i] and 1 or -1
      break
    end
  end
end
if order > 0 then
  -- unless events of the job still wait for delivery: they carry the current status already
  if redis.call('LLEN', hook_pending_key(ARGV[1])) == 0 then
    emit_hook(KEYS[1], ARGV[1], s[1], current[1], current[3], nil, ARGV[2])
  end
  return 'resend'
end
if order < 0 then
  if set_status(KEYS[1], KEYS[2], ARGV[1], acked[4], acked[1], ARGV[2], ttl_of(acked[4])) == 'ok' then
    return 'synced'
  end
  return 'none'
end
if current[2] == 3 then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 'removed'
end
if s[6] ~= 'Periodic' and (tonumber(s[5]) or 0) + tonumber(ARGV[3]) < tonumber(ARGV[2]) then
  set_status(KEYS[1], KEYS[2], ARGV[1], 'Error', current[1], ARGV[2], ttl_of('Error'))
  return 'error'
end
return 'none'
