-- Stores the acknowledgement of a delivered hook (contract 3.4): the event's status, revision and check-in time,
-- when it is not older than what is stored; for a final status it also drops one reference from Harbor's
-- in-progress counter.
-- KEYS[1] job_stats:<id>, KEYS[2] job_track:inprogress
-- ARGV[1] job id, ARGV[2] status, ARGV[3] revision, ARGV[4] check_in_at, ARGV[5] the ACK JSON to store
-- Returns 'ok' when stored, 'none' when outdated or the stats are gone.
-- #include status
local current = redis.call('HMGET', KEYS[1], 'revision', 'ack')
if not current[1] then
  return 'none'
end
local revision = tonumber(ARGV[3])
local accept
if not current[2] then
  accept = (tonumber(current[1]) or 0) <= revision
else
  local ok, ack = pcall(cjson.decode, current[2])
  if not ok or type(ack) ~= 'table' then
    accept = true
  else
    local ack_revision = tonumber(ack['revision']) or 0
    accept = ack_revision < revision
      or (ack_revision == revision and status_rank(ack['status']) <= status_rank(ARGV[2]))
      or (ack_revision == revision and (tonumber(ARGV[4]) or 0) > 0)
  end
end
if not accept then
  return 'none'
end
redis.call('HSET', KEYS[1], 'ack', ARGV[5])
if status_rank(ARGV[2]) == 3 then
  untrack(KEYS[2], ARGV[1])
end
return 'ok'
