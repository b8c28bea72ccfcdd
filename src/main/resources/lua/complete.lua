-- Ends one attempt of a job: takes it out of the pool's in-progress list, gives back its concurrency slot, clears
-- the worker observation and, when a status is given, writes it by compare-and-set (contract 3.2, 10.3).
-- KEYS[1] jobs:<name>:<pool>:inprogress
-- KEYS[2] jobs:<name>:lock
-- KEYS[3] jobs:<name>:lock_info
-- KEYS[4] job_stats:<id>
-- KEYS[5] job_track:inprogress
-- KEYS[6] worker:<workerID>
-- KEYS[7] the retry zset
-- ARGV[1] the job JSON exactly as fetched
-- ARGV[2] pool id
-- ARGV[3] final status to write, or '' to write none
-- ARGV[4] revision the writer believes in
-- ARGV[5] now, unix seconds
-- ARGV[6] TTL of the stats for that final status, seconds
-- ARGV[7] tracking id of the job
-- ARGV[8] retry time (unix seconds) or '' for no retry
-- ARGV[9] the job JSON to put in the retry zset
-- Returns the status write's result: 'ok', 'missing', the stored status when refused, or '' when none asked.
-- #include status
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then
  if redis.call('DECR', KEYS[2]) < 0 then
    redis.call('SET', KEYS[2], 0)
  end
  if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) <= 0 then
    redis.call('HDEL', KEYS[3], ARGV[2])
  end
end
redis.call('DEL', KEYS[6])
local result = ''
if ARGV[3] ~= '' then
  result = set_status(KEYS[4], KEYS[5], ARGV[7], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
end
if ARGV[8] ~= '' then
  redis.call('ZADD', KEYS[7], ARGV[8], ARGV[9])
end
return result
