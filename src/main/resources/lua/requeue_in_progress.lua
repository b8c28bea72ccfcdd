-- Puts a pool's unfinished jobs of one type back at the dequeue end of their queue, oldest first in line, and gives back their concurrency
-- slots (contract 10.4 item 4), in one step so a crash cannot leave a job in neither list.
-- KEYS[1] jobs:<name>:<pool>:inprogress
-- KEYS[2] jobs:<name>
-- KEYS[3] jobs:<name>:lock
-- KEYS[4] jobs:<name>:lock_info
-- ARGV[1] pool id
-- Returns the number of jobs moved.
local moved = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') do
  moved = moved + 1
end
local held = tonumber(redis.call('HGET', KEYS[4], ARGV[1])) or 0
redis.call('HDEL', KEYS[4], ARGV[1])
if held > 0 then
  if redis.call('DECRBY', KEYS[3], held) < 0 then
    redis.call('SET', KEYS[3], 0)
  end
end
return moved
