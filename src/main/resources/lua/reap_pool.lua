-- Gives back everything a worker pool holds: its in-progress jobs of every type go back to the dequeue end of their
-- queues, oldest first in line, its concurrency slots are returned (lock, lock_info), and its heartbeat is removed
-- (contract 10.4 item 4, 10.5). Used for a pool that stopped cleanly and for a dead one; in one step, so a crash
-- cannot leave a job in neither list, and two reapers cannot move a job twice.
-- A pool still in the pool set whose heartbeat is newer than ARGV[2] is alive and left alone: checked here, so a
-- pool that beats between a reaper's look and this script keeps its jobs.
-- KEYS[1] worker_pools, KEYS[2] worker_pools:<poolID>
-- KEYS[3+4i..6+4i] for job type i: jobs:<name>:<pool>:inprogress, jobs:<name>, jobs:<name>:lock,
--                  jobs:<name>:lock_info
-- ARGV[1] pool id, ARGV[2] heartbeats at or before this unix time are dead ('inf' to reap unconditionally)
-- Returns the number of jobs moved, or -1 when the pool is alive.
if ARGV[2] ~= 'inf' and redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  local beat = tonumber(redis.call('HGET', KEYS[2], 'heartbeat_at')) or 0
  if beat > tonumber(ARGV[2]) then
    return -1
  end
end
local moved = 0
for i = 3, #KEYS, 4 do
  while redis.call('LMOVE', KEYS[i], KEYS[i + 1], 'LEFT', 'RIGHT') do
    moved = moved + 1
  end
  local held = tonumber(redis.call('HGET', KEYS[i + 3], ARGV[1])) or 0
  redis.call('HDEL', KEYS[i + 3], ARGV[1])
  if held > 0 then
    if redis.call('DECRBY', KEYS[i + 2], held) < 0 then
      redis.call('SET', KEYS[i + 2], 0)
    end
  end
end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return moved
