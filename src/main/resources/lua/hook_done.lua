-- Takes the event at the head of a job's pending hook list off it, after it was delivered (storing the ACK) or
-- found outdated; when events are left the job is due again at ARGV[9] (now, to hand it back to the sweeper, or
-- the end of a renewed claim while the same delivery goes on with the next event), else it is forgotten.
-- KEYS[1] hooks:pending:<id>, KEYS[2] hooks:due, KEYS[3] hooks:attempts, KEYS[4] job_stats:<id>,
-- KEYS[5] job_track:inprogress
-- ARGV[1] job id, ARGV[2] the event JSON expected at the head, ARGV[3] now in ms, ARGV[4] '1' to store the ACK,
-- ARGV[5] ACK status, ARGV[6] revision, ARGV[7] check_in_at, ARGV[8] ACK JSON, ARGV[9] when the job is due next
-- (ms) if events are left, ARGV[10] '1' when the caller goes on with the next event, ARGV[11] '1' when the
-- delivered event is a check-in
-- Returns {events left}, and with events left and ARGV[10] '1' also the next event and the job's stats as a flat
-- field/value list, so going on takes no read of its own.
-- #include status
if redis.call('LINDEX', KEYS[1], 0) == ARGV[2] then
  redis.call('LPOP', KEYS[1])
end
if ARGV[4] == '1' then
  store_ack(KEYS[4], KEYS[5], ARGV[1], ARGV[5], ARGV[6], ARGV[7], ARGV[11] == '1', ARGV[8])
  redis.call('HDEL', KEYS[3], ARGV[1])
end
local left = redis.call('LLEN', KEYS[1])
if left == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  return {0}
end
redis.call('ZADD', KEYS[2], ARGV[9], ARGV[1])
if ARGV[10] == '1' then
  return {left, redis.call('LINDEX', KEYS[1], 0), redis.call('HGETALL', KEYS[4])}
end
return {left}
