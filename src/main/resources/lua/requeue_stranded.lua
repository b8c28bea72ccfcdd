-- Puts back on their queues the in-progress entries of this pool that no worker of the pool holds: jobs whose fetch
-- ran in Redis but whose reply never reached the node (a dropped connection, a command time-out), so nothing runs
-- them. Each entry goes back to the dequeue end of its queue, as the dead-pool reaper does, and gives back its
-- concurrency slot; the worker observation the lost fetch wrote is cleared. The job's stats stay as the fetch left
-- them (Running): the next fetch starts a run with a newer revision, as for any run cut short (contract 3.3).
-- An entry no longer in the list (its reply did arrive and it ended meanwhile) is left alone, so a job is never
-- queued twice by this script.
-- KEYS[1..W]          worker:<workerID> observations of the pool's W workers
-- KEYS[W+1+4i..W+4+4i] for entry i: jobs:<name>:<pool>:inprogress, jobs:<name>, jobs:<name>:lock,
--                      jobs:<name>:lock_info
-- ARGV[1] pool id, ARGV[2] W
-- ARGV[3+2i] the entry's JSON exactly as in the list, ARGV[4+2i] its tracking id ('' when unknown)
-- Returns the number of entries moved.
local workers = tonumber(ARGV[2])
local moved = 0
for i = 0, (#KEYS - workers) / 4 - 1 do
  local k = workers + 1 + 4 * i
  local json, job_id = ARGV[3 + 2 * i], ARGV[4 + 2 * i]
  if redis.call('LREM', KEYS[k], 1, json) == 1 then
    redis.call('RPUSH', KEYS[k + 1], json)
    if redis.call('DECR', KEYS[k + 2]) < 0 then
      redis.call('SET', KEYS[k + 2], 0)
    end
    if redis.call('HINCRBY', KEYS[k + 3], ARGV[1], -1) <= 0 then
      redis.call('HDEL', KEYS[k + 3], ARGV[1])
    end
    if job_id ~= '' then
      for w = 1, workers do
        if redis.call('HGET', KEYS[w], 'job_id') == job_id then
          redis.call('DEL', KEYS[w])
        end
      end
    end
    moved = moved + 1
  end
end
return moved
