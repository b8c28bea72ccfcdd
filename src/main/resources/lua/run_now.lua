-- An operator's "run now" for one entry of the scheduled, retry or dead zset (gocraft's workwebui "retry dead job"):
-- the entry moves to the dequeue end of its job's queue, so it is the next job of its type to run, in one step, so it
-- is never in both places or in neither.
-- A scheduled or retry entry moves as the requeuer moves it when due (requeue_due.lua): its stats stay as they are
-- and the fetch starts the run (a retry's Error becomes a new run with a newer revision there, cycle.lua).
-- A dead entry starts over as a job launched again: its stats go back to Pending at a newer revision (start_over),
-- without TTL and counted in progress, so they cannot expire while it waits and the old run's late writes and ACKs
-- are outdated; a periodic execution counts as unfinished again in executions:<policyID>.
-- KEYS[1] the zset, KEYS[2] jobs:<name>, KEYS[3] job_stats:<tracking id>, KEYS[4] job_track:inprogress,
-- KEYS[5] executions:<policyID> (a key of the same slot when the job is not a periodic execution)
-- ARGV[1] the entry exactly as stored, ARGV[2] the JSON to queue, ARGV[3] '1' to start the job over (a dead entry),
-- ARGV[4] now, ARGV[5] tracking id, ARGV[6] the execution's fire time, or '' when not a periodic execution
-- Returns 'ok', 'missing' (the entry is gone) or 'nostats' (nothing written: a worker drops a job without stats).
-- #include status
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 'missing'
end
local current = redis.call('HMGET', KEYS[3], 'status', 'revision')
if not current[1] then
  return 'nostats'
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[2])
if ARGV[3] == '1' then
  start_over(KEYS[3], KEYS[4], ARGV[5], 'Pending', current[2], ARGV[4])
  if ARGV[6] ~= '' then
    redis.call('ZADD', KEYS[5], 'XX', ARGV[6], ARGV[5])
  end
end
return 'ok'
